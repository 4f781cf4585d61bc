import { lazy, Suspense, useState } from 'react';
import { Button, Drawer, Grid, Layout, Menu, Spin } from 'antd';
import { SafetyOutlined, ScheduleOutlined, AppstoreOutlined, BarChartOutlined, DashboardOutlined, DesktopOutlined, EnvironmentOutlined, MenuOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { navigate } from '../lib/router.ts';
import { primaryScope, useSession } from '../lib/session.tsx';
import { ConsoleHeader } from '../components/ConsoleHeader.tsx';
import { Overview } from './Overview.tsx';
import { LiveProvider } from './live.tsx';
import { NewCaseToasts } from './LiveFeed.tsx';
import type { CaseFilters } from '../cases/console/CasesPage.tsx';
import './console.css';
import { CampaignsConsole, campaignsIcon } from '../campaigns/entry.tsx';
import { DirectivesConsole, directivesIcon } from '../directives/entry.tsx';
import { SupervisionConsole, supervisionIcon } from '../supervision/entry.tsx';
import '../i18n/staffAreas.ts'; // this face's strings travel with it (i18n/index.ts)

// Pages load on first visit: the overview needs neither echarts nor the case tables.
const CasesPage = lazy(() => import('../cases/console/CasesPage.tsx').then((m) => ({ default: m.CasesPage })));
const GridMapPage = lazy(() => import('./GridMapPage.tsx').then((m) => ({ default: m.GridMapPage })));
const KpiPage = lazy(() => import('../analytics/console/KpiPage.tsx').then((m) => ({ default: m.KpiPage })));
const WallPage = lazy(() => import('./WallPage.tsx').then((m) => ({ default: m.WallPage })));
const HandlerApp = lazy(() => import('../handler/HandlerApp.tsx'));
const PatrolsConsole = lazy(() => import('../patrols/console/PatrolsConsole.tsx'));
const RostersConsole = lazy(() => import('../rosters/console/RostersConsole.tsx'));

const PAGES = ['overview', 'cases', 'map', 'kpi', 'wall', 'patrols', 'rosters', 'directives', 'campaigns', 'supervision'] as const;
type Page = (typeof PAGES)[number];

/** Filters given in the address (/console/cases?overdue=1&grid=…), e.g. from the overview's figures. */
function filtersFromSearch(search: string): CaseFilters {
  const q = new URLSearchParams(search);
  const f: CaseFilters = {};
  if (q.get('state')) f.state = q.get('state')!;
  if (q.get('category')) f.category = q.get('category')!;
  if (q.get('grid') && /^\d{15}$/.test(q.get('grid')!)) f.grid = q.get('grid')!;
  if (q.get('overdue') === '1') f.overdue = true;
  if (q.get('assignedToMe') === '1') f.assignedToMe = true;
  return f;
}

function PageLoading() {
  return <Spin size="large" style={{ display: 'block', margin: '80px auto' }} />;
}

/** 指挥中心 (or, for department handlers, their inbox): live stream for every page, then the shell. */
export default function ConsoleApp({ path }: { path: string }) {
  const { me } = useSession();
  if (me.face === 'handler') {
    return (
      <Suspense fallback={<PageLoading />}>
        <HandlerApp path={path} />
      </Suspense>
    );
  }
  const seg = path.split('/')[2];
  if (seg === 'wall') {
    return (
      <LiveProvider>
        <Suspense fallback={<PageLoading />}>
          <WallPage />
        </Suspense>
      </LiveProvider>
    );
  }
  return (
    <LiveProvider>
      <NewCaseToasts />
      <ConsoleShell path={path} />
    </LiveProvider>
  );
}

/** 指挥中心: header (unit, person, language, logout), left menu, pages. */
function ConsoleShell({ path }: { path: string }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const screens = Grid.useBreakpoint();
  const [drawer, setDrawer] = useState(false);
  const seg = path.split('/')[2] as Page | undefined;
  const page: Page = seg && PAGES.includes(seg) ? seg : 'overview';
  const scope = primaryScope(me);
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
        { key: 'wall', icon: <DesktopOutlined />, label: t('console.menu.wall') },
        { key: 'patrols', icon: <SafetyOutlined />, label: t('patrols.menu') },
        { key: 'rosters', icon: <ScheduleOutlined />, label: t('rosters.menu') },
        { key: 'directives', icon: directivesIcon, label: t('directives.menu') },
        { key: 'campaigns', icon: campaignsIcon, label: t('campaigns.menu') },
        { key: 'supervision', icon: supervisionIcon, label: t('supervision.menu') },
      ]}
    />
  );

  return (
    <Layout className="console" style={{ minHeight: '100vh' }}>
      <ConsoleHeader
        unitName={scope?.name}
        subtitle={t('console.title')}
        wide={wide}
        start={!wide && <Button type="text" icon={<MenuOutlined />} aria-label={t('common.menu')} onClick={() => setDrawer(true)} className="console-burger" />}
      />
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
          <Suspense fallback={<PageLoading />}>
            {page === 'overview' && <Overview />}
            {page === 'map' && <GridMapPage />}
            {page === 'cases' && <CasesPage caseId={path.split('/')[3] || null} initial={filtersFromSearch(window.location.search)} />}
            {page === 'kpi' && <KpiPage />}
            {page === 'patrols' && <PatrolsConsole />}
            {page === 'rosters' && <RostersConsole />}
            {page === 'directives' && <DirectivesConsole path={path} />}
            {page === 'campaigns' && <CampaignsConsole path={path} />}
            {page === 'supervision' && <SupervisionConsole path={path} />}
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
