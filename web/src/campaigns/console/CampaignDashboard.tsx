import { useEffect, useState } from 'react';
import { Button, Card, Col, Row, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../lib/router.ts';
import { useSession } from '../../lib/session.tsx';
import { useApi } from '../../lib/useApi.ts';
import type { NodeView } from '../../../../shared/territory/wire.ts';
import { usePick } from '../../i18n/usePick.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import type { Campaign, Dashboard } from '../../../../shared/campaigns/wire.ts';
import { CampaignHead } from './CampaignHead.tsx';
import { CaseKpiCard } from './CaseKpiCard.tsx';
import { CloneModal } from './CloneModal.tsx';
import { DailyStatusCard } from './DailyStatusCard.tsx';
import { LinkedDirectivesCard } from './LinkedDirectivesCard.tsx';
import { PhaseTable } from './PhaseTable.tsx';
import { ScopeBar, type TrailUnit } from './ScopeBar.tsx';
import { useCategoryNames } from './useCategoryNames.ts';

/** 指挥看板: countdown, phases, today's daily reports (missing grids, escalation), directives, case KPIs, top overdue. */
export function CampaignDashboard({ id }: { id: string }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [tick, setTick] = useState(0);
  const [cloning, setCloning] = useState<Campaign | null>(null);
  // Drill-down below the campaign territory: the whole dashboard reads at the last unit of the trail.
  const [trail, setTrail] = useState<TrailUnit[]>([]);
  const unit = trail[trail.length - 1]?.code;
  const dash = useApi<Dashboard>(`/api/campaigns/${id}/dashboard?${unit ? `unit=${unit}&` : ''}_=${tick}`);
  const categories = useCategoryNames(true);
  useEffect(() => {
    const timer = setInterval(() => setTick((x) => x + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  const d = dash.data;
  const c = d?.campaign;
  const daily = d?.dailyReports;
  const here = useApi<NodeView>(d ? `/api/territory/nodes/${d.unitCode}` : null);
  const [topName, setTopName] = useState<string | null>(null);
  const pick = usePick();
  useEffect(() => {
    if (c && here.data && here.data.code === c.territoryCode) setTopName(pick({ zh: here.data.name, en: here.data.nameEn }));
  }, [c, here.data, pick]);
  const children = here.data && here.data.code === d?.unitCode ? here.data.children : [];
  return (
    <div className="campaign-dashboard">
      <Button type="link" style={{ padding: 0, marginBottom: 8 }} onClick={() => navigate('/console/campaigns')}>
        {t('campaigns.backToList')}
      </Button>
      <ErrorNote error={dash.error} />
      {c && d && daily && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <CampaignHead campaign={c} territoryName={topName} onRefresh={() => setTick((x) => x + 1)} onClone={me.actions.includes('campaign.manage') ? setCloning : null} />
          <Card size="small" title={t('campaigns.phasesTitle')}>
            <PhaseTable campaign={c} categoryName={categories.name} />
          </Card>
          <ScopeBar territoryCode={c.territoryCode} territoryName={topName} trail={trail} childUnits={children} onTrail={setTrail} />
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <DailyStatusCard daily={daily} />
            </Col>
            <Col xs={24} lg={12}>
              <CaseKpiCard cases={d.cases} topOverdue={d.topOverdue} categoryName={categories.name} />
            </Col>
          </Row>
          <LinkedDirectivesCard campaignId={c.id} directives={d.directives} canIssue={me.actions.includes('directive.issue')} />
        </Space>
      )}
      <CloneModal campaign={cloning} onClose={() => setCloning(null)} />
    </div>
  );
}
