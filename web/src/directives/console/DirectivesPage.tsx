import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Breadcrumb, Button, Card, Col, DatePicker, Descriptions, Drawer, Empty, Form, Input, List, Progress, Radio, Row, Select, Space, Statistic, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import { navigate } from '../../lib/router.ts';
import { useSession } from '../../lib/session.tsx';
import { useApi } from '../../lib/useApi.ts';
import type { NodeView } from '../../lib/types.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { usePick } from '../../i18n/usePick.ts';
import { ROLE_NAMES, ROLES, type Role } from '../../../../shared/access/roles.ts';
import type { Campaign, Directive, DirectiveView, Priority, ReplyFormField, Rollup, RollupRow } from '../types.ts';
import '../directives.css';

/** Roles that may issue directives (server: directive.issue). */
const ISSUING_ROLES = new Set(['leader', 'duty_officer']);
/** The roll-up re-reads itself this often while open ("live" without a stream for directives). */
const ROLLUP_REFRESH_MS = 15_000;

function usePriorityLabel() {
  const { t } = useTranslation();
  return (p: Priority) => (p === 'critical' ? t('directives.priority.critical') : p === 'urgent' ? t('directives.priority.urgent') : t('directives.priority.normal'));
}

function PriorityTag({ p }: { p: Priority }) {
  const label = usePriorityLabel();
  return <Tag color={p === 'critical' ? 'red' : p === 'urgent' ? 'orange' : 'default'}>{label(p)}</Tag>;
}

interface IssueValues {
  title: string;
  body: string;
  issuingUnit: string;
  priority: Priority;
  signDeadline?: Dayjs;
  reportDeadline?: Dayjs;
  remindAt?: Dayjs;
  target: 'all' | 'units' | 'roles';
  targetUnits?: string[];
  targetRoles?: Role[];
  campaignId?: string;
  replyForm?: { label: string; type: ReplyFormField['type']; required?: boolean; options?: string }[];
}

