import { lazy, Suspense, useEffect } from 'react';
import { Button, Card, Skeleton, Typography } from 'antd';
import { AimOutlined, CloudSyncOutlined, DisconnectOutlined, EnvironmentOutlined, PlusCircleOutlined, ProfileOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { AccountLink } from '../components/AccountLink.tsx';
import { navigate } from '../lib/router.ts';
import { outbox, useOnline, useOutbox } from '../lib/outbox/index.ts';
import { getCached } from '../lib/useCachedApi.ts';
import { useSession } from '../lib/session.tsx';
import { MyGrid } from './MyGrid.tsx';
import { MePage } from './MePage.tsx';
import { loadTasks } from '../cases/field/tasks.ts';
import { SyncList } from './SyncList.tsx';
import './field.css';
import { directivesIcon, NoticesField } from '../directives/entry.tsx';

// The first screen (我的网格) loads with the app; the other pages and their antd parts come on demand
// (and are precached by the service worker, so they open offline too).
const ReportPage = lazy(() => import('../cases/field/ReportPage.tsx'));
const TasksPage = lazy(() => import('../cases/field/TasksPage.tsx'));
const CaseDetail = lazy(() => import('../cases/field/CaseDetail.tsx'));
const TodayRoute = lazy(() => import('../patrols/field/TodayRoute.tsx'));

const TABS = [
  { key: 'grid', icon: <EnvironmentOutlined />, label: 'field.tabs.grid' },
  { key: 'patrol', icon: <AimOutlined />, label: 'patrols.field.title' },
  { key: 'notices', icon: directivesIcon, label: 'directives.tab' },
  { key: 'tasks', icon: <ProfileOutlined />, label: 'field.tabs.tasks' },
  { key: 'report', icon: <PlusCircleOutlined />, label: 'field.tabs.report' },
  { key: 'me', icon: <UserOutlined />, label: 'field.tabs.me' },
] as const;
type Tab = (typeof TABS)[number]['key'];


/**
 * Warm the service worker's read cache with what the worker needs offline: categories, my grid, the
 * task lists and each task's detail. Runs when the page is controlled by the worker (first load: after
 * it activates) and again whenever the connection returns.
 */
async function warmOfflineCache(gridCode: string | null): Promise<void> {
  if (!navigator.onLine) return;
  try {
    await getCached('/api/categories');
    if (gridCode) await getCached(`/api/territory/nodes/${encodeURIComponent(gridCode)}?geometry=1`);
    const tasks = await loadTasks();
    const ids = [...new Set([...tasks.cases, ...tasks.mine].map((c) => c.id))].slice(0, 50);
    for (const id of ids) await getCached(`/api/cases/${id}`);
  } catch {
    // best effort: offline views fall back to whatever was cached
  }
}

/** 同步状态 in the header: offline, or how many writes wait; a tap opens the outbox. */
function SyncChip() {
  const { t } = useTranslation();
  const online = useOnline();
  const commands = useOutbox();
  const waiting = commands.filter((c) => c.state === 'queued' || c.state === 'sending').length;
  const failed = commands.filter((c) => c.state === 'failed').length;
  const text = !online ? t('field.sync.offline') : failed > 0 ? t('field.sync.failedCount', { n: failed }) : waiting > 0 ? t('field.sync.waitingCount', { n: waiting }) : t('field.sync.allSynced');
  return (
    <Button size="small" className={`field-sync-chip${!online ? ' offline' : failed > 0 ? ' failed' : ''}`} icon={online ? <CloudSyncOutlined /> : <DisconnectOutlined />} onClick={() => navigate('/field/sync')} aria-label={t('field.sync.title')}>
      {text}
    </Button>
  );
}

function SyncPage() {
  const { t } = useTranslation();
  const commands = useOutbox();
  const online = useOnline();
  return (
    <Card size="small" title={t('field.sync.title')} extra={<Button size="small" disabled={!online} onClick={() => void outbox().flushNow()}>{t('field.sync.syncNow')}</Button>}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('field.sync.help')}
      </Typography.Paragraph>
      <SyncList commands={commands} />
    </Card>
  );
}

/** 网格通: phone-first shell with a bottom tab bar (我的网格 / 任务 / 上报 / 我的), offline-first. */
export default function FieldApp({ path }: { path: string }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const online = useOnline();
  const parts = path.split('/');
  const seg = parts[2];
  const caseId = seg === 'cases' ? parts[3] : undefined;
  const tab: Tab | 'sync' | 'case' = caseId ? 'case' : seg === 'sync' ? 'sync' : TABS.some((x) => x.key === seg) ? (seg as Tab) : 'grid';
  const activeTab = tab === 'case' ? 'tasks' : tab === 'sync' ? null : tab;
  const heading = tab === 'case' ? 'field.case.title' : tab === 'sync' ? 'field.sync.title' : TABS.find((x) => x.key === tab)!.label;
  const gridCode = me.roles.find((r) => r.scopeLevel === 'grid')?.scopeCode ?? me.roles[0]?.scopeCode ?? null;

  useEffect(() => {
    outbox(); // replay whatever is queued as soon as the app opens
    const sw = 'serviceWorker' in navigator ? navigator.serviceWorker : null;
    if (sw?.controller) void warmOfflineCache(gridCode);
    const onControl = () => void warmOfflineCache(gridCode);
    sw?.addEventListener('controllerchange', onControl);
    return () => sw?.removeEventListener('controllerchange', onControl);
  }, [gridCode]);
  useEffect(() => {
    if (online && navigator.serviceWorker?.controller) void warmOfflineCache(gridCode);
  }, [online, gridCode]);

  return (
    <div className="field">
      <header className="field-header">
        <img src="/icons/icon.svg" alt="" width={24} height={24} />
        <Typography.Title level={1} className="field-title">
          {t(heading)}
        </Typography.Title>
        <SyncChip />
        <AccountLink compact />
      </header>
      <main className="field-main">
        <Suspense fallback={<Skeleton active />}>
          {tab === 'grid' && <MyGrid />}
          {tab === 'tasks' && <TasksPage />}
          {tab === 'patrol' && <TodayRoute />}
          {tab === 'report' && <ReportPage />}
          {tab === 'me' && <MePage />}
          {tab === 'notices' && <NoticesField path={path} />}
          {tab === 'sync' && <SyncPage />}
          {tab === 'case' && caseId && <CaseDetail id={caseId} />}
        </Suspense>
      </main>
      <nav className="field-tabs" aria-label={t('common.menu')}>
        {TABS.map((x) => (
          <Button
            key={x.key}
            type="text"
            className={x.key === activeTab ? 'field-tab active' : 'field-tab'}
            aria-current={x.key === activeTab ? 'page' : undefined}
            onClick={() => navigate(`/field/${x.key}`)}
          >
            <span className="field-tab-icon" aria-hidden>
              {x.icon}
            </span>
            <span className="field-tab-label">{t(x.label)}</span>
          </Button>
        ))}
      </nav>
    </div>
  );
}
