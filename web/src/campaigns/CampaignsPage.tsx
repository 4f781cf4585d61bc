import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { Alert, App, Breadcrumb, Button, Card, Col, DatePicker, Descriptions, Drawer, Empty, Form, Input, InputNumber, List, Modal, Progress, Row, Select, Space, Statistic, Switch, Table, Tag, TimePicker, Typography } from 'antd';
import { CopyOutlined, DeleteOutlined, NotificationOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../lib/api.ts';
import { useAction } from '../lib/useAction.ts';
import { navigate } from '../lib/router.ts';
import { useSession } from '../lib/session.tsx';
import { useApi } from '../lib/useApi.ts';
import type { Category } from '../lib/cases.ts';
import type { NodeView } from '../lib/types.ts';
import { usePick } from '../i18n/usePick.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import type { Campaign, Dashboard, Phase, PhaseKind } from '../directives/types.ts';
import '../directives/directives.css';

const MANAGING_ROLES = new Set(['leader', 'duty_officer']);
const KINDS: PhaseKind[] = ['preparation', 'key_period', 'event_days', 'wind_down'];
const RED = '#cf1322';

function usePhaseName() {
  const { t } = useTranslation();
  return (k: PhaseKind) =>
    k === 'preparation' ? t('campaigns.phase.preparation') : k === 'key_period' ? t('campaigns.phase.key_period') : k === 'event_days' ? t('campaigns.phase.event_days') : t('campaigns.phase.wind_down');
}

/** A phase's display name: the kind in the UI language (the server's default name is the Chinese kind). */
function usePhaseLabel() {
  const phaseName = usePhaseName();
  const { i18n } = useTranslation();
  return (p: { kind: PhaseKind; name: string }) => (i18n.language === 'en' || !p.name ? phaseName(p.kind) : p.name);
}

/** Case categories by code, for naming SLA multipliers ('*' = every category). */
function useCategoryNames(enabled: boolean) {
  const pick = usePick();
  const { t } = useTranslation();
  const res = useApi<{ categories: Category[] }>(enabled ? '/api/categories' : null);
  return useMemo(() => {
    const byCode = new Map((res.data?.categories ?? []).map((c) => [c.code, c]));
    const name = (code: string) => (code === '*' ? t('campaigns.allCategories') : byCode.has(code) ? pick({ zh: byCode.get(code)!.nameZh, en: byCode.get(code)!.nameEn }) : code);
    const options = [
      { value: '*', label: t('campaigns.allCategories') },
      ...(res.data?.categories ?? []).map((c) => ({ value: c.code, label: `${c.parentCode ? '\u3000' : ''}${c.code} ${pick({ zh: c.nameZh, en: c.nameEn })}` })),
    ];
    return { name, options };
  }, [res.data, pick, t]);
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
      <div className="campaign-countdown" data-testid="countdown" data-seconds={left}>
        {left > 0 ? t('campaigns.countdown', { d, h: String(h).padStart(2, '0'), m: String(m).padStart(2, '0'), s: String(s).padStart(2, '0') }) : t('campaigns.countdownReached')}
      </div>
    </div>
  );
}

/** "时限 ×0.5（市容环境）" tags for a phase's SLA multipliers. */
function SlaTags({ phase, name }: { phase: Phase; name: (code: string) => string }) {
  const entries = Object.entries(phase.slaMultipliers);
  if (entries.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space wrap size={4}>
      {entries.map(([code, m]) => (
        <Tag key={code} color={m < 1 ? 'volcano' : 'default'} className="phase-sla">
          {name(code)} ×{m}
        </Tag>
      ))}
    </Space>
  );
}

/**
 * Enter confirms a typed date or time in the pickers; in this long form it must not also submit it
 * (only the 创建 button does). The picker handles the key first, then this stops the implicit submit.
 */
function noEnterSubmit(e: KeyboardEvent<HTMLFormElement>) {
  if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
}

