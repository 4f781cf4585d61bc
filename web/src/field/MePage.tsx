import { Button, Card, Descriptions, Space, Tag } from 'antd';
import { LogoutOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { navigate } from '../lib/router.ts';
import { useTranslation } from 'react-i18next';
import { useSession } from '../lib/session.tsx';
import { LangSwitch } from '../components/LangSwitch.tsx';
import { usePick } from '../i18n/usePick.ts';

/** 我的: who I am, my roles, language, logout. */
export function MePage() {
  const { t } = useTranslation();
  const pick = usePick();
  const { me, logout } = useSession();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'name', label: t('me.displayName'), children: me.displayName },
            { key: 'username', label: t('login.username'), children: me.username },
            {
              key: 'roles',
              label: t('me.roles'),
              children: (
                <Space wrap>
                  {me.roles.map((r) => (
                    <Tag key={`${r.role}-${r.scopeCode}`} color="blue">
                      {pick(r.roleName)} · {r.scopeName ?? r.scopeCode}
                    </Tag>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small">
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <span>{t('common.language')}</span>
          <LangSwitch size="middle" />
        </Space>
      </Card>
      <Button block size="large" icon={<SafetyCertificateOutlined />} onClick={() => navigate('/account')}>
        {t('account.title')}
      </Button>
      <Button block size="large" danger icon={<LogoutOutlined />} onClick={() => void logout()}>
        {t('common.logout')}
      </Button>
    </Space>
  );
}
