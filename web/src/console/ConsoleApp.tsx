import { useState } from 'react';
import { Button, Drawer, Grid, Layout, Menu, Space, Tooltip, Typography } from 'antd';
import { AppstoreOutlined, BarChartOutlined, DashboardOutlined, EnvironmentOutlined, LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { navigate } from '../lib/router.ts';
import { primaryScope, useSession } from '../lib/session.tsx';
import { LangSwitch } from '../components/LangSwitch.tsx';
import { usePick } from '../i18n/usePick.ts';
import { Overview } from './Overview.tsx';
import { GridMapPage } from './GridMapPage.tsx';
import { Placeholder } from '../components/Placeholder.tsx';
import './console.css';

const PAGES = ['overview', 'cases', 'map', 'kpi'] as const;
type Page = (typeof PAGES)[number];

/** 指挥中心: header (unit, person, language, logout), left menu, pages. */
export default function ConsoleApp({ path }: { path: string }) {
  const { t } = useTranslation();
  const pick = usePick();
  const { me, logout } = useSession();
  const screens = Grid.useBreakpoint();
  const [drawer, setDrawer] = useState(false);
  const seg = path.split('/')[2] as Page | undefined;
  const page: Page = seg && PAGES.includes(seg) ? seg : 'overview';
  const scope = primaryScope(me);
  const role = me.roles[0];
  const wide = screens.lg ?? false;

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[page]}
      onClick={(e) => {
        navigate(`/console/${e.key}`);
        setDrawer(false);
      }}
      items={[
        { key: 'overview', icon: <DashboardOutlined />, label: t('console.menu.overview') },
        { key: 'cases', icon: <AppstoreOutlined />, label: t('console.menu.cases') },
        { key: 'map', icon: <EnvironmentOutlined />, label: t('console.menu.map') },
        { key: 'kpi', icon: <BarChartOutlined />, label: t('console.menu.kpi') },
      ]}
    />
  );

  return (
    <Layout className="console" style={{ minHeight: '100vh' }}>
      <Layout.Header className="console-header">
        {!wide && <Button type="text" icon={<MenuOutlined />} aria-label={t('common.menu')} onClick={() => setDrawer(true)} className="console-burger" />}
        <div className="console-unit">
          <img src="/icons/icon.svg" alt="" width={28} height={28} />
          <div className="console-unit-text">
            <span className="console-unit-name">{scope?.name ?? t('app.name')}</span>
            <span className="console-unit-sub">{t('console.title')}</span>
          </div>
        </div>
        <Space size={wide ? 'middle' : 'small'} className="console-user">
          <span className="console-person" title={me.username}>
            {me.displayName}
            {wide && role && <Typography.Text type="secondary"> · {pick(role.roleName)}</Typography.Text>}
          </span>
          <LangSwitch />
          <Tooltip title={t('common.logout')}>
            <Button icon={<LogoutOutlined />} onClick={() => void logout()} aria-label={t('common.logout')}>
              {wide ? t('common.logout') : null}
            </Button>
          </Tooltip>
        </Space>
      </Layout.Header>
      <Layout>
        {wide ? (
          <Layout.Sider width={200} theme="light" className="console-sider">
            <nav aria-label={t('common.menu')}>{menu}</nav>
          </Layout.Sider>
        ) : (
          <Drawer placement="left" open={drawer} onClose={() => setDrawer(false)} size={240} title={t('console.title')} styles={{ body: { padding: 0 } }}>
            <nav aria-label={t('common.menu')}>{menu}</nav>
          </Drawer>
        )}
        <Layout.Content className="console-content">
          {page === 'overview' && <Overview />}
          {page === 'map' && <GridMapPage />}
          {page === 'cases' && <Placeholder title={t('console.menu.cases')} text={t('console.casesComing')} />}
          {page === 'kpi' && <Placeholder title={t('console.menu.kpi')} text={t('console.kpiComing')} />}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
