import { useMemo } from 'react';
import { Alert, Button, Card, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { GridMap } from '../../components/GridMap.tsx';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useApi } from '../../lib/useApi.ts';
import type { GridCollection } from '../../../../shared/territory/wire.ts';
import { GapAlerts } from './GapAlerts.tsx';
import type { SiteList, Uncovered } from '../../../../shared/patrols/wire.ts';

function ago(t: (k: string, o?: Record<string, unknown>) => string, minutes: number | null): string {
  if (minutes === null) return t('patrols.console.neverVisited');
  if (minutes < 60) return t('patrols.console.minutesAgo', { n: minutes });
  return t('patrols.console.hoursAgo', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/** Key sites on the grid map: green covered, orange due now, red missed last window; the list of uncovered ones with time since the last visit. */
export function SitesMap({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const grids = useApi<GridCollection>(`/api/territory/grids.geojson?within=${encodeURIComponent(scope)}`);
  const sites = useApi<SiteList>(`/api/patrols/sites?scope=${encodeURIComponent(scope)}`);
  const uncovered = useApi<Uncovered>(`/api/patrols/uncovered?scope=${encodeURIComponent(scope)}`);
  const byId = useMemo(() => new Map((uncovered.data?.sites ?? []).map((s) => [s.siteId, s])), [uncovered.data]);
  // Memoised: the map re-fits to the markers whenever this array changes.
  const markers = useMemo(() => (sites.data?.sites ?? []).map((s) => {
    const u = byId.get(s.id);
    const color = !u ? '#52c41a' : u.state === 'missed' ? '#f5222d' : '#fa8c16';
    const label = u ? `${s.name} · ${t(`patrols.console.state.${u.state}`)} · ${ago(t, u.minutesSinceLastVisit)}` : `${s.name} · ${t('patrols.console.covered')}`;
    return { id: s.id, lat: s.lat, lng: s.lng, color, label, pulse: u?.state === 'missed' };
  }), [sites.data, byId, t]);
  return (
    <div className="patrol-map-layout">
      <div>
        <ErrorNote error={grids.error ?? sites.error ?? uncovered.error} style={{ marginBottom: 12 }} />
        <Spin spinning={grids.loading || sites.loading}>
          <GridMap label={t('patrols.console.mapLabel')} grids={grids.data} markers={markers} fitMarkers height="calc(100vh - 280px)" />
        </Spin>
        <div className="patrol-legend">
          <span><i style={{ background: '#52c41a' }} />{t('patrols.console.covered')}</span>
          <span><i style={{ background: '#fa8c16' }} />{t('patrols.console.state.due')}</span>
          <span><i style={{ background: '#f5222d' }} />{t('patrols.console.state.missed')}</span>
        </div>
      </div>
      <div>
        <Card size="small" title={t('patrols.console.uncoveredTitle', { n: uncovered.data?.sites.length ?? 0 })} extra={<Button size="small" onClick={uncovered.reload}>{t('patrols.console.refresh')}</Button>}>
          {uncovered.data && uncovered.data.sites.length === 0 && <Alert type="success" showIcon title={t('patrols.console.allCovered')} />}
          <ul className="patrol-uncovered" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {uncovered.data?.sites.map((s) => (
              <li key={s.siteId} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }} data-site={s.siteId}>
                <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                  <Typography.Text strong>{s.name}</Typography.Text>
                  <Tag color={s.state === 'missed' ? 'error' : 'warning'}>{t(`patrols.console.state.${s.state}`)}</Tag>
                </Space>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('patrols.console.lastVisit')}: {ago(t, s.minutesSinceLastVisit)}
                  </Typography.Text>
                </div>
              </li>
            ))}
          </ul>
        </Card>
        <GapAlerts />
      </div>
    </div>
  );
}
