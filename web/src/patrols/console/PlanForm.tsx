import { useEffect, useState } from 'react';
import { Button, Card, DatePicker, Form, Select, Space, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useApi } from '../../lib/useApi.ts';
import { api } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import type { CreatedPlan, PlanList, PlanReport, PlanResponse, SiteList } from '../../../../shared/patrols/wire.ts';
import type { PeopleListResponse } from '../../../../shared/people/wire.ts';
import { pct } from './format.ts';

/** 排定巡逻方案: a shift, the workers; the server solves it and answers with the plan-quality report. */
export function PlanForm({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ shift: [Dayjs, Dayjs]; workerIds: string[]; method: 'lns' | 'greedy' }>();
  const [q, setQ] = useState('');
  const people = useApi<PeopleListResponse>(`/api/people?scope=${encodeURIComponent(scope)}&role=grid_worker&limit=50${q ? `&q=${encodeURIComponent(q)}` : ''}`);
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
      setResult((await api<PlanResponse>(`/api/patrols/plans/${encodeURIComponent(id)}`)).plan);
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