/** 下发通知: title, body, priority, deadlines, targets (all units below / chosen units / roles), optional reply form. */
function IssueDrawer({ open, onClose, onIssued, campaignId }: { open: boolean; onClose: () => void; onIssued: (id: string) => void; campaignId?: string }) {
  const { t } = useTranslation();
  const pick = usePick();
  const { me } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<IssueValues>();
  const { run, busy, error } = useAction();
  // One key per opening of the form: a double click or a retry after a lost answer issues once.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const units = [...new Map(me.roles.filter((r) => ISSUING_ROLES.has(r.role)).map((r) => [r.scopeCode, r.scopeName ?? r.scopeCode])).entries()];
  const issuingUnit = Form.useWatch('issuingUnit', form) ?? units[0]?.[0];
  const target = Form.useWatch('target', form) ?? 'all';
  const node = useApi<NodeView>(open && issuingUnit ? `/api/territory/nodes/${issuingUnit}` : null);
  const campaigns = useApi<{ items: Campaign[] }>(open ? '/api/campaigns' : null);

  useEffect(() => {
    if (open) setKey(crypto.randomUUID());
  }, [open]);

  async function submit(v: IssueValues) {
    await run(async () => {
      const replyForm = (v.replyForm ?? []).filter((f) => f.label?.trim()).map((f, i) => ({
        key: `f${i + 1}`,
        label: f.label.trim(),
        type: f.type,
        ...(f.required ? { required: true } : {}),
        ...(f.type === 'choice' ? { options: (f.options ?? '').split(/[,，、\n]/).map((o) => o.trim()).filter(Boolean) } : {}),
      }));
      const body = {
        title: v.title,
        body: v.body,
        issuingUnit: v.issuingUnit,
        priority: v.priority,
        ...(v.signDeadline ? { signDeadline: v.signDeadline.format() } : {}),
        ...(v.reportDeadline ? { reportDeadline: v.reportDeadline.format() } : {}),
        ...(v.remindAt ? { remindAt: v.remindAt.format() } : {}),
        ...(v.target === 'units' && v.targetUnits?.length ? { targetUnits: v.targetUnits } : {}),
        ...(v.target === 'roles' && v.targetRoles?.length ? { targetRoles: v.targetRoles } : {}),
        ...(v.campaignId ? { campaignId: v.campaignId } : {}),
        ...(replyForm.length ? { replyForm } : {}),
      };
      const res = await fetch('/api/directives', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) });
      const data = (await res.json()) as { directive?: Directive; error?: { code: string; message: string; field?: string } };
      if (!res.ok || !data.directive) {
        throw new ApiError(res.status, data.error?.code ?? `HTTP_${res.status}`, data.error?.message ?? res.statusText, data.error?.field ?? null);
      }
      message.success(t('directives.issued', { n: data.directive.deliveredCount }));
      form.resetFields();
      onIssued(data.directive.id);
    });
  }

  return (
    <Drawer open={open} onClose={onClose} size={640} title={t('directives.issueTitle')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ priority: 'normal', target: 'all', issuingUnit: units[0]?.[0], ...(campaignId ? { campaignId } : {}) }}>
        <Form.Item name="title" label={t('directives.form.title')} rules={[{ required: true, whitespace: true, message: t('directives.form.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="body" label={t('directives.form.body')} rules={[{ required: true, whitespace: true, message: t('directives.form.required') }]}>
          <Input.TextArea rows={6} maxLength={20000} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="issuingUnit" label={t('directives.form.issuingUnit')} rules={[{ required: true }]}>
              <Select options={units.map(([code, name]) => ({ value: code, label: name }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="priority" label={t('directives.form.priority')}>
              <Radio.Group optionType="button" options={(['normal', 'urgent', 'critical'] as const).map((p) => ({ value: p, label: <PriorityLabel p={p} /> }))} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="signDeadline" label={t('directives.form.signDeadline')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="reportDeadline" label={t('directives.form.reportDeadline')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="remindAt" label={t('directives.form.remindAt')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="target" label={t('directives.form.target')}>
          <Radio.Group
            options={[
              { value: 'all', label: t('directives.form.targetAll') },
              { value: 'units', label: t('directives.form.targetUnits') },
              { value: 'roles', label: t('directives.form.targetRoles') },
            ]}
          />
        </Form.Item>
        {target === 'units' && (
          <Form.Item name="targetUnits" label={t('directives.form.chooseUnits')} rules={[{ required: true, message: t('directives.form.required') }]}>
            <Select mode="multiple" loading={node.loading} optionFilterProp="label" options={(node.data?.children ?? []).map((c) => ({ value: c.code, label: c.name }))} />
          </Form.Item>
        )}
        {target === 'roles' && (
          <Form.Item name="targetRoles" label={t('directives.form.chooseRoles')} rules={[{ required: true, message: t('directives.form.required') }]}>
            <Select mode="multiple" options={ROLES.filter((r) => r !== 'admin').map((r) => ({ value: r, label: pick(ROLE_NAMES[r]) }))} />
          </Form.Item>
        )}
        <Form.Item name="campaignId" label={t('directives.form.campaign')}>
          <Select allowClear options={(campaigns.data?.items ?? []).filter((c) => c.status !== 'ended').map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Typography.Text strong>{t('directives.form.replyForm')}</Typography.Text>
        <Form.List name="replyForm">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap style={{ display: 'flex', marginBottom: 4 }}>
                  <Form.Item name={[f.name, 'label']} rules={[{ required: true, message: t('directives.form.required') }]}>
                    <Input placeholder={t('directives.form.fieldLabel')} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'type']} initialValue="text">
                    <Select
                      style={{ width: 100 }}
                      options={[
                        { value: 'text', label: t('directives.form.typeText') },
                        { value: 'number', label: t('directives.form.typeNumber') },
                        { value: 'choice', label: t('directives.form.typeChoice') },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'options']}>
                    <Input placeholder={t('directives.form.fieldOptions')} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'required']} valuePropName="checked">
                    <Switch checkedChildren={t('directives.form.fieldRequired')} unCheckedChildren={t('directives.form.fieldOptional')} />
                  </Form.Item>
                  <Button size="small" onClick={() => remove(f.name)}>
                    {t('directives.form.removeField')}
                  </Button>
                </Space>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ type: 'text' })}>
                {t('directives.form.addField')}
              </Button>
            </div>
          )}
        </Form.List>
        <ErrorNote error={error} style={{ marginTop: 12 }} />
        <Button type="primary" htmlType="submit" loading={busy} block style={{ marginTop: 16 }}>
          {t('directives.issue')}
        </Button>
      </Form>
    </Drawer>
  );
}

function PriorityLabel({ p }: { p: Priority }) {
  return <>{usePriorityLabel()(p)}</>;
}

