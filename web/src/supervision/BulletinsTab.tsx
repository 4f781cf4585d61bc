import { useState } from 'react';
import { Button, Card, Col, DatePicker, Empty, Row, Segmented, Select, Space, Statistic, Table, Tag, Timeline, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api.ts';
import { useAction } from '../lib/useAction.ts';
import { useApi } from '../lib/useApi.ts';
import { queryString } from '../lib/cases.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { fmtTime, StateTag } from '../cases/console/caseUi.tsx';
import { chinaToday, pct } from './format.ts';

interface Ratio {
  numerator: number;
  denominator: number;
  rate: number | null;
}

interface Bulletin {
  kind: 'daily' | 'weekly';
  title: string;
  date: string;
  generatedAt: string;
  summary: { reported: number; closed: number; open: number; overdue: number };
  kpis: { total: { rates: Record<string, number | null> } };
  topIssues: { code: string; name: string; count: number }[];
  overdue: { caseNo: string; gridCode: string; state: string; dueAt: string; department: string | null; handler: string | null; description: string }[];
  directives: { title: string; delivered: number; signed: number }[];
  patrol: Ratio;
  dailyReports: Ratio;
}

/** 简报: on demand, the ones the scheduled job stored, and campaign after-action reviews (总结评估). */
export default function BulletinsTab({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const [view, setView] = useState<'onDemand' | 'scheduled' | 'aar'>('onDemand');
  return (
    <div>
      <Segmented
        className="bulletins-view"
        style={{ marginBottom: 12 }}
        value={view}
        onChange={(v) => setView(v as typeof view)}
        options={[
          { value: 'onDemand', label: t('supervision.bulletin.viewOnDemand') },
          { value: 'scheduled', label: t('supervision.bulletin.viewScheduled') },
          { value: 'aar', label: t('supervision.aar.view') },
        ]}
      />
      {view === 'onDemand' && <OnDemandBulletin scope={scope} />}
      {view === 'scheduled' && <ScheduledBulletins scope={scope} />}
      {view === 'aar' && <AfterActionReview />}
    </div>
  );
}

interface StoredBulletin {
  id: string;
  kind: 'daily' | 'weekly';
  date: string;
  scopeCode: string;
  title: string;
  generatedAt: string;
  summary: { reported: number; closed: number; open: number; overdue: number };
  xlsxUrl: string;
  pdfUrl: string | null;
  pdfError: string | null;
}

/** 定时简报: what the scheduled job wrote (daily 07:30 for the day before, weekly on Mondays), to open or download. */
function ScheduledBulletins({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'all' | 'daily' | 'weekly'>('all');
  const list = useApi<{ items: StoredBulletin[] }>(`/api/reports/bulletins${queryString({ kind: kind === 'all' ? null : kind, scope: scope || null })}`);
  return (
    <Card size="small" className="scheduled-bulletins">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented value={kind} onChange={(v) => setKind(v as typeof kind)} options={[{ value: 'all', label: t('supervision.bulletin.all') }, { value: 'daily', label: t('supervision.bulletin.daily') }, { value: 'weekly', label: t('supervision.bulletin.weekly') }]} />
        <Typography.Text type="secondary">{t('supervision.bulletin.scheduledHint')}</Typography.Text>
      </Space>
      <ErrorNote error={list.error} />
      <Table<StoredBulletin>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 15, hideOnSinglePage: true }}
        locale={{ emptyText: t('supervision.bulletin.noScheduled') }}
        columns={[
          { title: t('supervision.bulletin.date'), dataIndex: 'date' },
          { title: t('supervision.bulletin.titleCol'), dataIndex: 'title' },
          { title: t('supervision.bulletin.reported'), render: (_, b) => b.summary.reported },
          { title: t('supervision.bulletin.overdue'), render: (_, b) => b.summary.overdue },
          { title: t('supervision.bulletin.generatedAtCol'), dataIndex: 'generatedAt', render: (v: string) => fmtTime(v) },
          {
            title: '',
            render: (_, b) => (
              <Space size={4}>
                {b.pdfUrl ? <Button size="small" icon={<FilePdfOutlined />} href={b.pdfUrl} target="_blank" rel="noopener">PDF</Button> : <Typography.Text type="secondary" title={b.pdfError ?? ''}>—</Typography.Text>}
                <Button size="small" icon={<DownloadOutlined />} href={b.xlsxUrl} download>XLSX</Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

interface Aar {
  title: string;
  campaign: { id: string; name: string; territoryName: string; status: string };
  period: { during: { from: string; to: string }; before: { from: string; to: string } };
  timeline: { at: string; kind: string; title: string; detail: string | null }[];
  kpiDeltas: { key: string; labelZh: string; unit: 'count' | 'rate'; before: number | null; during: number | null; delta: number | null; lowerIsBetter?: boolean }[];
  hotspots: { grids: { code: string; name: string; during: number; before: number }[]; categories: { code: string; name: string; during: number; before: number }[] };
  weakestUnits: { level: string; rows: { key: string; name: string; score: number | null; grade: string | null; onTime: number | null }[] };
  accountability: { total: number; byKind: { kind: string; labelZh: string; total: number; pending: number; confirmed: number; waived: number }[] };
  followups: { total: number; overdue: number; verified: number; items: { id: string; title: string; owner: { name: string }; ownerUnit: { name: string | null }; dueAt: string; state: string; overdue: boolean; progress: number }[] };
}

/** 总结评估: pick a campaign, read its after-action review, open the PDF or download the XLSX. */
function AfterActionReview() {
  const { t } = useTranslation();
  const campaigns = useApi<{ items: { id: string; name: string; status: string }[] }>('/api/campaigns');
  const [campaign, setCampaign] = useState<string | null>(null);
  const aar = useApi<Aar>(campaign ? `/api/reports/aar${queryString({ campaign })}` : null);
  const q = queryString({ campaign });
  const a = aar.data;
  const fmt = (unit: 'count' | 'rate', v: number | null) => (unit === 'rate' ? pct(v) : v ?? '—');
  const deltaText = (k: Aar['kpiDeltas'][number]) => {
    if (k.delta === null) return <>—</>;
    const good = k.delta === 0 ? null : (k.delta > 0) !== !!k.lowerIsBetter;
    const text = k.unit === 'rate' ? `${k.delta >= 0 ? '+' : ''}${(k.delta * 100).toFixed(1)} pp` : `${k.delta >= 0 ? '+' : ''}${k.delta}`;
    return <Typography.Text type={good === null ? undefined : good ? 'success' : 'danger'}>{text}</Typography.Text>;
  };
  return (
    <Card size="small" className="aar">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select placeholder={t('supervision.aar.chooseCampaign')} style={{ minWidth: 260 }} value={campaign ?? undefined} onChange={(v) => setCampaign(v)} options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        {a && (
          <>
            <Button icon={<FilePdfOutlined />} href={`/api/reports/aar.pdf${q}`} target="_blank" rel="noopener" className="aar-pdf">{t('supervision.bulletin.openPdf')}</Button>
            <Button icon={<DownloadOutlined />} href={`/api/reports/aar.xlsx${q}`} download className="aar-xlsx">{t('supervision.bulletin.downloadXlsx')}</Button>
          </>
        )}
      </Space>
      <ErrorNote error={campaigns.error ?? aar.error} />
      {!campaign && <Empty description={t('supervision.aar.hint')} />}
      {a && (
        <div>
          <Typography.Title level={4}>{a.title}</Typography.Title>
          <Typography.Text type="secondary">{a.campaign.territoryName} · {fmtTime(a.period.during.from)} – {fmtTime(a.period.during.to)} · {t('supervision.aar.comparedWith', { from: fmtTime(a.period.before.from) })}</Typography.Text>
          <Row gutter={[16, 16]} style={{ marginTop: 12 }}>
            <Col xs={24} lg={12}>
              <Typography.Title level={5}>{t('supervision.aar.kpis')}</Typography.Title>
              <Table rowKey="key" size="small" pagination={false} dataSource={a.kpiDeltas} columns={[
                { title: t('supervision.aar.metric'), dataIndex: 'labelZh' },
                { title: t('supervision.aar.before'), render: (_, k) => fmt(k.unit, k.before) },
                { title: t('supervision.aar.during'), render: (_, k) => fmt(k.unit, k.during) },
                { title: t('supervision.aar.delta'), render: (_, k) => deltaText(k) },
              ]} />
            </Col>
            <Col xs={24} lg={12}>
              <Typography.Title level={5}>{t('supervision.aar.timeline')}</Typography.Title>
              {a.timeline.length === 0 ? <Empty /> : <Timeline items={a.timeline.slice(0, 40).map((e) => ({ color: e.kind === 'case_escalated' || e.kind === 'accountability' ? 'red' : e.kind.startsWith('phase') ? 'blue' : 'gray', children: <><Typography.Text type="secondary">{fmtTime(e.at)}</Typography.Text> {e.title}{e.detail ? <Typography.Text type="secondary"> — {e.detail}</Typography.Text> : null}</> }))} />}
            </Col>
            <Col xs={24} md={12} lg={8}>
              <Typography.Title level={5}>{t('supervision.aar.hotGrids')}</Typography.Title>
              <Table rowKey="code" size="small" pagination={false} dataSource={a.hotspots.grids} columns={[{ title: t('supervision.aar.grid'), dataIndex: 'name' }, { title: t('supervision.aar.during'), dataIndex: 'during' }, { title: t('supervision.aar.before'), dataIndex: 'before' }]} />
            </Col>
            <Col xs={24} md={12} lg={8}>
              <Typography.Title level={5}>{t('supervision.aar.hotCategories')}</Typography.Title>
              <Table rowKey="code" size="small" pagination={false} dataSource={a.hotspots.categories} columns={[{ title: t('supervision.bulletin.category'), dataIndex: 'name' }, { title: t('supervision.aar.during'), dataIndex: 'during' }, { title: t('supervision.aar.before'), dataIndex: 'before' }]} />
            </Col>
            <Col xs={24} md={12} lg={8}>
              <Typography.Title level={5}>{t('supervision.aar.weakest')}</Typography.Title>
              <Table rowKey="key" size="small" pagination={false} dataSource={a.weakestUnits.rows} columns={[{ title: t('supervision.aar.unit'), dataIndex: 'name' }, { title: t('supervision.aar.score'), dataIndex: 'score' }, { title: t('supervision.eval.component.onTime'), dataIndex: 'onTime', render: (v: number | null) => pct(v) }]} />
            </Col>
            <Col xs={24} md={12} lg={8}>
              <Typography.Title level={5}>{t('supervision.aar.accountability', { n: a.accountability.total })}</Typography.Title>
              <Table rowKey="kind" size="small" pagination={false} dataSource={a.accountability.byKind} columns={[{ title: t('supervision.aar.kind'), dataIndex: 'labelZh' }, { title: t('supervision.aar.total'), dataIndex: 'total' }, { title: t('supervision.aar.confirmed'), dataIndex: 'confirmed' }, { title: t('supervision.aar.waived'), dataIndex: 'waived' }]} />
            </Col>
            <Col xs={24} lg={16}>
              <Typography.Title level={5}>{t('supervision.aar.followups', { n: a.followups.total, overdue: a.followups.overdue, verified: a.followups.verified })}</Typography.Title>
              <Table rowKey="id" size="small" pagination={false} dataSource={a.followups.items} columns={[
                { title: t('supervision.followup.title'), dataIndex: 'title' },
                { title: t('supervision.followup.owner'), render: (_, f) => `${f.owner.name}${f.ownerUnit.name ? ` · ${f.ownerUnit.name}` : ''}` },
                { title: t('supervision.followup.dueAt'), dataIndex: 'dueAt', render: (v: string, f) => <Space size={4}>{fmtTime(v)}{f.overdue && <Tag color="red">{t('supervision.followup.overdue')}</Tag>}</Space> },
                { title: t('supervision.followup.stateLabel'), dataIndex: 'state', render: (v: string) => t(`supervision.followup.state.${v}`) },
              ]} />
            </Col>
          </Row>
        </div>
      )}
    </Card>
  );
}

/** Generate the daily or weekly bulletin on demand, read it here, open the PDF, download the XLSX. */
function OnDemandBulletin({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'daily' | 'weekly'>('daily');
  const [date, setDate] = useState(chinaToday());
  const [bulletin, setBulletin] = useState<Bulletin | null>(null);
  const { run, busy, error } = useAction();
  const q = queryString({ kind, date, scope });

  const generate = async () => {
    await run(() =>
      api<Bulletin>(`/api/reports/bulletin${q}`).then(setBulletin, (err: unknown) => {
        setBulletin(null);
        throw err;
      }),
    );
  };
  const rates = bulletin?.kpis.total.rates ?? {};

  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented value={kind} onChange={(v) => { setKind(v as typeof kind); setBulletin(null); }} options={[{ value: 'daily', label: t('supervision.bulletin.daily') }, { value: 'weekly', label: t('supervision.bulletin.weekly') }]} />
        <DatePicker value={dayjs(date)} allowClear={false} onChange={(d) => { if (d) { setDate(d.format('YYYY-MM-DD')); setBulletin(null); } }} />
        <Button type="primary" onClick={() => void generate()} loading={busy}>
          {t('supervision.bulletin.generate')}
        </Button>
        {bulletin && (
          <>
            <Button icon={<FilePdfOutlined />} href={`/api/reports/bulletin.pdf${q}`} target="_blank" rel="noopener" className="bulletin-pdf">
              {t('supervision.bulletin.openPdf')}
            </Button>
            <Button icon={<DownloadOutlined />} href={`/api/reports/bulletin.xlsx${q}`} download className="bulletin-xlsx">
              {t('supervision.bulletin.downloadXlsx')}
            </Button>
          </>
        )}
      </Space>
      <ErrorNote error={error} />
      {!bulletin && !error && <Empty description={t('supervision.bulletin.hint')} />}
      {bulletin && (
        <div className="bulletin">
          <Typography.Title level={4}>
            {bulletin.title} · {bulletin.date}
          </Typography.Title>
          <Typography.Text type="secondary">{t('supervision.bulletin.generatedAt', { at: fmtTime(bulletin.generatedAt) })}</Typography.Text>
          <Row gutter={[16, 16]} style={{ marginTop: 12 }} className="supervision-figures">
            <Col xs={12} md={6}><Statistic title={t('supervision.bulletin.reported')} value={bulletin.summary.reported} /></Col>
            <Col xs={12} md={6}><Statistic title={t('supervision.bulletin.closed')} value={bulletin.summary.closed} /></Col>
            <Col xs={12} md={6}><Statistic title={t('supervision.bulletin.open')} value={bulletin.summary.open} /></Col>
            <Col xs={12} md={6}><Statistic title={t('supervision.bulletin.overdue')} value={bulletin.summary.overdue} valueStyle={bulletin.summary.overdue ? { color: '#cf1322' } : undefined} /></Col>
            <Col xs={12} md={6}><Statistic title={t('supervision.eval.component.closure')} value={pct(rates['closure'])} /></Col>
            <Col xs={12} md={6}><Statistic title={t('supervision.eval.component.onTime')} value={pct(rates['onTime'])} /></Col>
            <Col xs={12} md={6}><Statistic title={t('supervision.eval.component.patrolCompliance')} value={pct(bulletin.patrol.rate)} /></Col>
            <Col xs={12} md={6}><Statistic title={t('supervision.eval.component.dailyReport')} value={pct(bulletin.dailyReports.rate)} /></Col>
          </Row>
          <Row gutter={16} style={{ marginTop: 16 }}>
            <Col xs={24} lg={8}>
              <Typography.Title level={5}>{t('supervision.bulletin.topIssues')}</Typography.Title>
              <Table rowKey="code" size="small" pagination={false} dataSource={bulletin.topIssues} columns={[{ title: t('supervision.bulletin.category'), dataIndex: 'name' }, { title: t('supervision.bulletin.count'), dataIndex: 'count' }]} />
            </Col>
            <Col xs={24} lg={16}>
              <Typography.Title level={5}>{t('supervision.bulletin.overdueList')}</Typography.Title>
              <Table
                rowKey="caseNo"
                size="small"
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                dataSource={bulletin.overdue}
                scroll={{ x: true }}
                columns={[
                  { title: t('supervision.spot.caseNo'), dataIndex: 'caseNo' },
                  { title: t('supervision.spot.caseState'), dataIndex: 'state', render: (v: string) => <StateTag state={v} /> },
                  { title: t('supervision.bulletin.dueAt'), dataIndex: 'dueAt', render: (v: string) => fmtTime(v) },
                  { title: t('supervision.bulletin.department'), dataIndex: 'department', render: (v: string | null) => v ?? '—' },
                  { title: t('supervision.bulletin.description'), dataIndex: 'description' },
                ]}
              />
            </Col>
          </Row>
          {bulletin.directives.length > 0 && (
            <>
              <Typography.Title level={5}>{t('supervision.bulletin.directives')}</Typography.Title>
              <Table rowKey="title" size="small" pagination={false} dataSource={bulletin.directives} columns={[{ title: t('supervision.bulletin.directive'), dataIndex: 'title' }, { title: t('supervision.bulletin.signed'), render: (_, d) => `${d.signed}/${d.delivered}` }]} />
            </>
          )}
        </div>
      )}
    </Card>
  );
}