interface PhaseValues {
  kind: PhaseKind;
  range: [Dayjs, Dayjs];
  sla?: { category: string; value: number }[];
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
  const { run, busy, error } = useAction();
  const categories = useCategoryNames(open);
  const units = [...new Map(me.roles.filter((r) => MANAGING_ROLES.has(r.role)).map((r) => [r.scopeCode, r.scopeName ?? r.scopeCode])).entries()];
  // A campaign may cover the whole scope or one unit directly below it (a district event for a city leader).
  const top = useApi<NodeView>(open && units[0] ? `/api/territory/nodes/${units[0][0]}` : null);
  const territoryOptions = [
    ...units.map(([code, name]) => ({ value: code, label: name })),
    ...(top.data?.children ?? []).map((c) => ({ value: c.code, label: `\u3000${c.name}` })),
  ];
  async function submit(v: CreateValues) {
    await run(async () => {
      const body = {
        name: v.name,
        ...(v.description ? { description: v.description } : {}),
        territoryCode: v.territoryCode,
        startsAt: v.period[0].second(0).format(),
        endsAt: v.period[1].second(0).format(),
        ...(v.eventAt ? { eventAt: v.eventAt.second(0).format() } : {}),
        ...(v.due ? { dailyReportDue: v.due.format('HH:mm') } : {}),
        phases: (v.phases ?? []).map((p) => {
          const sla = Object.fromEntries((p.sla ?? []).filter((r) => r?.category && r.value && r.value !== 1).map((r) => [r.category, r.value]));
          return {
            kind: p.kind,
            startsAt: p.range[0].second(0).format(),
            endsAt: p.range[1].second(0).format(),
            ...(Object.keys(sla).length ? { slaMultipliers: sla } : {}),
            ...(p.patrol && p.patrol !== 1 ? { patrolMultiplier: p.patrol } : {}),
            dailyReport: !!p.dailyReport,
          };
        }),
      };
      const res = await api<{ campaign: Campaign }>('/api/campaigns', { method: 'POST', body });
      message.success(t('campaigns.created'));
      form.resetFields();
      onCreated(res.campaign.id);
    });
  }
  return (
    <Drawer open={open} onClose={onClose} size={760} title={t('campaigns.new')} destroyOnHidden>
      <Form form={form} name="campaign-create" layout="vertical" onFinish={(v) => void submit(v)} onKeyDown={noEnterSubmit} initialValues={{ territoryCode: units[0]?.[0], phases: [{ kind: 'preparation' }] }}>
        <Form.Item name="name" label={t('campaigns.form.name')} rules={[{ required: true, whitespace: true, message: t('directives.form.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('campaigns.form.description')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="territoryCode" label={t('campaigns.form.territory')} rules={[{ required: true }]}>
              <Select options={territoryOptions} showSearch={{ optionFilterProp: 'label' }} loading={top.loading} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="due" label={t('campaigns.form.dailyDue')} extra={t('campaigns.form.dailyDueHelp')}>
              <TimePicker format="HH:mm" style={{ width: '100%' }} placeholder="18:00" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} md={14}>
            <Form.Item name="period" label={t('campaigns.form.period')} rules={[{ required: true, message: t('directives.form.required') }]}>
              <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} className="campaign-period" />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="eventAt" label={t('campaigns.form.eventAt')} extra={t('campaigns.form.eventAtHelp')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t('campaigns.form.phases')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
          {t('campaigns.form.phasesHelp')}
        </Typography.Paragraph>
        <Form.List name="phases">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((f, i) => (
                <Card
                  key={f.key}
                  size="small"
                  className="phase-card"
                  style={{ marginBottom: 8 }}
                  title={t('campaigns.form.phaseN', { n: i + 1 })}
                  extra={fields.length > 1 ? <Button size="small" icon={<DeleteOutlined />} onClick={() => remove(f.name)}>{t('directives.form.removeField')}</Button> : null}
                >
                  <Row gutter={8}>
                    <Col xs={24} md={8}>
                      <Form.Item name={[f.name, 'kind']} label={t('campaigns.form.phaseKind')} rules={[{ required: true }]}>
                        <Select options={KINDS.map((k) => ({ value: k, label: phaseName(k) }))} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={16}>
                      <Form.Item name={[f.name, 'range']} label={t('campaigns.form.phaseRange')} rules={[{ required: true, message: t('directives.form.required') }]}>
                        <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={8}>
                      <Form.Item name={[f.name, 'patrol']} label={t('campaigns.form.patrolMultiplier')}>
                        <InputNumber min={0.1} max={10} step={0.5} placeholder="1" style={{ width: '100%' }} prefix="×" />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={16}>
                      <Form.Item name={[f.name, 'dailyReport']} label={t('campaigns.form.dailyReport')} valuePropName="checked">
                        <Switch checkedChildren={t('campaigns.form.dailyOn')} unCheckedChildren={t('campaigns.form.dailyOff')} />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Typography.Text>{t('campaigns.form.slaMultiplier')}</Typography.Text>
                  <Form.List name={[f.name, 'sla']}>
                    {(rules, ops) => (
                      <div style={{ marginTop: 4 }}>
                        {rules.map((r) => (
                          <Space key={r.key} align="baseline" wrap style={{ display: 'flex' }} className="sla-rule">
                            <Form.Item name={[r.name, 'category']} rules={[{ required: true, message: t('directives.form.required') }]} style={{ marginBottom: 8 }}>
                              <Select style={{ width: 260 }} showSearch={{ optionFilterProp: 'label' }} options={categories.options} placeholder={t('campaigns.form.slaCategory')} aria-label={t('campaigns.form.slaCategory')} />
                            </Form.Item>
                            <Form.Item name={[r.name, 'value']} rules={[{ required: true, message: t('directives.form.required') }]} style={{ marginBottom: 8 }}>
                              <InputNumber min={0.1} max={10} step={0.1} prefix="×" style={{ width: 110 }} aria-label={t('campaigns.form.slaValue')} />
                            </Form.Item>
                            <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => ops.remove(r.name)} aria-label={t('directives.form.removeField')} />
                          </Space>
                        ))}
                        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => ops.add({ value: 0.5 })}>
                          {t('campaigns.form.addSla')}
                        </Button>
                      </div>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ kind: KINDS[Math.min(fields.length, 3)] })}>
                {t('campaigns.form.addPhase')}
              </Button>
            </div>
          )}
        </Form.List>
        <ErrorNote error={error} style={{ marginTop: 12 }} />
        <Button type="primary" htmlType="submit" block loading={busy} style={{ marginTop: 16 }}>
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
  const { run, error } = useAction();
  return (
    <Modal
      open={!!campaign}
      title={t('campaigns.clone')}
      okText={t('campaigns.cloneOk')}
      onCancel={onClose}
      destroyOnHidden
      onOk={() =>
        void form.validateFields().then((v) =>
          run(async () => {
            const res = await api<{ campaign: Campaign }>(`/api/campaigns/${campaign!.id}/clone`, { method: 'POST', body: { startsAt: v.startsAt.second(0).format(), ...(v.name ? { name: v.name } : {}) } });
            message.success(t('campaigns.cloned'));
            onClose();
            navigate(`/console/campaigns/${res.campaign.id}`);
          }),
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('campaigns.cloneHelp', { start: campaign ? dayjs(campaign.startsAt).format('YYYY-MM-DD HH:mm') : '' })}</Typography.Paragraph>
      <Form form={form} name="campaign-clone" layout="vertical">
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
  const phaseLabel = usePhaseLabel();
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
          scroll={{ x: 900 }}
          className="campaign-list"
          locale={{ emptyText: <Empty description={t('campaigns.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          onRow={(r) => ({ onClick: () => navigate(`/console/campaigns/${r.id}`), className: 'rollup-row-click' })}
          columns={[
            { key: 'name', title: t('campaigns.form.name'), render: (_, r) => <a href={`/console/campaigns/${r.id}`} onClick={(e) => e.preventDefault()}>{r.name}</a> },
            { key: 'status', title: t('campaigns.statusTitle'), width: 90, render: (_, r) => <StatusTag s={r.status} /> },
            { key: 'phase', title: t('campaigns.currentPhase'), width: 120, render: (_, r) => (r.currentPhase ? phaseLabel(r.currentPhase) : '—') },
            { key: 'period', title: t('campaigns.form.period'), width: 250, render: (_, r) => `${dayjs(r.startsAt).format('YYYY-MM-DD HH:mm')} ~ ${dayjs(r.endsAt).format('MM-DD HH:mm')}` },
            { key: 'countdown', title: t('campaigns.countdownTitle'), width: 130, render: (_, r) => (r.countdown.secondsLeft > 0 ? t('campaigns.daysLeft', { n: Math.ceil(r.countdown.secondsLeft / 86400) }) : '—') },
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

/** 阶段安排: each phase with its dates, SLA multipliers by category, patrol multiplier and daily report duty. */
function PhaseTable({ campaign, categoryName }: { campaign: Campaign; categoryName: (code: string) => string }) {
  const { t } = useTranslation();
  const phaseLabel = usePhaseLabel();
  return (
    <Table<Phase>
      rowKey="id"
      size="small"
      className="phase-table"
      dataSource={campaign.phases}
      pagination={false}
      scroll={{ x: 760 }}
      rowClassName={(p) => (campaign.currentPhase?.id === p.id ? 'phase-current' : '')}
      columns={[
        {
          key: 'phase',
          title: t('campaigns.phaseTitle'),
          width: 150,
          render: (_, p) => (
            <Space size={4}>
              <span>{phaseLabel(p)}</span>
              {campaign.currentPhase?.id === p.id && <Tag color="purple">{t('campaigns.now')}</Tag>}
            </Space>
          ),
        },
        { key: 'range', title: t('campaigns.form.phaseRange'), width: 230, render: (_, p) => `${dayjs(p.startsAt).format('MM-DD HH:mm')} ~ ${dayjs(p.endsAt).format('MM-DD HH:mm')}` },
        { key: 'sla', title: t('campaigns.form.slaMultiplier'), render: (_, p) => <SlaTags phase={p} name={categoryName} /> },
        { key: 'patrol', title: t('campaigns.form.patrolMultiplier'), width: 140, render: (_, p) => (p.patrolMultiplier && p.patrolMultiplier !== 1 ? `×${p.patrolMultiplier}` : '—') },
        { key: 'daily', title: t('campaigns.form.dailyReport'), width: 150, render: (_, p) => (p.dailyReport ? t('campaigns.dailyDuty', { at: campaign.dailyReportDue }) : '—') },
      ]}
    />
  );
}

/** 指挥看板: countdown, phases, today's daily reports (missing grids, escalation), directives, case KPIs, top overdue. */
function CampaignDashboard({ id }: { id: string }) {
  const { t } = useTranslation();
  const phaseLabel = usePhaseLabel();
  const { me } = useSession();
  const [tick, setTick] = useState(0);
  const [cloning, setCloning] = useState<Campaign | null>(null);
  // Drill-down below the campaign territory: the whole dashboard reads at the last unit of the trail.
  const [trail, setTrail] = useState<{ code: string; name: string }[]>([]);
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
  const placeName = (n: { name: string; nameEn?: string | null }) => pick({ zh: n.name, en: n.nameEn ?? null });
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
          <Card
            size="small"
            className="campaign-head"
            title={
              <Space wrap>
                <span className="campaign-name">{c.name}</span>
                <StatusTag s={c.status} />
                {c.clonedFrom && <Tag>{t('campaigns.fromTemplate')}</Tag>}
              </Space>
            }
            extra={
              <Space>
                <Button size="small" icon={<ReloadOutlined />} onClick={() => setTick((x) => x + 1)}>
                  {t('directives.refresh')}
                </Button>
                {me.actions.includes('campaign.manage') && (
                  <Button size="small" icon={<CopyOutlined />} onClick={() => setCloning(c)}>
                    {t('campaigns.clone')}
                  </Button>
                )}
              </Space>
            }
          >
            <Row gutter={[24, 16]}>
              <Col xs={24} md={8}>
                <Countdown target={c.countdown.target} />
              </Col>
              <Col xs={24} md={6}>
                <Typography.Text type="secondary">{t('campaigns.currentPhase')}</Typography.Text>
                <div className="campaign-phase-now">{c.currentPhase ? phaseLabel(c.currentPhase) : '—'}</div>
                {c.currentPhase && <Typography.Text type="secondary">{t('campaigns.until', { at: dayjs(c.currentPhase.endsAt).format('MM-DD HH:mm') })}</Typography.Text>}
              </Col>
              <Col xs={24} md={10}>
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    { key: 'territory', label: t('campaigns.form.territory'), children: topName ?? c.territoryCode },
                    { key: 'period', label: t('campaigns.form.period'), children: `${dayjs(c.startsAt).format('YYYY-MM-DD HH:mm')} ~ ${dayjs(c.endsAt).format('YYYY-MM-DD HH:mm')}` },
                    { key: 'due', label: t('campaigns.form.dailyDue'), children: t('campaigns.dailyDuty', { at: c.dailyReportDue }) },
                  ]}
                />
              </Col>
            </Row>
            {c.description && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, whiteSpace: 'pre-wrap' }}>
                {c.description}
              </Typography.Paragraph>
            )}
          </Card>
          <Card size="small" title={t('campaigns.phasesTitle')}>
            <PhaseTable campaign={c} categoryName={categories.name} />
          </Card>
          <Card size="small" className="campaign-scope">
            <Space wrap align="center">
              <Typography.Text type="secondary">{t('campaigns.scope')}</Typography.Text>
              <Breadcrumb
                className="campaign-crumbs"
                items={[{ code: c.territoryCode, name: topName ?? c.territoryCode }, ...trail].map((x, i, all) => ({
                  key: x.code,
                  title: i === all.length - 1 ? <span>{x.name}</span> : <a onClick={() => setTrail(trail.slice(0, i))}>{x.name}</a>,
                }))}
              />
              {children.length > 0 && (
                <Select
                  className="campaign-drill"
                  size="small"
                  style={{ minWidth: 200 }}
                  placeholder={t('campaigns.drillDown')}
                  showSearch={{ optionFilterProp: 'label' }}
                  value={null}
                  options={children.map((x) => ({ value: x.code, label: placeName(x) }))}
                  onChange={(code: string) => {
                    const x = children.find((y) => y.code === code);
                    if (x) setTrail([...trail, { code: x.code, name: placeName(x) }]);
                  }}
                />
              )}
            </Space>
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
                        <Statistic title={t('campaigns.daily.expected')} value={daily.expected} className="daily-expected" />
                      </Col>
                      <Col span={6}>
                        <Statistic title={t('campaigns.daily.reported')} value={daily.reported} className="daily-reported" />
                      </Col>
                      <Col span={6}>
                        <Statistic title={t('campaigns.daily.zero')} value={daily.zeroReports} className="daily-zero" />
                      </Col>
                      <Col span={6}>
                        <Statistic title={t('campaigns.daily.missing')} value={daily.missingCount} className="daily-missing" styles={{ content: { color: daily.missingCount > 0 ? RED : undefined } }} />
                      </Col>
                    </Row>
                    <Progress percent={daily.expected ? Math.round((daily.reported / daily.expected) * 1000) / 10 : 0} style={{ marginTop: 8 }} />
                    <div className="daily-escalation">
                      {daily.escalation ? (
                        <Alert type="error" showIcon title={t('campaigns.daily.escalated', { at: dayjs(daily.escalation.at).format('HH:mm'), n: daily.escalation.missing })} />
                      ) : daily.pastDue && daily.missingCount > 0 ? (
                        <Alert type="warning" showIcon title={t('campaigns.daily.pastDue', { at: dayjs(daily.dueAt).format('HH:mm') })} />
                      ) : (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('campaigns.daily.due', { at: dayjs(daily.dueAt).format('HH:mm') })}
                        </Typography.Text>
                      )}
                    </div>
                    {daily.missing.length > 0 ? (
                      <List
                        size="small"
                        className="missing-grids"
                        header={<Typography.Text strong>{t('campaigns.daily.missingList', { shown: daily.missing.length, n: daily.missingCount })}</Typography.Text>}
                        dataSource={daily.missing}
                        style={{ maxHeight: 260, overflow: 'auto' }}
                        renderItem={(g) => (
                          <List.Item data-grid={g.gridCode}>
                            <span>{g.name}</span> <Typography.Text type="secondary">{g.gridCode}</Typography.Text>
                          </List.Item>
                        )}
                      />
                    ) : (
                      daily.expected > 0 && <Alert type="success" showIcon style={{ marginTop: 8 }} title={t('campaigns.daily.allIn')} />
                    )}
                    {daily.incidents.length > 0 && (
                      <List
                        size="small"
                        className="daily-incidents"
                        header={<Typography.Text strong>{t('campaigns.daily.incidentsTitle')}</Typography.Text>}
                        dataSource={daily.incidents}
                        renderItem={(r) => (
                          <List.Item data-grid={r.gridCode}>
                            <div style={{ minWidth: 0 }}>
                              <Space wrap size={4}>
                                <Typography.Text strong>{r.name}</Typography.Text>
                                <Tag color="orange">{t('campaigns.daily.incidentCount', { n: r.incidentCount })}</Tag>
                                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                  {r.reporterName} · {dayjs(r.reportedAt).format('HH:mm')}
                                </Typography.Text>
                              </Space>
                              <div style={{ whiteSpace: 'pre-wrap' }}>{r.summary}</div>
                            </div>
                          </List.Item>
                        )}
                      />
                    )}
                  </>
                )}
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('campaigns.cases.title')} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('campaigns.cases.since', { at: dayjs(d.cases.from).format('MM-DD HH:mm') })}</Typography.Text>}>
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
                    <Statistic title={t('campaigns.cases.overdue')} value={d.cases.overdue} styles={{ content: { color: d.cases.overdue > 0 ? RED : undefined } }} />
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
                        <a onClick={(e) => e.preventDefault()}>{x.caseNo}</a> · {categories.name(x.categoryCode)} · {x.description} · <span style={{ color: RED }}>{t('campaigns.cases.dueAt', { at: dayjs(x.stageDueAt).format('MM-DD HH:mm') })}</span>
                      </Typography.Text>
                    </List.Item>
                  )}
                />
              </Card>
            </Col>
          </Row>
          <Card
            size="small"
            className="campaign-directives"
            title={t('campaigns.directives')}
            extra={
              me.actions.includes('directive.issue') ? (
                <Button size="small" icon={<NotificationOutlined />} onClick={() => navigate(`/console/directives?campaign=${c.id}`)}>
                  {t('campaigns.issueDirective')}
                </Button>
              ) : null
            }
          >
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
                { key: 'reached', title: t('directives.rollup.reached'), dataIndex: 'reached', width: 90, align: 'right', className: 'directive-reached' },
                { key: 'signed', title: t('directives.rollup.signed'), dataIndex: 'signed', width: 90, align: 'right', className: 'directive-signed' },
                { key: 'pct', title: t('directives.rollup.signedPct'), width: 160, render: (_, r) => <Progress percent={r.signedPct} size="small" /> },
                { key: 'reported', title: t('campaigns.reportedCount'), dataIndex: 'reported', width: 90, align: 'right' },
                { key: 'sign', title: t('directives.form.signDeadline'), width: 130, render: (_, r) => (r.signDeadline ? dayjs(r.signDeadline).format('MM-DD HH:mm') : '—') },
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
  return id && /^[0-9a-f-]{36}$/.test(id) ? <CampaignDashboard key={id} id={id} /> : <CampaignList />;
}
