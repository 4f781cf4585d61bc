import { useMemo, useState } from 'react';
import { Alert, Button, Card, Space, Spin, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { GridMap } from '../components/GridMap.tsx';
import { NodeDetails } from '../components/NodeDetails.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { useApi } from '../lib/useApi.ts';
import { navigate } from '../lib/router.ts';
import { isOverdue } from '../cases/shared/cases.ts';
import type { GridCollection, NodeView } from '../../../shared/territory/wire.ts';
import { useScopes } from './useScope.ts';
import { ScopePicker } from './ScopePicker.tsx';
import { loadColor, useCaseLoad } from '../cases/console/useCaseLoad.ts';
import { useLive } from './live.tsx';

/** Marker colour of a case: overdue red, waiting blue, being handled purple. */
export function markerColor(c: { state: string; stageDueAt: string | null }): string {
  if (isOverdue({ state: c.state as never, stageDueAt: c.stageDueAt })) return '#f5222d';
  if (c.state === 'reported' || c.state === 'filed') return '#1677ff';
  if (c.state === 'dispatched' || c.state === 'in_handling') return '#722ed1';
  return '#13c2c2';
}

/** 网格地图: the grids in my scope (no internet tiles) coloured by open/overdue load, live case markers; click a grid for its profile, a marker for the case. */
export function GridMapPage() {
  const { t } = useTranslation();
  const { scopes, code, setCode } = useScopes();
  const [selected, setSelected] = useState<string | null>(null);
  const [showCases, setShowCases] = useState(true);
  const live = useLive();
  const load = useCaseLoad();
  const grids = useApi<GridCollection>(code ? `/api/territory/grids.geojson?within=${encodeURIComponent(code)}` : null);
  const scopeNode = useApi<NodeView>(code ? `/api/territory/nodes/${encodeURIComponent(code)}?geometry=1` : null);
  const detail = useApi<NodeView>(selected ? `/api/territory/nodes/${encodeURIComponent(selected)}` : null);
  const outline = scopeNode.data?.geometry ? ({ type: 'Feature', properties: {}, geometry: scopeNode.data.geometry } as GeoJSON.Feature) : null;
  const recent = useMemo(() => new Set(live.events.slice(0, 10).map((e) => e.caseId)), [live.events]);

  const { gridFill, gridNote } = useMemo(() => {
    const fill: Record<string, string> = {};
    const note: Record<string, string> = {};
    for (const [g, l] of load.perGrid) {
      const c = loadColor(l);
      if (c) fill[g] = c;
      note[g] = t('console.map.load', { open: l.open, overdue: l.overdue });
    }
    return { gridFill: fill, gridNote: note };
  }, [load.perGrid, t]);

  const markers = showCases
    ? load.open.map((c) => ({ id: c.id, lat: c.location.lat, lng: c.location.lng, color: markerColor(c), label: `${c.caseNo} · ${t(`console.state.${c.state}`)}`, pulse: recent.has(c.id) }))
    : [];

  return (
    <div>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('console.menu.map')}
        </Typography.Title>
        <Space wrap>
          <ScopePicker
            label={t('console.scope')}
            scopes={scopes}
            value={code}
            onChange={(v) => {
              setCode(v);
              setSelected(null);
            }}
          />
          <label className="switch-label">
            <Switch size="small" checked={showCases} onChange={setShowCases} /> {t('console.map.showCases', { n: load.open.length })}
          </label>
          {grids.data && <Typography.Text type="secondary">{t('console.gridCount', { n: grids.data.features.length })}</Typography.Text>}
        </Space>
      </Space>
      <ErrorNote error={grids.error} style={{ marginBottom: 12 }} />
      <div className="map-page">
        <div>
          <Spin spinning={grids.loading}>
            <GridMap
              label={t('console.menu.map')}
              grids={grids.data}
              outlines={outline}
              selected={selected}
              onSelect={setSelected}
              gridFill={gridFill}
              gridNote={gridNote}
              markers={markers}
              onMarkerClick={(id) => navigate(`/console/cases/${id}`)}
              height="calc(100vh - 200px)"
            />
          </Spin>
          <div className="map-legend" aria-label={t('console.map.legend')}>
            <span><i style={{ background: '#fadb14' }} />{t('console.map.legendSome')}</span>
            <span><i style={{ background: '#fa8c16' }} />{t('console.map.legendBusy')}</span>
            <span><i style={{ background: '#ff4d4f' }} />{t('console.map.legendOverdue')}</span>
            <span><b style={{ background: '#1677ff' }} />{t('console.map.legendWaiting')}</span>
            <span><b style={{ background: '#722ed1' }} />{t('console.map.legendHandling')}</span>
            <span><b style={{ background: '#f5222d' }} />{t('console.map.legendLate')}</span>
          </div>
        </div>
        <Card title={t('console.gridPanel')} size="small" extra={selected && <Button size="small" onClick={() => setSelected(null)}>{t('common.close')}</Button>}>
          {!selected && <Alert type="info" title={t('console.clickGrid')} showIcon />}
          {selected && detail.loading && <Spin />}
          <ErrorNote error={detail.error} />
          {selected && detail.data && (
            <>
              <NodeDetails node={detail.data} />
              {load.perGrid.get(selected) && (
                <Button block style={{ marginTop: 12 }} onClick={() => navigate(`/console/cases?grid=${selected}`)}>
                  {t('console.map.gridCases', { n: load.perGrid.get(selected)!.open })}
                </Button>
              )}
            </>
          )}
        </Card>
      </div>
    </div>
  );
}
