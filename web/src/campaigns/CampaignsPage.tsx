import { useEffect, useState } from 'react';
import { App, Button, Card, Col, DatePicker, Drawer, Empty, Form, Input, InputNumber, List, Modal, Progress, Row, Select, Space, Statistic, Switch, Table, Tag, TimePicker, Typography } from 'antd';
import { CopyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../lib/api.ts';
import { navigate } from '../lib/router.ts';
import { useSession } from '../lib/session.tsx';
import { useApi } from '../lib/useApi.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import type { Campaign, Dashboard, PhaseKind } from '../directives/types.ts';
import '../directives/directives.css';

const MANAGING_ROLES = new Set(['leader', 'duty_officer']);
const KINDS: PhaseKind[] = ['preparation', 'key_period', 'event_days', 'wind_down'];

function usePhaseName() {
  const { t } = useTranslation();
  return (k: PhaseKind) =>
    k === 'preparation' ? t('campaigns.phase.preparation') : k === 'key_period' ? t('campaigns.phase.key_period') : k === 'event_days' ? t('campaigns.phase.event_days') : t('campaigns.phase.wind_down');
}

function StatusTag({ s }: { s: Campaign['status'] }) {
  const { t } = useTranslation();
  return s === 'running' ? <Tag color="green">{t('campaigns.status.running')}</Tag> : s === 'upcoming' ? <Tag color="blue">{t('campaigns.status.upcoming')}</Tag> : <Tag>{t('campaigns.status.ended')}</Tag>;
}

/** 倒计时: days, hours, minutes, seconds to the target, ticking every second. */
function Countdown({ target }: { target: string }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.floor((Date.parse(target) - now) / 1000));
  const d = Math.floor(left / 86400);
  const h = Math.floor((left % 86400) / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  return (
    <div>
      <Typography.Text type="secondary">{t('campaigns.countdownTo', { at: dayjs(target).format('YYYY-MM-DD HH:mm') })}</Typography.Text>
      <div className="campaign-countdown" data-testid="countdown">
        {t('campaigns.countdown', { d, h: String(h).padStart(2, '0'), m: String(m).padStart(2, '0'), s: String(s).padStart(2, '0') })}
      </div>
    </div>
  );
}

interface PhaseValues {
  kind: PhaseKind;
  name?: string;
  range: [Dayjs, Dayjs];
  sla?: number;
  patrol?: number;
  dailyReport?: boolean;
}

interface CreateValues {
  name: string;
  description?: string;
  territoryCode: string;
  period: [Dayjs, Dayjs];
  eventAt?: Dayjs;
  due?: Dayjs;
  phases: PhaseValues[];
}

/** 新建专项行动: name, territory, period, countdown target, daily report time, phases with multipliers. */
function CreateDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const phaseName = usePhaseName();
  const { me } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const [error, setError] = useState<unknown>(null);
  const units = [...new Map(me.roles.filter((r) => MANAGING_ROLES.has(r.role)).map((r) => [r.scopeCode, r.scopeName ?? r.scopeCode])).entries()];
  async function submit(v: CreateValues) {
    setError(null);
    try {
      const body = {
        name: v.name,
        ...(v.description ? { description: v.description } : {}),
        territoryCode: v.territoryCode,
        startsAt: v.period[0].format(),
        endsAt: v.period[1].format(),
        ...(v.eventAt ? { eventAt: v.eventAt.format() } : {}),
        ...(v.due ? { dailyReportDue: v.due.format('HH:mm') } : {}),
        phases: (v.phases ?? []).map((p) => ({
          kind: p.kind,
          ...(p.name ? { name: p.name } : {}),
          startsAt: p.range[0].format(),
          endsAt: p.range[1].format(),
          ...(p.sla && p.sla !== 1 ? { slaMultipliers: { '*': p.sla } } : {}),
          ...(p.patrol && p.patrol !== 1 ? { patrolMultiplier: p.patrol } : {}),
          dailyReport: !!p.dailyReport,
        })),
      };
      const res = await api<{ campaign: Campaign }>('/api/campaigns', { method: 'POST', body });
      message.success(t('campaigns.created'));
      form.resetFields();
      onCreated(res.campaign.id);
    } catch (e) {
      setError(e);
    }
  }
  return (
    <Drawer open={open} onClose={onClose} size={720} title={t('campaigns.new')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ territoryCode: units[0]?.[0], phases: [{ kind: 'preparation' }] }}>
        <Form.Item name="name" label={t('campaigns.form.name')} rules={[{ required: true, whitespace: true, message: t('directives.form.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('campaigns.form.description')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="territoryCode" label={t('campaigns.form.territory')} rules={[{ required: true }]}>
              <Select options={units.map(([code, name]) => ({ value: code, label: name }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="due" label={t('campaigns.form.dailyDue')}>
              <TimePicker format="HH:mm" style={{ width: '100%' }} placeholder="18:00" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item name="period" label={t('campaigns.form.period')} rules={[{ required: true, message: t('directives.form.required') }]}>
              <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="eventAt" label={t('campaigns.form.eventAt')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t('campaigns.form.phases')}</Typography.Text>
        <Form.List name="phases">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((f) => (
                <Card key={f.key} size="small" style={{ marginBottom: 8 }} extra={fields.length > 1 ? <Button size="small" onClick={() => remove(f.name)}>{t('directives.form.removeField')}</Button> : null}>
                  <Row gutter={8}>
                    <Col span={8}>
                      <Form.Item name={[f.name, 'kind']} label={t('campaigns.form.phaseKind')} rules={[{ required: true }]}>
                        <Select options={KINDS.map((k) => ({ value: k, label: phaseName(k) }))} />
                      </Form.Item>
                    </Col>
                    <Col span={16}>
                      <Form.Item name={[f.name, 'range']} label={t('campaigns.form.phaseRange')} rules={[{ required: true, message: t('directives.form.required') }]}>
                        <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col span={8}>
                      <Form.Item name={[f.name, 'sla']} label={t('campaigns.form.slaMultiplier')}>
                        <InputNumber min={0.1} max={10} step={0.1} placeholder="1" style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col span={8}>
                      <Form.Item name={[f.name, 'patrol']} label={t('campaigns.form.patrolMultiplier')}>
                        <InputNumber min={0.1} max={10} step={0.5} placeholder="1" style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col span={8}>
                      <Form.Item name={[f.name, 'dailyReport']} label={t('campaigns.form.dailyReport')} valuePropName="checked">
                        <Switch />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ kind: KINDS[Math.min(fields.length, 3)] })}>
                {t('campaigns.form.addPhase')}
              </Button>
            </div>
          )}
        </Form.List>
        <ErrorNote error={error} style={{ marginTop: 12 }} />
        <Button type="primary" htmlType="submit" block style={{ marginTop: 16 }}>
          {t('campaigns.create')}
        </Button>
      </Form>
    </Drawer>
  );
}

/** 以此为模板新建: a new start date (every date shifts) and optionally a new name. */
function CloneModal({ campaign, onClose }: { campaign: Campaign | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ startsAt: Dayjs; name?: string }>();
  const [error, setError] = useState<unknown>(null);
  return (
    <Modal
      open={!!campaign}
      title={t('campaigns.clone')}
      onCancel={onClose}
      destroyOnHidden
      onOk={() =>
        void form.validateFields().then(async (v) => {
          setError(null);
          try {
            const res = await api<{ campaign: Campaign }>(`/api/campaigns/${campaign!.id}/clone`, { method: 'POST', body: { startsAt: v.startsAt.format(), ...(v.name ? { name: v.name } : {}) } });
            message.success(t('campaigns.cloned'));
            onClose();
            navigate(`/console/campaigns/${res.campaign.id}`);
          } catch (e) {
            setError(e);
          }
        })
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item name="name" label={t('campaigns.form.name')}>
          <Input placeholder={campaign?.name} />
        </Form.Item>
        <Form.Item name="startsAt" label={t('campaigns.form.cloneStart')} rules={[{ required: true, message: t('directives.form.required') }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <ErrorNote error={error} />
      </Form>
    </Modal>
  );
}

function CampaignList() {
  const { t } = useTranslation();
  const phaseName = usePhaseName();
  const { me } = useSession();
  const [open, setOpen] = useState(false);
  const [cloning, setCloning] = useState<Campaign | null>(null);
  const list = useApi<{ items: Campaign[] }>('/api/campaigns');
  const canManage = me.actions.includes('campaign.manage');
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('campaigns.menu')}
        </Typography.Title>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('directives.refresh')} />
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
              {t('campaigns.new')}
            </Button>
          )}
        </Space>
      </Space>
      <ErrorNote error={list.error} />
      <Card size="small">
        <Table<Campaign>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 760 }}
          locale={{ emptyText: <Empty description={t('campaigns.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          onRow={(r) => ({ onClick: () => navigate(`/console/campaigns/${r.id}`), className: 'rollup-row-click' })}
          columns={[
            { key: 'name', title: t('campaigns.form.name'), render: (_, r) => <a onClick={(e) => e.preventDefault()}>{r.name}</a> },
            { key: 'status', title: t('campaigns.statusTitle'), width: 90, render: (_, r) => <StatusTag s={r.status} /> },
            { key: 'phase', title: t('campaigns.currentPhase'), width: 120, render: (_, r) => (r.currentPhase ? phaseName(r.currentPhase.kind) : '—') },
            { key: 'period', title: t('campaigns.form.period'), width: 230, render: (_, r) => `${dayjs(r.startsAt).format('MM-DD HH:mm')} ~ ${dayjs(r.endsAt).format('MM-DD HH:mm')}` },
            {
              key: 'clone',
              title: '',
              width: 90,
              render: (_, r) =>
                canManage ? (
                  <Button
                    size="small"
                    icon={<CopyOutlined />}
                    onClick={(e) => {
                      e.stopPropagation();
                      setCloning(r);
                    }}
                  >
                    {t('campaigns.cloneShort')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <CreateDrawer
        open={open}
        onClose={() => setOpen(false)}
        onCreated={(id) => {
          setOpen(false);
          navigate(`/console/campaigns/${id}`);
        }}
      />
      <CloneModal campaign={cloning} onClose={() => setCloning(null)} />
    </div>
  );
}

/** 指挥看板: countdown, current phase, today's daily reports (missing grids listed), directives, case KPIs, top overdue. */
function CampaignDashboard({ id }: { id: string }) {
  const { t } = useTranslation();
  const phaseName = usePhaseName();
  const { me } = useSession();
  const [tick, setTick] = useState(0);
  const [cloning, setCloning] = useState<Campaign | null>(null);
  const dash = useApi<Dashboard>(`/api/campaigns/${id}/dashboard?_=${tick}`);
  useEffect(() => {
    const timer = setInterval(() => setTick((x) => x + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  const d = dash.data;
  const c = d?.campaign;
  const daily = d?.dailyReports;
  return (
    <div>
      <Button type="link" style={{ padding: 0, marginBottom: 8 }} onClick={() => navigate('/console/campaigns')}>
        {t('campaigns.backToList')}
      </Button>
      <ErrorNote error={dash.error} />
      {c && d && daily && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card
            size="small"
            title={
              <Space wrap>
                <span className="campaign-name">{c.name}</span>
                <StatusTag s={c.status} />
              </Space>
            }
            extra={
              me.actions.includes('campaign.manage') ? (
                <Button size="small" icon={<CopyOutlined />} onClick={() => setCloning(c)}>
                  {t('campaigns.clone')}
                </Button>
              ) : null
            }
          >
            <Row gutter={[16, 16]}>
              <Col xs={24} md={10}>
                <Countdown target={c.countdown.target} />
              </Col>
              <Col xs={24} md={14}>
                <Typography.Text type="secondary">{t('campaigns.currentPhase')}</Typography.Text>
                <div style={{ fontSize: 18, fontWeight: 600 }}>{c.currentPhase ? `${c.currentPhase.name}（${t('campaigns.until', { at: dayjs(c.currentPhase.endsAt).format('MM-DD HH:mm') })}）` : '—'}</div>
                <Space wrap style={{ marginTop: 8 }}>
                  {c.phases.map((p) => (
                    <Tag key={p.id} color={c.currentPhase?.id === p.id ? 'purple' : 'default'}>
                      {p.name || phaseName(p.kind)} {dayjs(p.startsAt).format('MM-DD')}~{dayjs(p.endsAt).format('MM-DD')}
                      {p.slaMultipliers['*'] ? ` · ${t('campaigns.slaShort')}×${p.slaMultipliers['*']}` : ''}
                      {p.patrolMultiplier ? ` · ${t('campaigns.patrolShort')}×${p.patrolMultiplier}` : ''}
                      {p.dailyReport ? ` · ${t('campaigns.dailyShort')}` : ''}
                    </Tag>
                  ))}
                </Space>
              </Col>
            </Row>
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('campaigns.daily.title', { date: daily.date })} className="daily-status">
                {!daily.dutyDay ? (
                  <Typography.Text type="secondary">{t('campaigns.daily.noDuty')}</Typography.Text>
                ) : (
                  <>
                    <Row gutter={16}>
                      <Col span={6}>
                        <Statistic title={t('campaigns.daily.expected')} value={daily.expected} />
                      </Col>
                      <Col span={6}>
                        <Statistic title={t('campaigns.daily.reported')} value={daily.reported} />
                      </Col>
                      <Col span={6}>
                        <Statistic title={t('campaigns.daily.zero')} value={daily.zeroReports} />
                      </Col>
                      <Col span={6}>
                        <Statistic title={t('campaigns.daily.missing')} value={daily.missingCount} styles={{ content: { color: daily.missingCount > 0 ? '#cf1322' : undefined } }} />
                      </Col>
                    </Row>
                    <Progress percent={daily.expected ? Math.round((daily.reported / daily.expected) * 1000) / 10 : 0} style={{ marginTop: 8 }} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('campaigns.daily.due', { at: dayjs(daily.dueAt).format('HH:mm') })}
                    </Typography.Text>
                    {daily.missing.length > 0 && (
                      <List
                        size="small"
                        className="missing-grids"
                        header={<Typography.Text strong>{t('campaigns.daily.missingList', { shown: daily.missing.length, n: daily.missingCount })}</Typography.Text>}
                        dataSource={daily.missing}
                        style={{ maxHeight: 260, overflow: 'auto' }}
                        renderItem={(g) => (
                          <List.Item>
                            {g.name} <Typography.Text type="secondary">{g.gridCode}</Typography.Text>
                          </List.Item>
                        )}
                      />
                    )}
                  </>
                )}
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('campaigns.cases.title')}>
                <Row gutter={16}>
                  <Col span={6}>
                    <Statistic title={t('campaigns.cases.total')} value={d.cases.total} />
                  </Col>
                  <Col span={6}>
                    <Statistic title={t('campaigns.cases.closed')} value={d.cases.closed} />
                  </Col>
                  <Col span={6}>
                    <Statistic title={t('campaigns.cases.open')} value={d.cases.open} />
                  </Col>
                  <Col span={6}>
                    <Statistic title={t('campaigns.cases.overdue')} value={d.cases.overdue} styles={{ content: { color: d.cases.overdue > 0 ? '#cf1322' : undefined } }} />
                  </Col>
                </Row>
                <Typography.Title level={5} style={{ marginTop: 12 }}>
                  {t('campaigns.cases.topOverdue')}
                </Typography.Title>
                <List
                  size="small"
                  dataSource={d.topOverdue}
                  locale={{ emptyText: t('campaigns.cases.noneOverdue') }}
                  renderItem={(x) => (
                    <List.Item onClick={() => navigate(`/console/cases/${x.id}`)} style={{ cursor: 'pointer' }}>
                      <Typography.Text ellipsis style={{ maxWidth: '100%' }}>
                        <a onClick={(e) => e.preventDefault()}>{x.caseNo}</a> · {x.description} · <span style={{ color: '#cf1322' }}>{dayjs(x.stageDueAt).format('MM-DD HH:mm')}</span>
                      </Typography.Text>
                    </List.Item>
                  )}
                />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('campaigns.directives')}>
            <Table
              rowKey="id"
              size="small"
              dataSource={d.directives}
              pagination={false}
              scroll={{ x: 600 }}
              locale={{ emptyText: t('campaigns.noDirectives') }}
              onRow={(r) => ({ onClick: () => navigate(`/console/directives/${r.id}`), className: 'rollup-row-click' })}
              columns={[
                { key: 'title', title: t('directives.form.title'), render: (_, r) => <a onClick={(e) => e.preventDefault()}>{r.title}</a> },
                { key: 'reached', title: t('directives.rollup.reached'), dataIndex: 'reached', width: 90, align: 'right' },
                { key: 'signed', title: t('directives.rollup.signed'), dataIndex: 'signed', width: 90, align: 'right' },
                { key: 'pct', title: t('directives.rollup.signedPct'), width: 160, render: (_, r) => <Progress percent={r.signedPct} size="small" /> },
                { key: 'reported', title: t('campaigns.reportedCount'), dataIndex: 'reported', width: 90, align: 'right' },
              ]}
            />
          </Card>
        </Space>
      )}
      <CloneModal campaign={cloning} onClose={() => setCloning(null)} />
    </div>
  );
}

/** 专项行动 in the console: list, create with phases, dashboard, clone as a template. */
export default function CampaignsPage({ path }: { path: string }) {
  const id = path.split('/')[3];
  return id && /^[0-9a-f-]{36}$/.test(id) ? <CampaignDashboard id={id} /> : <CampaignList />;
}
