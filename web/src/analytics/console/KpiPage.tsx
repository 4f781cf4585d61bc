import { useMemo, useState } from 'react';
import { Button, Card, Col, DatePicker, Drawer, Row, Segmented, Select, Space, Statistic, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../lib/useApi.ts';
import { navigate } from '../../lib/router.ts';
import { fmtRate, presetRange, type PeriodPreset } from '../../lib/format.ts';
import { queryString } from '../../lib/api.ts';
import type { KpiCaseList, KpiGroupBy, KpiMetric, KpiRow, KpiTable } from '../../../../shared/analytics/wire.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { Chart } from '../../console/charts.tsx';
import { fmtTime, StateTag, useCategories } from '../../cases/console/caseUi.tsx';
import { useScopes } from '../../console/useScope.ts';
import { ScopePicker } from '../../console/ScopePicker.tsx';
import { useLive } from '../../console/live.tsx';

/** The groupings the per-unit table offers (a subset of the wire's KpiGroupBy). */
type UnitLevel = Extract<KpiGroupBy, 'county' | 'street' | 'community' | 'grid' | 'department'>;

/** [from, to) of a preset as the date pickers' pair. */
function presetPair(p: PeriodPreset): [string, string] {
  const { from, to } = presetRange(p);
  return [from, to];
}

/** What a drill-down shows: the cases behind one figure. */
interface Drill {
  metric: KpiMetric;
  group: string;
  groupBy: string;
  title: string;
}

/** The headline figures: a rate with the count behind it (the count drills down). */
const HEADLINES: { rate: keyof KpiRow['rates'] | null; metric: KpiMetric; key: string }[] = [
  { rate: 'closure', metric: 'closed', key: 'closure' },
  { rate: 'onTime', metric: 'closed_on_time', key: 'onTime' },
  { rate: 'rework', metric: 'reworked', key: 'rework' },
  { rate: 'extension', metric: 'extended', key: 'extension' },
  { rate: null, metric: 'overdue_unclosed', key: 'overdueUnclosed' },
  { rate: null, metric: 'due', key: 'due' },
];

/**
 * 统计 — KPI dashboard: 结案率, 按期结案率, 返工率, 延期率 for the period, by unit (bars) and by day (lines),
 * a table whose every count opens the cases behind it (GET /api/kpis/cases), and XLSX exports.
 * Formulas: docs/kpis.md.
 */
export function KpiPage() {
  const { t } = useTranslation();
  const { scopes, code, setCode } = useScopes();
  const live = useLive();
  const [preset, setPreset] = useState<PeriodPreset | null>('30');
  const [range, setRange] = useState<[string, string]>(() => presetPair('30'));
  const [unit, setUnit] = useState<UnitLevel>('street');
  const [drill, setDrill] = useState<Drill | null>(null);
  const [from, to] = range;
  // Live: figures re-read when a case moves (the stream tick is part of the URL, so useApi re-runs).
  const liveKey = live.tick;
  const params = { from, to, scope: code ?? undefined };
  const byUnit = useApi<KpiTable>(`/api/kpis${queryString({ ...params, groupBy: unit })}&_=${liveKey}`);
  const byDay = useApi<KpiTable>(`/api/kpis${queryString({ ...params, groupBy: 'day' })}&_=${liveKey}`);
  const total = byUnit.data?.total;

  const open = (metric: KpiMetric, row: KpiRow, groupBy: string) =>
    setDrill({ metric, group: row.key, groupBy, title: `${row.key === 'total' ? t('console.kpi.total') : row.name} · ${t(`console.kpi.metric.${metric}`)}` });

  const unitOption = useMemo(() => {
    const rows = byUnit.data?.rows ?? [];
    const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
    return {
      tooltip: { trigger: 'axis' as const, valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 64 },
      xAxis: { type: 'category' as const, data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value' as const, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: t('console.kpi.closure'), type: 'bar' as const, data: rows.map((r) => pct(r.rates.closure)), itemStyle: { color: '#1677ff' } },
        { name: t('console.kpi.onTime'), type: 'bar' as const, data: rows.map((r) => pct(r.rates.onTime)), itemStyle: { color: '#52c41a' } },
        { name: t('console.kpi.rework'), type: 'bar' as const, data: rows.map((r) => pct(r.rates.rework)), itemStyle: { color: '#fa8c16' } },
      ],
    };
  }, [byUnit.data, t]);

  const dayOption = useMemo(() => {
    const rows = byDay.data?.rows ?? [];
    return {
      tooltip: { trigger: 'axis' as const },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 32 },
      xAxis: { type: 'category' as const, data: rows.map((r) => r.key.slice(5)) },
      yAxis: { type: 'value' as const, minInterval: 1 },
      series: [
        { name: t('console.kpi.metric.due'), type: 'line' as const, smooth: true, data: rows.map((r) => r.counts.due) },
        { name: t('console.kpi.metric.closed'), type: 'line' as const, smooth: true, data: rows.map((r) => r.counts.closed) },
        { name: t('console.kpi.metric.overdue_unclosed'), type: 'line' as const, smooth: true, data: rows.map((r) => r.counts.overdue_unclosed), itemStyle: { color: '#f5222d' } },
        { name: t('console.kpi.metric.dispatched'), type: 'bar' as const, data: rows.map((r) => r.counts.dispatched), itemStyle: { color: '#bae0ff' } },
      ],
    };
  }, [byDay.data, t]);

  const countCell = (metric: KpiMetric, groupBy: string) => (_: unknown, row: KpiRow) => {
    const n = row.counts[metric];
    return n > 0 ? (
      <Typography.Link onClick={() => open(metric, row, groupBy)} aria-label={`${row.name} ${t(`console.kpi.metric.${metric}`)} ${n}`}>
        {n}
      </Typography.Link>
    ) : (
      <span className="muted">0</span>
    );
  };

  return (
    <div className="kpi-page">
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('console.menu.kpi')}
        </Typography.Title>
        <Space wrap>
          <ScopePicker label={t('console.scope')} scopes={scopes} value={code} onChange={setCode} minWidth={160} />
          <Segmented<PeriodPreset | 'custom'>
            value={preset ?? 'custom'}
            options={[
              { value: '7', label: t('console.kpi.last7') },
              { value: '30', label: t('console.kpi.last30') },
              { value: 'month', label: t('console.kpi.thisMonth') },
              { value: 'year', label: t('console.kpi.thisYear') },
            ]}
            onChange={(v) => {
              if (v === 'custom') return;
              setPreset(v);
              setRange(presetPair(v));
            }}
          />
          <DatePicker.RangePicker
            aria-label={t('console.kpi.period')}
            allowClear={false}
            value={[dayjs(from), dayjs(to).subtract(1, 'day')]}
            onChange={(v) => {
              const [a, b] = (v ?? []) as [Dayjs | null, Dayjs | null];
              if (!a || !b) return;
              setPreset(null);
              setRange([a.format('YYYY-MM-DD'), b.add(1, 'day').format('YYYY-MM-DD')]);
            }}
          />
          <Button icon={<DownloadOutlined />} href={`/api/kpis/export.xlsx${queryString({ ...params, groupBy: unit })}`} download>
            {t('console.kpi.export')}
          </Button>
        </Space>
      </Space>
      <ErrorNote error={byUnit.error ?? byDay.error} style={{ marginBottom: 12 }} />
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {HEADLINES.map((h) => (
          <Col key={h.key} xs={12} md={8} xl={4}>
            <Card size="small" className="kpi-card" data-kpi={h.key}>
              <Statistic
                title={t(`console.kpi.${h.key}`)}
                loading={!total}
                value={total ? (h.rate ? fmtRate(total.rates[h.rate]) : total.counts[h.metric]) : '—'}
              />
              {total && (
                <Typography.Link className="kpi-basis" onClick={() => open(h.metric, total, 'total')} data-metric={h.metric}>
                  {t(`console.kpi.metric.${h.metric}`)} {total.counts[h.metric]}
                  {h.rate && ` / ${t(`console.kpi.basis.${h.rate}`)} ${h.rate === 'rework' ? total.counts.verified : h.rate === 'extension' ? total.counts.dispatched : total.counts.due}`}
                </Typography.Link>
              )}
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={t('console.kpi.byUnit')}
            extra={
              <Select<UnitLevel>
                size="small"
                aria-label={t('console.kpi.unit')}
                value={unit}
                style={{ width: 110 }}
                onChange={setUnit}
                options={(['county', 'street', 'community', 'grid', 'department'] as UnitLevel[]).map((u) => ({ value: u, label: t(`console.kpi.unitOf.${u}`) }))}
              />
            }
          >
            {(byUnit.data?.rows.length ?? 0) === 0 ? (
              <div className="chart-empty">{byUnit.loading ? t('common.loading') : t('console.kpi.noData')}</div>
            ) : (
              <Chart
                label={t('console.kpi.byUnit')}
                option={unitOption}
                onClick={(p) => {
                  const row = byUnit.data?.rows[p.dataIndex];
                  if (row) open('closed', row, unit);
                }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('console.kpi.byDay')}>
            <Chart
              label={t('console.kpi.byDay')}
              option={dayOption}
              onClick={(p) => {
                const row = byDay.data?.rows[p.dataIndex];
                if (row) open(p.seriesIndex === 0 ? 'due' : p.seriesIndex === 2 ? 'overdue_unclosed' : p.seriesIndex === 3 ? 'dispatched' : 'closed', row, 'day');
              }}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('console.kpi.table', { unit: t(`console.kpi.unitOf.${unit}`) })}>
            <Table<KpiRow>
              size="small"
              rowKey="key"
              pagination={false}
              scroll={{ x: 1000 }}
              loading={byUnit.loading && !byUnit.data}
              dataSource={byUnit.data ? [...byUnit.data.rows, byUnit.data.total] : []}
              rowClassName={(r) => (r.key === 'total' ? 'kpi-total-row' : '')}
              locale={{ emptyText: t('console.kpi.noData') }}
              columns={[
                { title: t(`console.kpi.unitOf.${unit}`), dataIndex: 'name', fixed: 'left', width: 160, render: (n: string, r) => (r.key === 'total' ? t('console.kpi.total') : n) },
                ...(['due', 'closed', 'closed_on_time', 'overdue_unclosed', 'verified', 'reworked', 'dispatched', 'extended', 'self_resolved'] as KpiMetric[]).map((m) => ({
                  title: t(`console.kpi.metric.${m}`),
                  key: m,
                  align: 'right' as const,
                  render: (v: unknown, r: KpiRow) => countCell(m, r.key === 'total' ? 'total' : unit)(v, r),
                })),
                { title: t('console.kpi.closure'), key: 'closure', align: 'right' as const, render: (_: unknown, r: KpiRow) => fmtRate(r.rates.closure) },
                { title: t('console.kpi.onTime'), key: 'onTime', align: 'right' as const, render: (_: unknown, r: KpiRow) => fmtRate(r.rates.onTime) },
                { title: t('console.kpi.rework'), key: 'rework', align: 'right' as const, render: (_: unknown, r: KpiRow) => fmtRate(r.rates.rework) },
              ]}
            />
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
              {t('console.kpi.footnote', { at: fmtTime(byUnit.data?.evaluatedAt) })}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      <DrillDrawer drill={drill} params={params} onClose={() => setDrill(null)} />
    </div>
  );
}

/** The cases behind one figure; a click opens the case. */
function DrillDrawer({ drill, params, onClose }: { drill: Drill | null; params: { from: string; to: string; scope?: string | undefined }; onClose: () => void }) {
  const { t } = useTranslation();
  const cats = useCategories();
  const list = useApi<KpiCaseList>(drill ? `/api/kpis/cases${queryString({ ...params, metric: drill.metric, group: drill.group, groupBy: drill.groupBy })}` : null);
  return (
    <Drawer open={!!drill} onClose={onClose} size={720} title={drill?.title} destroyOnHidden>
      <ErrorNote error={list.error} />
      <Table
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.cases ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(r) => ({ onClick: () => navigate(`/console/cases/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('console.cases.caseNo'), dataIndex: 'caseNo' },
          { title: t('console.cases.state'), dataIndex: 'state', render: (s: string) => <StateTag state={s} /> },
          { title: t('console.cases.category'), dataIndex: 'categoryCode', render: (c: string) => cats.name(c) },
          { title: t('console.cases.reportedAt'), dataIndex: 'reportedAt', render: fmtTime },
          { title: t('console.cases.closedAt'), dataIndex: 'closedAt', render: fmtTime },
        ]}
      />
      {list.data?.truncated && <Typography.Text type="secondary">{t('console.kpi.truncated')}</Typography.Text>}
    </Drawer>
  );
}
