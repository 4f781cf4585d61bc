import { Card, Col, List, Row, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../lib/session.tsx';
import { useApi } from '../lib/useApi.ts';
import type { GridCollection } from '../../../shared/territory/wire.ts';
import { chinaDate, fmtRate } from '../lib/format.ts';
import { queryString } from '../lib/api.ts';
import type { KpiTable } from '../../../shared/analytics/wire.ts';
import { usePick } from '../i18n/usePick.ts';
import { navigate } from '../lib/router.ts';
import { useScopes } from './useScope.ts';
import { useCaseLoad } from '../cases/console/useCaseLoad.ts';
import { LiveFeed } from './LiveFeed.tsx';
import { useLive } from './live.tsx';

/** 态势总览: open and overdue cases in my scope, today's closures, the live feed, my roles. */
export function Overview() {
  const { t } = useTranslation();
  const pick = usePick();
  const { me } = useSession();
  const { code } = useScopes();
  const live = useLive();
  const load = useCaseLoad();
  const canKpi = me.actions.includes('kpi.read');
  const grids = useApi<GridCollection>(code ? `/api/territory/grids.geojson?within=${encodeURIComponent(code)}` : null);
  const now = new Date();
  const today = useApi<KpiTable>(canKpi ? `/api/kpis${queryString({ from: chinaDate(now), to: chinaDate(now, 1), scope: code ?? undefined })}&_=${live.tick}` : null);
  const busiest = [...load.perGrid.entries()].sort((a, b) => b[1].overdue - a[1].overdue || b[1].open - a[1].open).slice(0, 6);
  const plus = load.capped ? '+' : '';
  const gridName = new Map((grids.data?.features ?? []).map((f) => [f.properties.code, f.properties.name]));
  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
        {t('console.menu.overview')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={12} xl={6}>
          <Card>
            <Statistic title={t('console.stats.grids')} value={grids.data?.features.length ?? '—'} loading={grids.loading} />
          </Card>
        </Col>
        <Col xs={12} xl={6}>
          <Card hoverable onClick={() => navigate('/console/cases')} className="stat-open">
            <Statistic title={t('console.stats.openCases')} value={`${load.open.length}${plus}`} loading={load.loading} />
          </Card>
        </Col>
        <Col xs={12} xl={6}>
          <Card hoverable onClick={() => navigate('/console/cases?overdue=1')}>
            <Statistic title={t('console.stats.overdue')} value={`${load.overdue}${plus}`} loading={load.loading} styles={{ content: { color: load.overdue > 0 ? '#cf1322' : undefined } }} />
          </Card>
        </Col>
        <Col xs={12} xl={6}>
          <Card>
            <Statistic
              title={t('console.stats.closedToday')}
              value={today.data ? today.data.total.counts.closed : '—'}
              loading={canKpi && !today.data && !today.error}
              suffix={today.data && today.data.total.counts.due > 0 ? <span className="stat-suffix">{t('console.overview.onTime', { rate: fmtRate(today.data.total.rates.onTime) })}</span> : undefined}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('console.live.title')} extra={<Typography.Link onClick={() => navigate('/console/cases')}>{t('console.overview.allCases')}</Typography.Link>}>
            <LiveFeed />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('console.overview.busiest')} extra={<Typography.Link onClick={() => navigate('/console/map')}>{t('console.openMap')}</Typography.Link>} style={{ marginBottom: 16 }}>
            <List
              size="small"
              dataSource={busiest}
              locale={{ emptyText: t('console.overview.noLoad') }}
              renderItem={([grid, l]) => (
                <List.Item onClick={() => navigate(`/console/cases?grid=${grid}`)} style={{ cursor: 'pointer' }}>
                  <span>
                    {gridName.get(grid) ?? grid} <Typography.Text type="secondary" className="grid-code">{grid}</Typography.Text>
                  </span>
                  <span>
                    <Tag>{t('console.overview.openN', { n: l.open })}</Tag>
                    {l.overdue > 0 && <Tag color="red">{t('console.overview.overdueN', { n: l.overdue })}</Tag>}
                  </span>
                </List.Item>
              )}
            />
          </Card>
          <Card title={t('console.myRoles')}>
            <List
              dataSource={me.roles}
              locale={{ emptyText: t('common.none') }}
              renderItem={(r) => (
                <List.Item>
                  <span>
                    <Tag color="blue">{pick(r.roleName)}</Tag>
                    {r.scopeName ?? r.scopeCode}
                    {r.scopeLevel && <Typography.Text type="secondary"> · {t(`levels.${r.scopeLevel}`)}</Typography.Text>}
                  </span>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
