import { Button, Tooltip } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { navigate } from '../lib/router.ts';

/** 账号安全 in every face's header: password, two-step verification, API tokens (web/src/account). */
export function AccountLink({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('account.title')}>
      <Button icon={<SafetyCertificateOutlined />} onClick={() => navigate('/account')} aria-label={t('account.title')} data-testid="account-link">
        {compact ? null : t('account.title')}
      </Button>
    </Tooltip>
  );
}