function DirectiveList() {
  const { t } = useTranslation();
  const { me } = useSession();
  // /console/directives?campaign=<id> (from a campaign dashboard) opens the form linked to that campaign.
  const [campaignId] = useState(() => new URLSearchParams(window.location.search).get('campaign') ?? undefined);
  const [open, setOpen] = useState(() => !!campaignId);
  const list = useApi<{ items: Directive[] }>('/api/directives?limit=100');
  const canIssue = me.actions.includes('directive.issue');
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('directives.menu')}
        </Typography.Title>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('directives.refresh')} />
          {canIssue && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
              {t('directives.new')}
            </Button>
          )}
        </Space>
      </Space>
      <ErrorNote error={list.error} />
      <Card size="small">
        <Table<Directive>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(r) => ({ onClick: () => navigate(`/console/directives/${r.id}`), className: 'rollup-row-click' })}
          locale={{ emptyText: <Empty description={t('directives.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          scroll={{ x: 720 }}
          columns={[
            { key: 'title', title: t('directives.form.title'), render: (_, r) => <a href={`/console/directives/${r.id}`} onClick={(e) => e.preventDefault()}>{r.title}</a> },
            { key: 'priority', title: t('directives.form.priority'), width: 90, render: (_, r) => <PriorityTag p={r.priority} /> },
            { key: 'issuer', title: t('directives.issuer'), width: 140, render: (_, r) => r.issuer.name },
            { key: 'delivered', title: t('directives.delivered'), width: 90, align: 'right', render: (_, r) => r.deliveredCount },
            { key: 'sign', title: t('directives.form.signDeadline'), width: 130, render: (_, r) => (r.signDeadline ? dayjs(r.signDeadline).format('MM-DD HH:mm') : '—') },
            { key: 'created', title: t('directives.createdAt'), width: 130, render: (_, r) => dayjs(r.createdAt).format('MM-DD HH:mm') },
          ]}
        />
      </Card>
      <IssueDrawer
        open={open}
        campaignId={campaignId}
        onClose={() => setOpen(false)}
        onIssued={(id) => {
          setOpen(false);
          navigate(`/console/directives/${id}`);
        }}
      />
    </div>
  );
}

/** 落实情况: the roll-up at one unit with drill-down by child unit to a grid and its people. */
function RollupView({ directive }: { directive: Directive }) {
  const { t } = useTranslation();
  const pick = usePick();
  const [trail, setTrail] = useState<{ code: string; name: string }[]>([]);
  const unit = trail[trail.length - 1]?.code ?? directive.issuer.unitCode;
  const [tick, setTick] = useState(0);
  const rollup = useApi<Rollup>(`/api/directives/${directive.id}/rollup?unit=${unit}&_=${tick}`);
  useEffect(() => {
    const timer = setInterval(() => setTick((x) => x + 1), ROLLUP_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const r = rollup.data;
  const [topName, setTopName] = useState<string | null>(null);
  useEffect(() => {
    if (r && r.unit.code === directive.issuer.unitCode) setTopName(r.unit.name);
  }, [r, directive.issuer.unitCode]);
  const roleName = (role: string) => ((ROLES as readonly string[]).includes(role) ? pick(ROLE_NAMES[role as Role]) : role);

  return (
    <Card
      size="small"
      title={t('directives.rollup.title')}
      extra={
        <Button size="small" icon={<ReloadOutlined />} onClick={() => setTick((x) => x + 1)}>
          {t('directives.refresh')}
        </Button>
      }
      className="rollup-card"
    >
      <Breadcrumb
        className="rollup-crumbs"
        items={[{ code: directive.issuer.unitCode, name: topName ?? directive.issuer.unitCode }, ...trail].map((c, i, all) => ({
          key: c.code,
          title: i === all.length - 1 ? <span>{c.name}</span> : <a onClick={() => setTrail(trail.slice(0, i))}>{c.name}</a>,
        }))}
      />
      <ErrorNote error={rollup.error} />
      {r && (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 12 }}>
            <Col xs={12} md={6}>
              <Statistic title={t('directives.rollup.reached')} value={r.totals.reached} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('directives.rollup.signed')} value={r.totals.signed} suffix={<span className="rollup-pct">({r.totals.signedPct}%)</span>} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('directives.rollup.units')} value={r.totals.units} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('directives.rollup.implemented')} value={r.totals.implementedUnits} suffix={<span>({r.totals.implementedPct}%)</span>} />
            </Col>
          </Row>
          {r.children.length > 0 && (
            <Table<RollupRow>
              rowKey="code"
              size="small"
              className="rollup-table"
              dataSource={r.children}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              scroll={{ x: 640 }}
              onRow={(row) => ({
                'data-unit': row.code,
                className: row.ownLevel ? '' : 'rollup-row-click',
                onClick: () => !row.ownLevel && setTrail([...trail, { code: row.code, name: row.name }]),
              }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { key: 'name', title: t('directives.rollup.unit'), render: (_, row) => (row.ownLevel ? row.name : <a onClick={(e) => e.preventDefault()}>{row.name}</a>) },
                { key: 'reached', title: t('directives.rollup.reached'), dataIndex: 'reached', width: 90, align: 'right' },
                { key: 'signed', title: t('directives.rollup.signed'), dataIndex: 'signed', width: 90, align: 'right', className: 'rollup-signed' },
                { key: 'signedPct', title: t('directives.rollup.signedPct'), width: 160, render: (_, row) => <Progress percent={row.signedPct} size="small" status={row.signedPct >= 100 ? 'success' : 'normal'} /> },
                { key: 'impl', title: t('directives.rollup.implemented'), width: 120, align: 'right', render: (_, row) => `${row.implementedUnits}/${row.units}` },
                { key: 'implPct', title: t('directives.rollup.implementedPct'), width: 160, render: (_, row) => <Progress percent={row.implementedPct} size="small" /> },
              ]}
            />
          )}
          {r.people && (
            <Table
              rowKey={(p) => `${p.personId}-${p.role}-${p.unitCode}`}
              size="small"
              className="rollup-people"
              style={{ marginTop: 12 }}
              dataSource={r.people}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              scroll={{ x: 640 }}
              title={() => <Typography.Text strong>{t('directives.rollup.people')}</Typography.Text>}
              columns={[
                { key: 'name', title: t('directives.rollup.person'), dataIndex: 'name' },
                { key: 'role', title: t('directives.rollup.role'), render: (_, p) => roleName(p.role) },
                { key: 'phone', title: t('directives.rollup.phone'), dataIndex: 'phone' },
                { key: 'signed', title: t('directives.rollup.signedAt'), render: (_, p) => (p.signedAt ? <Tag color="green">{dayjs(p.signedAt).format('MM-DD HH:mm')}</Tag> : <Tag>{t('directives.status.unsigned')}</Tag>) },
                { key: 'reported', title: t('directives.rollup.reportedAt'), render: (_, p) => (p.reportedAt ? <span title={p.reportText ?? ''}>{dayjs(p.reportedAt).format('MM-DD HH:mm')} · {p.reportText}</span> : '—') },
              ]}
            />
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('directives.overdue.title', { unsigned: r.overdue.unsignedCount, unreported: r.overdue.unreportedCount })}
          </Typography.Title>
          {r.phonesMasked && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('directives.overdue.masked')}</Typography.Text>}
          <Table
            rowKey={(o) => `${o.kind}-${o.personId}-${o.unitCode}`}
            size="small"
            className="overdue-table"
            dataSource={r.overdue.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 640 }}
            locale={{ emptyText: t('directives.overdue.none') }}
            columns={[
              { key: 'kind', title: t('directives.overdue.kind'), width: 100, render: (_, o) => <Tag color={o.kind === 'sign' ? 'red' : 'orange'}>{o.kind === 'sign' ? t('directives.overdue.unsigned') : t('directives.overdue.unreported')}</Tag> },
              { key: 'name', title: t('directives.rollup.person'), dataIndex: 'name' },
              { key: 'role', title: t('directives.rollup.role'), render: (_, o) => roleName(o.role) },
              { key: 'phone', title: t('directives.rollup.phone'), dataIndex: 'phone' },
              { key: 'unit', title: t('directives.rollup.unit'), dataIndex: 'unitName' },
              { key: 'step', title: t('directives.overdue.step'), width: 90, render: (_, o) => o.escalationStep ?? '—' },
            ]}
          />
        </>
      )}
    </Card>
  );
}

