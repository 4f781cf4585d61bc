import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Select, Space, Spin, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { GridMap } from '../../components/GridMap.tsx';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useApi } from '../../lib/useApi.ts';
import { api } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import type { GridCollection } from '../../lib/types.ts';
import { useScopes } from '../../console/useScope.ts';
import type { Compliance, CreatedPlan, Plan, PlanList, PlanReport, SiteList, SlotStatus, Uncovered } from '../../../../shared/patrols/wire.ts';
import { usePath } from '../../lib/router.ts';
import { GapAlerts } from './GapAlerts.tsx';
import QrSheet from './QrSheet.tsx';
import { SitesManager } from './SitesManager.tsx';
import '../shared/patrols.css';

const SLOT_COLOR: Record<SlotStatus, string> = { met: 'success', short: 'warning', missed: 'error', open: 'processing', upcoming: 'default' };
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
/** HH:mm in local time; a window's end at midnight reads 24:00, not 00:00. */
const clock = (iso: string, isEnd: boolean) => {
  const s = dayjs(iso).format('HH:mm');
  return isEnd && s === '00:00' ? '24:00' : s;
};

/** 巡逻防控 (console): key sites on the map with uncovered ones highlighted, plan-vs-actual per site and window, shift plans with their quality report. */
export default function PatrolsConsole() {
  const { t } = useTranslation();
  const path = usePath();
  const { scopes, code, setCode } = useScopes();
  const [tab, setTab] = useState(() => new URLSearchParams(window.location.search).get('tab') ?? 'map');
  const qrSite = /^\/console\/patrols\/qr\/([^/]+)$/.exec(path)?.[1];
  if (qrSite) return <QrSheet siteId={decodeURIComponent(qrSite)} />;
  return (
    <div className="patrols-console">
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('patrols.console.title')}
        </Typography.Title>
        {scopes.length > 1 && <Select aria-label={t('patrols.console.scope')} value={code} style={{ minWidth: 180 }} options={scopes.map((s) => ({ value: s.code, label: s.name }))} onChange={setCode} />}
      </Space>
      {code && (
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'map', label: t('patrols.console.tabMap'), children: <SitesMap scope={code} /> },
            { key: 'sites', label: t('patrols.console.tabSites'), children: <SitesManager scope={code} /> },
            { key: 'compliance', label: t('patrols.console.tabCompliance'), children: <ComplianceView scope={code} /> },
            { key: 'plan', label: t('patrols.console.tabPlan'), children: <PlanForm scope={code} /> },
          ]}
        />
      )}
    </div>
  );
}

