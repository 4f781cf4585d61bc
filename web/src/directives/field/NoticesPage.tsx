import { useEffect, useState } from 'react';
import { Alert, App, Badge, Button, Card, Empty, Form, Input, InputNumber, List, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { api, ApiError } from '../../lib/api.ts';
import { navigate } from '../../lib/router.ts';
import { useSession } from '../../lib/session.tsx';
import { useOnline, useOutbox } from '../../lib/outbox/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { pendingFor, queueDailyReport, queueReport, queueSign, recall, remember } from '../offline.ts';
import { chinaDate, isDutyDay, type Campaign, type DailyStatus, type DirectiveView, type InboxItem, type PhaseKind, type Priority } from '../types.ts';
import '../directives.css';

/** Roles whose holders report implementation (落实反馈) for their unit (server: directive.report). */
const REPORTING_ROLES = new Set(['grid_leader', 'leader', 'duty_officer']);

const PRIORITY_COLOR: Record<Priority, string> = { normal: 'default', urgent: 'orange', critical: 'red' };

/**
 * A read that works offline: online it asks the server and remembers the answer for this person;
 * without an answer (offline) it shows the remembered copy and says so.
 */
function useRemembered<T>(path: string | null, what: string, refreshKey: unknown): { data: T | null; offline: boolean; error: unknown; loading: boolean } {
  const { me } = useSession();
  const [state, setState] = useState<{ data: T | null; offline: boolean; error: unknown; loading: boolean }>(() => ({ data: recall<T>(me.id, what), offline: false, error: null, loading: true }));
  useEffect(() => {
    if (!path) return;
    let live = true;
    const cached = recall<T>(me.id, what);
    if (!navigator.onLine) {
      setState({ data: cached, offline: true, error: null, loading: false });
      return;
    }
    api<T>(path).then(
      (data) => {
        remember(me.id, what, data);
        if (live) setState({ data, offline: false, error: null, loading: false });
      },
      (error: unknown) => {
        if (!live) return;
        const network = error instanceof ApiError && error.code === 'NETWORK';
        setState({ data: cached, offline: network, error: network && cached ? null : error, loading: false });
      },
    );
    return () => {
      live = false;
    };
  }, [path, what, me.id, refreshKey]);
  return state;
}

function PriorityTag({ p }: { p: Priority }) {
  const { t } = useTranslation();
  if (p === 'normal') return null;
  return <Tag color={PRIORITY_COLOR[p]}>{t(p === 'urgent' ? 'directives.priority.urgent' : 'directives.priority.critical')}</Tag>;
}

function StatusTag({ signed, pendingSign, reported }: { signed: boolean; pendingSign: boolean; reported: boolean }) {
  const { t } = useTranslation();
  if (reported) return <Tag color="green" icon={<CheckCircleOutlined />}>{t('directives.status.reported')}</Tag>;
  if (signed) return <Tag color="green" icon={<CheckCircleOutlined />} className="notice-signed">{t('directives.status.signed')}</Tag>;
  if (pendingSign) return <Tag color="gold" icon={<ClockCircleOutlined />} className="notice-pending">{t('directives.status.signPending')}</Tag>;
  return <Tag color="blue" className="notice-unsigned">{t('directives.status.unsigned')}</Tag>;
}

/** 今日日报: one card per running campaign that has a daily report duty today for my grid. */
function DailyReportCard({ campaign, gridCode }: { campaign: Campaign; gridCode: string }) {
  const { t, i18n } = useTranslation();
  // The server names phases in Chinese; in English show the kind.
  const phaseLabel = (p: { kind: PhaseKind; name: string }) =>
    i18n.language !== 'en' ? p.name : p.kind === 'preparation' ? t('campaigns.phase.preparation') : p.kind === 'key_period' ? t('campaigns.phase.key_period') : p.kind === 'event_days' ? t('campaigns.phase.event_days') : t('campaigns.phase.wind_down');
  const { message } = App.useApp();
  const commands = useOutbox();
  const today = chinaDate();
  const ref = `${campaign.id}:${today}`;
  const pending = pendingFor(commands, ref);
  const done = commands.filter((c) => c.kind === 'campaign.dailyReport' && c.state === 'done' && (c.payload as { ref: string }).ref === ref).length;
  const status = useRemembered<DailyStatus>(`/api/campaigns/${campaign.id}/daily-reports/status?date=${today}&unit=${gridCode}`, `daily.${ref}`, done);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ incidentCount?: number; summary: string }>();
  const reported = status.data ? status.data.expected > 0 && status.data.missingCount === 0 : false;
  const filed = status.data?.incidents.find((r) => r.gridCode === gridCode) ?? null;

  async function file(nothingToReport: boolean, values?: { incidentCount?: number; summary: string }) {
    await queueDailyReport(campaign.id, t('directives.field.dailyLabel', { name: campaign.name }), {
      gridCode,
      date: today,
      nothingToReport,
      ...(values?.incidentCount !== undefined && values.incidentCount !== null ? { incidentCount: values.incidentCount } : {}),
      ...(values?.summary ? { summary: values.summary.trim() } : {}),
    });
    message.success(navigator.onLine ? t('directives.field.sent') : t('directives.field.queued'));
    setOpen(false);
    form.resetFields();
  }

  return (
    <Card size="small" className="daily-card" data-campaign={campaign.id} title={t('directives.field.dailyTitle')} extra={campaign.currentPhase ? <Tag color="purple">{phaseLabel(campaign.currentPhase)}</Tag> : null}>
      <Typography.Text strong className="daily-campaign">
        {campaign.name}
      </Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: '4px 0 12px' }}>
        {t('directives.field.dailyDue', { date: today, due: campaign.dailyReportDue })}
      </Typography.Paragraph>
      {pending.length > 0 ? (
        <Tag color="gold" icon={<ClockCircleOutlined />}>{t('directives.field.dailyPending')}</Tag>
      ) : reported ? (
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Tag color="green" icon={<CheckCircleOutlined />} className="daily-done">
            {filed ? t('directives.field.dailyDoneIncidents', { n: filed.incidentCount }) : status.data?.zeroReports ? t('directives.field.dailyDoneZero') : t('directives.field.dailyDone')}
          </Tag>
          {filed?.summary && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{filed.summary}</Typography.Paragraph>}
          <Button size="small" type="link" style={{ padding: 0 }} onClick={() => setOpen(!open)}>
            {t('directives.field.dailyAgain')}
          </Button>
        </Space>
      ) : (
        <>
          <Space wrap>
            <Button type="primary" size="large" onClick={() => void file(true)}>
              {t('directives.field.zeroReport')}
            </Button>
            <Button size="large" onClick={() => setOpen(!open)}>
              {t('directives.field.incidents')}
            </Button>
          </Space>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('directives.field.dailyHint')}
          </Typography.Paragraph>
        </>
      )}
      {open && (
        <Form form={form} layout="vertical" style={{ marginTop: 12 }} onFinish={(v) => void file(false, v)}>
          <Form.Item name="incidentCount" label={t('directives.field.incidentCount')}>
            <InputNumber min={0} max={100000} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="summary" label={t('directives.field.summary')} rules={[{ required: true, whitespace: true, message: t('directives.field.summaryRequired') }]}>
            <Input.TextArea rows={3} maxLength={10000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block>
            {t('directives.field.submitDaily')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

function Inbox() {
  const { t } = useTranslation();
  const { me } = useSession();
  const online = useOnline();
  const commands = useOutbox();
  const done = commands.filter((c) => c.state === 'done').length;
  const inbox = useRemembered<{ items: InboxItem[] }>('/api/directives/inbox', 'inbox', `${online}-${done}`);
  const campaigns = useRemembered<{ items: Campaign[] }>('/api/campaigns', 'campaigns', online);
  const gridCode = me.roles.find((r) => r.scopeLevel === 'grid' && (r.role === 'grid_worker' || r.role === 'grid_leader'))?.scopeCode ?? null;
  const today = chinaDate();
  const duty = gridCode ? (campaigns.data?.items ?? []).filter((c) => c.status === 'running' && isDutyDay(c, today)) : [];
  // One row per directive (a person holding two roles gets two deliveries of the same directive).
  const items = [...new Map((inbox.data?.items ?? []).map((i) => [i.id, i])).values()];

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {(inbox.offline || !online) && <Alert type="warning" showIcon title={t('directives.field.offlineData')} />}
      {gridCode && duty.map((c) => <DailyReportCard key={c.id} campaign={c} gridCode={gridCode} />)}
      <Card size="small" title={t('directives.field.inbox')}>
        <ErrorNote error={inbox.error} />
        {inbox.loading && !inbox.data ? (
          <Skeleton active />
        ) : items.length === 0 ? (
          <Empty description={t('directives.field.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <List
            className="notice-list"
            dataSource={items}
            renderItem={(i) => {
              const pendingSign = pendingFor(commands, i.id).some((c) => c.kind === 'directive.sign');
              const late = !i.signedAt && i.signDeadline !== null && Date.parse(i.signDeadline) < Date.now();
              return (
                <List.Item className="notice-item" data-directive={i.id} onClick={() => navigate(`/field/notices/${i.id}`)} style={{ cursor: 'pointer' }}>
                  <div style={{ width: '100%', minWidth: 0 }}>
                    <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
                      <Typography.Text strong className="notice-title">
                        {!i.signedAt && !pendingSign && <Badge status="processing" />} {i.title}
                      </Typography.Text>
                      <StatusTag signed={!!i.signedAt} pendingSign={pendingSign} reported={!!i.reportedAt} />
                    </Space>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      <PriorityTag p={i.priority} />
                      {i.issuerName} · {dayjs(i.createdAt).format('MM-DD HH:mm')}
                      {i.signDeadline && !i.signedAt && (
                        <span style={late ? { color: '#cf1322' } : undefined}>
                          {' · '}
                          {t('directives.field.signBy', { at: dayjs(i.signDeadline).format('MM-DD HH:mm') })}
                        </span>
                      )}
                    </Typography.Text>
                  </div>
                </List.Item>
              );
            }}
          />
        )}
      </Card>
    </Space>
  );
}

function Detail({ id }: { id: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const commands = useOutbox();
  const online = useOnline();
  const done = commands.filter((c) => c.state === 'done').length;
  const view = useRemembered<DirectiveView>(`/api/directives/${id}`, `directive.${id}`, `${online}-${done}`);
  const [form] = Form.useForm<{ text: string; unitCode?: string; answers?: Record<string, string | number> }>();
  const pending = pendingFor(commands, id);
  const failed = commands.filter((c) => c.state === 'failed' && (c.payload as { ref?: string }).ref === id);

  if (view.loading && !view.data) return <Skeleton active />;
  if (!view.data) return <ErrorNote error={view.error ?? new ApiError(0, 'NETWORK', 'offline')} />;
  const { directive: d, myDeliveries } = view.data;
  const signed = myDeliveries.length > 0 && myDeliveries.every((x) => x.signedAt);
  const pendingSign = pending.some((c) => c.kind === 'directive.sign');
  const pendingReport = pending.some((c) => c.kind === 'directive.report');
  const reporting = myDeliveries.filter((x) => REPORTING_ROLES.has(x.role));
  const reported = reporting.length > 0 && reporting.every((x) => x.reportedAt);
  const units = [...new Set(reporting.map((x) => x.unitCode))];

  async function sign() {
    await queueSign(id, t('directives.field.signLabel', { title: d.title }));
    message.success(navigator.onLine ? t('directives.field.signSent') : t('directives.field.signQueued'));
  }

  async function report(v: { text: string; unitCode?: string; answers?: Record<string, string | number> }) {
    const answers = Object.fromEntries(Object.entries(v.answers ?? {}).filter(([, a]) => a !== undefined && a !== null && a !== ''));
    await queueReport(id, t('directives.field.reportLabel', { title: d.title }), {
      text: v.text.trim(),
      ...(v.unitCode ? { unitCode: v.unitCode } : units.length > 1 ? { unitCode: units[0]! } : {}),
      ...(Object.keys(answers).length ? { answers } : {}),
    });
    message.success(navigator.onLine ? t('directives.field.sent') : t('directives.field.queued'));
    form.resetFields();
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {(view.offline || !online) && <Alert type="warning" showIcon title={t('directives.field.offlineData')} />}
      <Button type="link" style={{ padding: 0 }} onClick={() => navigate('/field/notices')}>
        {t('directives.field.back')}
      </Button>
      <Card size="small" title={<span className="notice-detail-title">{d.title}</span>} extra={<StatusTag signed={signed} pendingSign={pendingSign} reported={reported} />}>
        <Space wrap size={4} style={{ marginBottom: 8 }}>
          <PriorityTag p={d.priority} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {d.issuer.name} · {dayjs(d.createdAt).format('YYYY-MM-DD HH:mm')}
          </Typography.Text>
        </Space>
        <Typography.Paragraph className="notice-body" style={{ whiteSpace: 'pre-wrap' }}>
          {d.body}
        </Typography.Paragraph>
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
          {d.signDeadline && t('directives.field.signBy', { at: dayjs(d.signDeadline).format('MM-DD HH:mm') })}
          {d.reportDeadline && ` · ${t('directives.field.reportBy', { at: dayjs(d.reportDeadline).format('MM-DD HH:mm') })}`}
        </Typography.Text>
        {d.supplements.length > 0 && (
          <div className="notice-supplements">
            {d.supplements.map((s) => (
              <Alert key={s.id} type="info" style={{ marginTop: 8 }} title={t('directives.supplementBy', { name: s.authorName })} description={<span style={{ whiteSpace: 'pre-wrap' }}>{s.body}</span>} />
            ))}
          </div>
        )}
      </Card>
      {failed.map((c) => (
        <Alert key={c.id} type="error" showIcon title={(c.payload as { label: string }).label} description={c.lastError} />
      ))}
      {!signed && !pendingSign && (
        <Button type="primary" size="large" block onClick={() => void sign()} className="notice-sign">
          {t('directives.field.sign')}
        </Button>
      )}
      {pendingSign && <Alert type="warning" showIcon title={t('directives.field.signQueued')} />}
      {signed && (
        <Alert type="success" showIcon title={t('directives.field.signedAt', { at: dayjs(myDeliveries.map((x) => x.signedAt!).sort()[0]).format('MM-DD HH:mm') })} />
      )}
      {reporting.length > 0 && (
        <Card size="small" title={t('directives.field.reportTitle')}>
          {reported && (
            <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('directives.field.reportedAt', { at: dayjs(reporting.map((x) => x.reportedAt!).sort()[0]).format('MM-DD HH:mm') })} description={reporting[0]?.reportText} />
          )}
          {pendingReport ? (
            <Alert type="warning" showIcon title={t('directives.field.queued')} />
          ) : (
            <Form form={form} layout="vertical" onFinish={(v) => void report(v)}>
              {units.length > 1 && (
                <Form.Item name="unitCode" label={t('directives.field.forUnit')} initialValue={units[0]}>
                  <Select options={units.map((u) => ({ value: u, label: u }))} />
                </Form.Item>
              )}
              {(d.replyForm ?? [])
                .filter((f) => f.type !== 'photo')
                .map((f) => (
                  <Form.Item key={f.key} name={['answers', f.key]} label={f.label} rules={f.required ? [{ required: true, message: t('directives.field.required') }] : []}>
                    {f.type === 'number' ? <InputNumber style={{ width: '100%' }} /> : f.type === 'choice' ? <Select options={(f.options ?? []).map((o) => ({ value: o, label: o }))} /> : <Input />}
                  </Form.Item>
                ))}
              <Form.Item name="text" label={t('directives.field.reportText')} rules={[{ required: true, whitespace: true, message: t('directives.field.required') }]}>
                <Input.TextArea rows={4} maxLength={10000} />
              </Form.Item>
              <Button type="primary" htmlType="submit" block>
                {reported ? t('directives.field.reportAgain') : t('directives.field.submitReport')}
              </Button>
            </Form>
          )}
        </Card>
      )}
    </Space>
  );
}

/** 通知 on the phone: the inbox (签收 / 落实反馈, offline through the outbox) and today's campaign daily reports. */
export default function NoticesPage({ path }: { path: string }) {
  const id = path.split('/')[3];
  return id && /^[0-9a-f-]{36}$/.test(id) ? <Detail id={id} /> : <Inbox />;
}