/** 补充要求: a unit on the way down adds its own requirements. */
function Supplements({ directive, onAdded }: { directive: Directive; onAdded: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ unitCode: string; body: string }>();
  const { run, error } = useAction();
  const units = [...new Map(me.roles.filter((r) => ISSUING_ROLES.has(r.role)).map((r) => [r.scopeCode, r.scopeName ?? r.scopeCode])).entries()];
  return (
    <Card size="small" title={t('directives.supplements')}>
      <List
        size="small"
        dataSource={directive.supplements}
        locale={{ emptyText: t('directives.noSupplements') }}
        renderItem={(s) => (
          <List.Item>
            <List.Item.Meta title={`${s.authorName} · ${s.unitCode} · ${dayjs(s.createdAt).format('MM-DD HH:mm')}`} description={<span style={{ whiteSpace: 'pre-wrap' }}>{s.body}</span>} />
          </List.Item>
        )}
      />
      {units.length > 0 && (
        <Form
          form={form}
          layout="vertical"
          style={{ marginTop: 8 }}
          initialValues={{ unitCode: units[0]?.[0] }}
          onFinish={(v) =>
            void run(async () => {
              await api(`/api/directives/${directive.id}/supplements`, { method: 'POST', body: { unitCode: v.unitCode, body: v.body } });
              message.success(t('directives.supplementAdded'));
              form.resetFields(['body']);
              onAdded();
            })
          }
        >
          <Form.Item name="unitCode" label={t('directives.supplementUnit')}>
            <Select options={units.map(([code, name]) => ({ value: code, label: name }))} />
          </Form.Item>
          <Form.Item name="body" label={t('directives.supplementBody')} rules={[{ required: true, whitespace: true, message: t('directives.form.required') }]}>
            <Input.TextArea rows={3} maxLength={10000} />
          </Form.Item>
          <ErrorNote error={error} style={{ marginBottom: 8 }} />
          <Button htmlType="submit">{t('directives.addSupplement')}</Button>
        </Form>
      )}
    </Card>
  );
}

function DirectiveDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const pick = usePick();
  const view = useApi<DirectiveView>(`/api/directives/${id}`);
  const d = view.data?.directive;
  const targets = useMemo(() => {
    if (!d) return '';
    const roles = d.targetRoles ? d.targetRoles.map((r) => ((ROLES as readonly string[]).includes(r) ? pick(ROLE_NAMES[r as Role]) : r)).join('、') : null;
    const units = d.targetUnits ? d.targetUnits.join('、') : t('directives.form.targetAll');
    return roles ? `${units} · ${roles}` : units;
  }, [d, pick, t]);
  return (
    <div>
      <Button type="link" style={{ padding: 0, marginBottom: 8 }} onClick={() => navigate('/console/directives')}>
        {t('directives.backToList')}
      </Button>
      <ErrorNote error={view.error} />
      {d && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card size="small" title={<span className="directive-title">{d.title}</span>} extra={<PriorityTag p={d.priority} />}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{d.body}</Typography.Paragraph>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 3 }}
              items={[
                { key: 'issuer', label: t('directives.issuer'), children: d.issuer.name },
                { key: 'created', label: t('directives.createdAt'), children: dayjs(d.createdAt).format('YYYY-MM-DD HH:mm') },
                { key: 'delivered', label: t('directives.delivered'), children: d.deliveredCount },
                { key: 'sign', label: t('directives.form.signDeadline'), children: d.signDeadline ? dayjs(d.signDeadline).format('YYYY-MM-DD HH:mm') : '—' },
                { key: 'report', label: t('directives.form.reportDeadline'), children: d.reportDeadline ? dayjs(d.reportDeadline).format('YYYY-MM-DD HH:mm') : '—' },
                { key: 'targets', label: t('directives.form.target'), children: targets },
              ]}
            />
            {d.replyForm && (
              <Alert type="info" style={{ marginTop: 8 }} title={t('directives.form.replyForm')} description={d.replyForm.map((f) => `${f.label}${f.required ? ' *' : ''}`).join('；')} />
            )}
          </Card>
          <RollupView directive={d} />
          <Supplements directive={d} onAdded={view.reload} />
        </Space>
      )}
    </div>
  );
}

/** 通知/指令 in the console: list, issue, detail with the live roll-up, overdue list and supplements. */
export default function DirectivesPage({ path }: { path: string }) {
  const id = path.split('/')[3];
  return id && /^[0-9a-f-]{36}$/.test(id) ? <DirectiveDetail id={id} /> : <DirectiveList />;
}