function ago(t: (k: string, o?: Record<string, unknown>) => string, minutes: number | null): string {
  if (minutes === null) return t('patrols.console.neverVisited');
  if (minutes < 60) return t('patrols.console.minutesAgo', { n: minutes });
  return t('patrols.console.hoursAgo', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/** Key sites on the grid map: green covered, orange due now, red missed last window; the list of uncovered ones with time since the last visit. */
function SitesMap({ scope }: { scope: string }) {
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

/** 达标情况: per site and window, planned slots vs what check-ins delivered, for a local day. */
function ComplianceView({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const [date, setDate] = useState<Dayjs>(dayjs());
  const data = useApi<Compliance>(`/api/patrols/compliance?scope=${encodeURIComponent(scope)}&date=${date.format('YYYY-MM-DD')}`);
  const c = data.data;
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker aria-label={t('patrols.console.date')} value={date} allowClear={false} onChange={(d) => d && setDate(d)} />
        <Button onClick={data.reload}>{t('patrols.console.refresh')}</Button>
      </Space>
      <ErrorNote error={data.error} style={{ marginBottom: 12 }} />
      {c && (
        <Space wrap size="large" style={{ marginBottom: 12 }}>
          <Statistic title={t('patrols.console.complianceRate')} value={pct(c.compliance)} />
          <Statistic title={t('patrols.console.slotsMet')} value={`${c.slotsMet} / ${c.slotsDue}`} />
          <Statistic title={t('patrols.console.siteCount')} value={c.sites.length} />
        </Space>
      )}
      <Table
        className="patrol-compliance"
        size="small"
        rowKey="siteId"
        loading={data.loading}
        dataSource={c?.sites ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('patrols.console.site'), dataIndex: 'name' },
          { title: t('patrols.console.risk'), dataIndex: 'riskLevel', render: (r: number) => t(`patrols.risk.${r}`) },
          { title: t('patrols.console.slotsMet'), key: 'met', render: (_: unknown, s: Compliance['sites'][number]) => `${s.slotsMet} / ${s.slotsDue}` },
          { title: t('patrols.console.visits'), dataIndex: 'visits' },
          { title: t('patrols.console.minutesPresent'), dataIndex: 'minutesPresent', render: (m: number) => Math.round(m) },
          {
            title: t('patrols.console.windows'),
            key: 'slots',
            render: (_: unknown, s: Compliance['sites'][number]) => (
              <Space size={[4, 4]} wrap style={{ maxWidth: 560 }}>
                {s.slots.map((x) => (
                  <Tag key={x.start} color={SLOT_COLOR[x.status]} title={t(`patrols.slot.${x.status}`)} data-status={x.status}>
                    {clock(x.start, false)}–{clock(x.end, true)} {t(`patrols.slot.${x.status}`)}
                    {x.dwellMinutes !== null ? ` ${Math.round(x.dwellMinutes)}′` : ''}
                  </Tag>
                ))}
              </Space>
            ),
          },
        ]}
      />
      {c && c.workers.length > 0 && (
        <Card size="small" title={t('patrols.console.workersTitle')} style={{ marginTop: 12 }}>
          <Table
            size="small"
            rowKey="workerId"
            pagination={false}
            dataSource={c.workers}
            columns={[
              { title: t('patrols.console.worker'), dataIndex: 'workerId', render: (id: string, w: Compliance['workers'][number]) => w.name ?? id },
              { title: t('patrols.console.visits'), dataIndex: 'visits' },
              { title: t('patrols.console.minutesOnSite'), dataIndex: 'minutesOnSite' },
              { title: t('patrols.console.distance'), dataIndex: 'distanceMeters', render: (m: number) => `${(m / 1000).toFixed(2)} km` },
            ]}
          />
        </Card>
      )}
    </div>
  );
}

/** 排定巡逻方案: a shift, the workers; the server solves it and answers with the plan-quality report. */
function PlanForm({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ shift: [Dayjs, Dayjs]; workerIds: string[]; method: 'lns' | 'greedy' }>();
  const [q, setQ] = useState('');
  const people = useApi<{ items: { id: string; displayName: string; username: string }[] }>(`/api/people?scope=${encodeURIComponent(scope)}&role=grid_worker&limit=50${q ? `&q=${encodeURIComponent(q)}` : ''}`);
  // Labels of people once seen, so chosen workers keep their names when the search changes.
  const [seen, setSeen] = useState(() => new Map<string, string>());
  useEffect(() => {
    if (people.data?.items.length) setSeen((m) => new Map([...m, ...people.data!.items.map((p) => [p.id, `${p.displayName} (${p.username})`] as [string, string])]));
  }, [people.data]);
  const sites = useApi<SiteList>(`/api/patrols/sites?scope=${encodeURIComponent(scope)}`);
  const { run, busy, error, setError } = useAction();
  const [result, setResult] = useState<CreatedPlan['plan'] | null>(null);
  const siteNames = new Map((sites.data?.sites ?? []).map((s) => [s.id, s.name]));
  const history = useApi<PlanList>(`/api/patrols/plans?scope=${encodeURIComponent(scope)}&limit=10`);
  async function open(id: string) {
    setError(null);
    try {
      setResult((await api<{ plan: Plan }>(`/api/patrols/plans/${encodeURIComponent(id)}`)).plan);
    } catch (err) {
      setError(err);
    }
  }

  async function submit(v: { shift: [Dayjs, Dayjs]; workerIds: string[]; method: 'lns' | 'greedy' }) {
    await run(async () => {
      const body = await api<CreatedPlan>('/api/patrols/plans', { method: 'POST', body: { scopeCode: scope, shiftStart: v.shift[0].toISOString(), shiftEnd: v.shift[1].toISOString(), workerIds: v.workerIds, method: v.method }, idempotencyKey: true });
      setResult(body.plan);
      history.reload();
    });
  }

  const r = result?.report;
  return (
    <div>
      <Card size="small" title={t('patrols.console.planTitle')} style={{ marginBottom: 12 }}>
        <Form form={form} layout="inline" onFinish={(v) => void submit(v)} initialValues={{ method: 'lns', shift: [dayjs().hour(14).minute(0).second(0), dayjs().hour(22).minute(0).second(0)] }} style={{ rowGap: 8 }}>
          <Form.Item name="shift" label={t('patrols.console.shift')} rules={[{ required: true, message: t('patrols.console.shiftRequired') }]}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="workerIds" label={t('patrols.console.workers')} rules={[{ required: true, message: t('patrols.console.workersRequired') }]}>
            <Select mode="multiple" style={{ minWidth: 260 }} loading={people.loading} showSearch filterOption={false} onSearch={setQ} placeholder={t('patrols.console.searchWorkers')} options={[...new Map([...(people.data?.items ?? []).map((p) => [p.id, `${p.displayName} (${p.username})`] as [string, string])])].map(([value, label]) => ({ value, label }))} labelRender={(v) => seen.get(String(v.value)) ?? v.label} />
          </Form.Item>
          <Form.Item name="method" label={t('patrols.console.method')}>
            <Select style={{ width: 180 }} options={[{ value: 'lns', label: t('patrols.console.methodLns') }, { value: 'greedy', label: t('patrols.console.methodGreedy') }]} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('patrols.console.makePlan')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
          {t('patrols.console.planHelp', { n: sites.data?.sites.length ?? 0 })}
        </Typography.Paragraph>
        <ErrorNote error={error} style={{ marginTop: 8 }} />
      </Card>
      {r && result && (
        <Card size="small" title={t('patrols.console.reportTitle', { from: dayjs(result.shiftStart).format('MM-DD HH:mm'), to: dayjs(result.shiftEnd).format('HH:mm') })} data-testid="plan-report">
          <Space wrap size="large" style={{ marginBottom: 12 }}>
            <Statistic title={t('patrols.console.coverage')} value={pct(r.coverage)} />
            <Statistic title={t('patrols.console.plannedRequired')} value={`${r.plannedVisits} / ${r.requiredVisits}`} />
            <Statistic title={t('patrols.console.baseline')} value={pct(r.baseline.coverage)} />
            <Statistic title={t('patrols.console.travel')} value={`${Math.round(r.totalTravelMinutes)} / ${Math.round(r.baseline.totalTravelMinutes)}`} suffix={t('patrols.console.minutes')} />
            <Statistic title={t('patrols.console.seed')} value={result.seed} groupSeparator="" />
          </Space>
          <Table size="small" rowKey="siteId" pagination={{ pageSize: 10, hideOnSinglePage: true }} dataSource={r.sites} style={{ marginBottom: 12 }}
            columns={[
              { title: t('patrols.console.site'), dataIndex: 'siteId', render: (id: string) => siteNames.get(id) ?? id },
              { title: t('patrols.console.required'), dataIndex: 'required' },
              { title: t('patrols.console.planned'), dataIndex: 'planned', render: (p: number, s: { required: number }) => <Typography.Text type={p < s.required ? 'danger' : undefined}>{p}</Typography.Text> },
            ]}
          />
          <Table size="small" rowKey="workerId" pagination={false} dataSource={r.workers}
            columns={[
              { title: t('patrols.console.worker'), dataIndex: 'workerId', render: (id: string, w: PlanReport['workers'][number]) => w.name ?? seen.get(id) ?? id },
              { title: t('patrols.console.visits'), dataIndex: 'visits' },
              { title: t('patrols.console.travelMinutes'), dataIndex: 'travelMinutes', render: (m: number) => Math.round(m) },
              { title: t('patrols.console.dwellMinutes'), dataIndex: 'dwellMinutes', render: (m: number) => Math.round(m) },
              { title: t('patrols.console.idleMinutes'), dataIndex: 'idleMinutes', render: (m: number) => Math.round(m) },
            ]}
          />
        </Card>
      )}
      <Card size="small" title={t('patrols.console.historyTitle')} style={{ marginTop: 12 }} extra={<Button size="small" onClick={history.reload}>{t('patrols.console.refresh')}</Button>}>
        <Table
          className="patrol-plan-history"
          size="small"
          rowKey="id"
          loading={history.loading}
          pagination={false}
          dataSource={history.data?.plans ?? []}
          rowClassName={(p) => (p.id === result?.id ? 'ant-table-row-selected' : '')}
          columns={[
            { title: t('patrols.console.shift'), key: 'shift', render: (_: unknown, p: PlanList['plans'][number]) => `${dayjs(p.shiftStart).format('MM-DD HH:mm')}–${dayjs(p.shiftEnd).format('HH:mm')}` },
            { title: t('patrols.console.method'), dataIndex: 'method', render: (m: string) => (m === 'greedy' ? t('patrols.console.methodGreedy') : t('patrols.console.methodLns')) },
            { title: t('patrols.console.plannedRequired'), key: 'visits', render: (_: unknown, p: PlanList['plans'][number]) => `${p.plannedVisits} / ${p.requiredVisits}` },
            { title: t('patrols.console.coverage'), dataIndex: 'coverage', render: (c: number) => pct(c) },
            { title: t('patrols.console.createdBy'), dataIndex: 'createdBy', render: (n: string | null) => n ?? '—' },
            { title: '', key: 'open', render: (_: unknown, p: PlanList['plans'][number]) => <Button size="small" type="link" onClick={() => void open(p.id)}>{t('patrols.console.viewReport')}</Button> },
          ]}
        />
      </Card>
    </div>
  );
}
