import { Button, Typography } from 'antd';
import { EnvironmentOutlined, PlusCircleOutlined, ProfileOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { navigate } from '../lib/router.ts';
import { Placeholder } from '../components/Placeholder.tsx';
import { MyGrid } from './MyGrid.tsx';
import { MePage } from './MePage.tsx';
import './field.css';

const TABS = [
  { key: 'grid', icon: <EnvironmentOutlined />, label: 'field.tabs.grid' },
  { key: 'tasks', icon: <ProfileOutlined />, label: 'field.tabs.tasks' },
  { key: 'report', icon: <PlusCircleOutlined />, label: 'field.tabs.report' },
  { key: 'me', icon: <UserOutlined />, label: 'field.tabs.me' },
] as const;
type Tab = (typeof TABS)[number]['key'];

/** 网格通: phone-first shell with a bottom tab bar (我的网格 / 任务 / 上报 / 我的). */
export default function FieldApp({ path }: { path: string }) {
  const { t } = useTranslation();
  const seg = path.split('/')[2];
  const tab: Tab = TABS.some((x) => x.key === seg) ? (seg as Tab) : 'grid';
  const current = TABS.find((x) => x.key === tab)!;
  return (
    <div className="field">
      <header className="field-header">
        <img src="/icons/icon.svg" alt="" width={24} height={24} />
        <Typography.Title level={1} className="field-title">
          {t(current.label)}
        </Typography.Title>
        <span className="field-brand">{t('field.appName')}</span>
      </header>
      <main className="field-main">
        {tab === 'grid' && <MyGrid />}
        {tab === 'tasks' && <Placeholder title={t('field.tabs.tasks')} text={t('field.tasksComing')} />}
        {tab === 'report' && <Placeholder title={t('field.tabs.report')} text={t('field.reportComing')} />}
        {tab === 'me' && <MePage />}
      </main>
      <nav className="field-tabs" aria-label={t('common.menu')}>
        {TABS.map((x) => (
          <Button
            key={x.key}
            type="text"
            className={x.key === tab ? 'field-tab active' : 'field-tab'}
            aria-current={x.key === tab ? 'page' : undefined}
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
