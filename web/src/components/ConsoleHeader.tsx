import type { ReactNode } from 'react';
import { Button, Layout, Space, Tooltip, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../lib/session.tsx';
import { usePick } from '../i18n/usePick.ts';
import { LangSwitch } from './LangSwitch.tsx';
import { AccountLink } from './AccountLink.tsx';

/**
 * The header of the command console and of the handler's inbox: the unit (its name, else the app's) and
 * the face's title, then the person (with their first role when there is room), 中文/EN, 账号安全 and 退出登录.
 * `wide` is the face's own breakpoint; `start` goes before the unit (the console's menu button on phones).
 * The admin face and the 账号安全 page use it too (the latter without the link to itself).
 */
export function ConsoleHeader({ unitName, subtitle, wide, start, accountLink = true }: { unitName: string | null | undefined; subtitle: string; wide: boolean; start?: ReactNode; accountLink?: boolean }) {
  const { t } = useTranslation();
  const pick = usePick();
  const { me, logout } = useSession();
  const role = me.roles[0];
  return (
    <Layout.Header className="console-header">
      {start}
      <div className="console-unit">
        <img src="/icons/icon.svg" alt="" width={28} height={28} />
        <div className="console-unit-text">
          <span className="console-unit-name">{unitName ?? t('app.name')}</span>
          <span className="console-unit-sub">{subtitle}</span>
        </div>
      </div>
      <Space size={wide ? 'middle' : 'small'} className="console-user">
        <span className="console-person" title={me.username}>
          {me.displayName}
          {wide && role && <Typography.Text type="secondary"> · {pick(role.roleName)}</Typography.Text>}
        </span>
        <LangSwitch />
        {accountLink && <AccountLink compact={!wide} />}
        <Tooltip title={t('common.logout')}>
          <Button icon={<LogoutOutlined />} onClick={() => void logout()} aria-label={t('common.logout')}>
            {wide ? t('common.logout') : null}
          </Button>
        </Tooltip>
      </Space>
    </Layout.Header>
  );
}
