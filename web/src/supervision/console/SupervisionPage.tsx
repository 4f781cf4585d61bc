import { lazy, Suspense } from 'react';
import { Space, Spin, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../lib/router.ts';
import { useScopes } from '../../console/useScope.ts';
import { ScopePicker } from '../../console/ScopePicker.tsx';
import './supervision.css';

// Each tab loads on first visit: evaluation and bulletins pull in nothing the spot checks need.
const SpotChecksTab = lazy(() => import('./spotchecks/SpotChecksTab.tsx'));
const InspectionsTab = lazy(() => import('./inspections/InspectionsTab.tsx'));
const AccountabilityTab = lazy(() => import('./accountability/AccountabilityTab.tsx'));
const EvaluationTab = lazy(() => import('./evaluation/EvaluationTab.tsx'));
const BulletinsTab = lazy(() => import('./bulletins/BulletinsTab.tsx'));
const FollowupsTab = lazy(() => import('./followups/FollowupsTab.tsx'));

const TABS = ['spotchecks', 'inspections', 'accountability', 'evaluation', 'bulletins', 'followups'] as const;
type Tab = (typeof TABS)[number];

/** 督导: 随机抽查, 明察暗访, 责任追究, 综合评价, 简报 — one console page, a tab each (/console/supervision/<tab>). */
export default function SupervisionPage({ path }: { path: string }) {
  const { t } = useTranslation();
  const seg = path.split('/')[3] as Tab | undefined;
  const tab: Tab = seg && TABS.includes(seg) ? seg : 'spotchecks';
  const { scopes, code, setCode } = useScopes();
  const scope = code ?? scopes[0]?.code ?? '';

  return (
    <div className="supervision">
      <Space className="supervision-head" wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('supervision.title')}
        </Typography.Title>
        <ScopePicker label={t('supervision.scope')} scopes={scopes} value={scope} onChange={setCode} />
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(`/console/supervision/${k}`)}
        destroyOnHidden
        items={[
          { key: 'spotchecks', label: t('supervision.tab.spotchecks') },
          { key: 'inspections', label: t('supervision.tab.inspections') },
          { key: 'accountability', label: t('supervision.tab.accountability') },
          { key: 'evaluation', label: t('supervision.tab.evaluation') },
          { key: 'bulletins', label: t('supervision.tab.bulletins') },
          { key: 'followups', label: t('supervision.tab.followups') },
        ]}
      />
      <Suspense fallback={<Spin style={{ display: 'block', margin: '60px auto' }} />}>
        {tab === 'spotchecks' && <SpotChecksTab scope={scope} />}
        {tab === 'inspections' && <InspectionsTab scope={scope} />}
        {tab === 'accountability' && <AccountabilityTab scope={scope} />}
        {tab === 'evaluation' && <EvaluationTab scope={scope} />}
        {tab === 'bulletins' && <BulletinsTab scope={scope} />}
        {tab === 'followups' && <FollowupsTab scope={scope} />}
      </Suspense>
    </div>
  );
}
