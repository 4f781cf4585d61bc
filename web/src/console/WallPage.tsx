import { useEffect, useMemo, useState } from 'react';
import { Button } from 'antd';
import { CloseOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { GridMap } from '../components/GridMap.tsx';
import { useApi } from '../lib/useApi.ts';
import { navigate } from '../lib/router.ts';
import { useSession, primaryScope } from '../lib/session.tsx';
import { chinaDate, fmtRate } from '../lib/format.ts';
import { queryString } from '../lib/api.ts';
import type { KpiTable } from '../../../shared/analytics/wire.ts';
import type { GridCollection, NodeView } from '../../../shared/territory/wire.ts';
import { Chart } from './charts.tsx';
import { LiveFeed } from './LiveFeed.tsx';
import { useLive } from './live.tsx';
import { loadColor, useCaseLoad } from '../cases/console/useCaseLoad.ts';
import { markerColor } from './GridMapPage.tsx';

function Clock() {
  const [now, setNow] = useState(() => dayjs());
  useEffect(() => {
    const id = window.setInterval(() => setNow(dayjs()), 1000);
    return () => window.clearInterval(id);
  }, []);
  return <span className="wall-clock">{now.format('YYYY-MM-DD HH:mm:ss')}</span>;
}

/**
 * 大屏 — the wall display: dark, large type, sized in viewport units so one layout reads at 1920 and
 * 3840 px. Map of the grids coloured by load with live case markers, the live feed, and the month's key
 * figures (结案率, 按期结案率, 返工率, open and overdue cases) with a 30-day trend.
 */
export function WallPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const scope = primaryScope(me);
  const live = useLive();
  const load = useCaseLoad();
  const now = new Date();
  const month = `${chinaDate(now).slice(0, 7)}-01`;
  const grids = useApi<GridCollection>(scope ? `/api/territory/grids.geojson?within=${scope.code}` : null);
  const scopeNode = useApi<NodeView>(scope ? `/api/territory/nodes/${scope.code}?geometry=1` : null);
  const kpi = useApi<KpiTable>(`/api/kpis${queryString({ from: month, to: chinaDate(now, 1) })}&_=${live.tick}`);
  const trend = useApi<KpiTable>(`/api/kpis${queryString({ from: chinaDate(now, -29), to: chinaDate(now, 1), groupBy: 'day' })}&_=${live.tick}`);
  const outline = scopeNode.data?.geometry ? ({ type: 'Feature', properties: {}, geometry: scopeNode.data.geometry } as GeoJSON.Feature) : null;
  const total = kpi.data?.total;

  useEffect(() => {
    document.body.classList.add('wall-body');
    return () => document.body.classList.remove('wall-body');
  }, []);

  const gridFill = useMemo(() => {
    const f: Record<string, string> = {};
    for (const [g, l] of load.perGrid) {
      const c = loadColor(l);
      if (c) f[g] = c;
    }
    return f;
  }, [load.perGrid]);
  const recent = new Set(live.events.slice(0, 10).map((e) => e.caseId));
  const markers = load.open.map((c) => ({ id: c.id, lat: c.location.lat, lng: c.location.lng, color: markerColor(c), label: c.caseNo, pulse: recent.has(c.id) }));

  const trendOption = useMemo(() => {
    const rows = trend.data?.rows ?? [];
    return {
      backgroundColor: 'transparent',
      textStyle: { fontSize: 14 },
      tooltip: { trigger: 'axis' as const },
      legend: { top: 0, textStyle: { color: '#c9d7ea', fontSize: 14 } },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category' as const, data: rows.map((r) => r.key.slice(5)), axisLabel: { color: '#8fa6c4' } },
      yAxis: { type: 'value' as const, minInterval: 1, axisLabel: { color: '#8fa6c4' }, splitLine: { lineStyle: { color: '#1e3556' } } },
      series: [
        { name: t('console.kpi.metric.closed'), type: 'line' as const, smooth: true, areaStyle: { opacity: 0.15 }, data: rows.map((r) => r.counts.closed), itemStyle: { color: '#36cfc9' } },
        { name: t('console.kpi.metric.overdue_unclosed'), type: 'line' as const, smooth: true, data: rows.map((r) => r.counts.overdue_unclosed), itemStyle: { color: '#ff4d4f' } },
      ],
    };
  }, [trend.data, t]);

  const figures: { key: string; value: string; tone?: string }[] = [
    { key: 'open', value: String(load.open.length) },
    { key: 'overdue', value: String(load.overdue), tone: load.overdue > 0 ? 'bad' : undefined },
    { key: 'closure', value: fmtRate(total?.rates.closure) },
    { key: 'onTime', value: fmtRate(total?.rates.onTime), tone: 'good' },
    { key: 'rework', value: fmtRate(total?.rates.rework) },
    { key: 'closed', value: String(total?.counts.closed ?? '—') },
  ];

  return (
    <div className="wall">
      <header className="wall-header">
        <h1>
          {scope?.name ?? t('app.name')} · {t('console.wall.title')}
        </h1>
        <div className="wall-header-right">
          <span className={`wall-live wall-live-${live.status}`}>● {t(`console.live.${live.status}`)}</span>
          <Clock />
          <Button ghost size="small" icon={<CloseOutlined />} onClick={() => navigate('/console/overview')} aria-label={t('console.wall.exit')}>
            {t('console.wall.exit')}
          </Button>
        </div>
      </header>
      <main className="wall-main">
        <section className="wall-figures" aria-label={t('console.wall.figures')}>
          {figures.map((f) => (
            <div key={f.key} className={`wall-figure ${f.tone ? `wall-${f.tone}` : ''}`}>
              <div className="wall-figure-label">{t(`console.wall.fig.${f.key}`)}</div>
              <div className="wall-figure-value">{f.value}</div>
            </div>
          ))}
          <div className="wall-trend">
            <div className="wall-panel-title">{t('console.wall.trend')}</div>
            <Chart label={t('console.wall.trend')} option={trendOption} height="100%" dark />
          </div>
        </section>
        <section className="wall-map" data-grids={grids.data?.features.length ?? 0}>
          <GridMap label={t('console.menu.map')} grids={grids.data} outlines={outline} gridFill={gridFill} markers={markers} height="100%" dark />
        </section>
        <section className="wall-feed">
          <div className="wall-panel-title">{t('console.live.title')}</div>
          <LiveFeed max={14} dark />
        </section>
      </main>
    </div>
  );
}
