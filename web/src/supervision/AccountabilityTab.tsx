import { useState } from 'react';
import { App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api.ts';
import { useAction } from '../lib/useAction.ts';
import { useApi } from '../lib/useApi.ts';
import { navigate } from '../lib/router.ts';
import { useSession } from '../lib/session.tsx';
import { queryString } from '../lib/cases.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { fmtTime } from '../cases/console/caseUi.tsx';
import { validated } from './format.ts';
import type { AccountabilityHistoryRow, AccountabilityRecord } from './types.ts';
import { ResponsibilityChain } from './ResponsibilityChain.tsx';

const STATE_COLOURS: Record<string, string> = { pending: 'orange', confirmed: 'red', waived: 'default' };
type Decision = { record: AccountabilityRecord; decision: 'confirm' | 'waive' };

/** 责任追究: the records (generate, confirm or waive, detail with the case's responsibility chain) and the history (台账) over months. */
export default function AccountabilityTab({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const [view, setView] = useState<'records' | 'history'>('records');
  return (
    <div>
      <Segmented
        className="accountability-view"
        style={{ marginBottom: 12 }}
        value={view}
        onChange={(v) => setView(v as typeof view)}
        options={[
          { value: 'records', label: t('supervision.acc.viewRecords') },
          { value: 'history', label: t('supervision.acc.viewHistory') },
        ]}
      />
      {view === 'records' ? <RecordsView scope={scope} /> : <HistoryView scope={scope} />}
    </div>
  );
}

/** Records by state: generate from the data, confirm with a measure or waive with a reason; a row opens its detail. */
function RecordsView({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const decide = me.actions.includes('accountability.decide');
  const [state, setState] = useState<'pending' | 'confirmed' | 'waived' | 'all'>('pending');
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(29, 'day'), dayjs()]);
  const list = useApi<{ records: AccountabilityRecord[] }>(scope ? `/api/accountability${queryString({ scope, state: state === 'all' ? null : state })}` : null);
  const { run, busy, error } = useAction();
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [open, setOpen] = useState<AccountabilityRecord | null>(null);

  const generate = async () => {
    await run(async () => {
      const out = await api<{ total: number }>('/api/accountability/generate', { method: 'POST', body: { scope, from: range[0].format('YYYY-MM-DD'), to: range[1].add(1, 'day').format('YYYY-MM-DD') } });
      message.success(t('supervision.acc.generated', { n: out.total }));
      list.reload();
    });
  };

  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={state}
          onChange={(v) => setState(v as typeof state)}
          options={[
            { value: 'pending', label: t('supervision.acc.state.pending') },
            { value: 'confirmed', label: t('supervision.acc.state.confirmed') },
            { value: 'waived', label: t('supervision.acc.state.waived') },
            { value: 'all', label: t('supervision.acc.all') },
          ]}
        />
        {decide && (
          <>
            <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} />
            <Button type="primary" onClick={() => void generate()} loading={busy}>
              {t('supervision.acc.generate')}
            </Button>
          </>
        )}
      </Space>
      <ErrorNote error={error ?? list.error} />
      <Table<AccountabilityRecord>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.records ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        className="accountability-records"
        columns={[
          { title: t('supervision.acc.occurredAt'), dataIndex: 'occurredAt', render: (v: string | null) => fmtTime(v) },
          { title: t('supervision.acc.source'), dataIndex: 'sourceKind', render: (v: string) => <Tag>{t(`supervision.acc.kind.${v}`, { defaultValue: v })}</Tag> },
          { title: t('supervision.acc.summary'), dataIndex: 'summary', render: (v: string, r) => <Button type="link" className="supervision-drill accountability-open" onClick={() => setOpen(r)}>{v}</Button> },
          { title: t('supervision.acc.person'), dataIndex: 'personName', render: (v: string | null) => v ?? '—' },
          { title: t('supervision.acc.unit'), dataIndex: 'unitName', render: (v: string | undefined, r) => [v ?? r.unitCode, r.departmentName].filter(Boolean).join(' · ') },
          {
            title: t('supervision.acc.stateCol'),
            dataIndex: 'state',
            render: (v: string, r) => (
              <Space direction="vertical" size={0}>
                <Tag color={STATE_COLOURS[v]}>{t(`supervision.acc.state.${v}`)}{r.measure ? ` · ${t(`supervision.acc.measure.${r.measure}`)}` : ''}</Tag>
                {r.reason && <Typography.Text type="secondary">{r.reason}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: '',
            key: 'decide',
            render: (_, r) =>
              decide && r.state === 'pending' ? (
                <Space>
                  <Button size="small" danger onClick={() => setDeciding({ record: r, decision: 'confirm' })}>{t('supervision.acc.confirm')}</Button>
                  <Button size="small" onClick={() => setDeciding({ record: r, decision: 'waive' })}>{t('supervision.acc.waive')}</Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <RecordDrawer
        record={open}
        onClose={() => setOpen(null)}
        onDecide={decide ? (record, decision) => setDeciding({ record, decision }) : undefined}
      />
      <DecisionModal
        value={deciding}
        onClose={() => setDeciding(null)}
        onDone={() => {
          setOpen(null);
          list.reload();
        }}
      />
    </Card>
  );
}

/** One record: what, who, which unit, the decision; for a case, its responsibility chain (责任链). */
function RecordDrawer({ record, onClose, onDecide }: { record: AccountabilityRecord | null; onClose: () => void; onDecide?: ((r: AccountabilityRecord, d: 'confirm' | 'waive') => void) | undefined }) {
  const { t } = useTranslation();
  const r = record;
  return (
    <Drawer open={!!r} onClose={onClose} size={1000} destroyOnHidden title={t('supervision.acc.detailTitle')} className="accountability-detail"
      extra={r && r.state === 'pending' && onDecide ? (
        <Space>
          <Button danger onClick={() => onDecide(r, 'confirm')}>{t('supervision.acc.confirm')}</Button>
          <Button onClick={() => onDecide(r, 'waive')}>{t('supervision.acc.waive')}</Button>
        </Space>
      ) : null}
    >
      {r && (
        <>
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('supervision.acc.source')}>{t(`supervision.acc.kind.${r.sourceKind}`, { defaultValue: r.sourceKind })}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.acc.occurredAt')}>{fmtTime(r.occurredAt)}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.acc.summary')} span={2}>{r.summary}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.acc.person')}>{r.personName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.acc.unit')}>{[r.unitName ?? r.unitCode, r.departmentName].filter(Boolean).join(' · ')}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.acc.stateCol')}>
              <Tag color={STATE_COLOURS[r.state]}>{t(`supervision.acc.state.${r.state}`)}{r.measure ? ` · ${t(`supervision.acc.measure.${r.measure}`)}` : ''}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('supervision.acc.reason')}>{r.reason ?? '—'}</Descriptions.Item>
            {r.caseId && (
              <Descriptions.Item label={t('supervision.acc.case')} span={2}>
                <Button type="link" className="supervision-drill" onClick={() => navigate(`/console/cases/${r.caseId}`)}>{r.caseNo ?? r.caseId}</Button>
              </Descriptions.Item>
            )}
          </Descriptions>
          {r.caseId ? (
            <>
              <Typography.Title level={5}>{t('supervision.chain.title')}</Typography.Title>
              <ResponsibilityChain caseId={r.caseId} />
            </>
          ) : (
            <Typography.Paragraph type="secondary">{t('supervision.acc.noCase')}</Typography.Paragraph>
          )}
        </>
      )}
    </Drawer>
  );
}

type HistoryBy = 'person' | 'unit' | 'department';

/**
 * 台账: per person, grid or department and month — records (confirmed in red, waived, pending) as a
 * small bar per month; a cell opens the records behind it.
 */
function HistoryView({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const [by, setBy] = useState<HistoryBy>('person');
  const [months, setMonths] = useState<[Dayjs, Dayjs]>([dayjs().subtract(5, 'month').startOf('month'), dayjs().startOf('month')]);
  const from = months[0].startOf('month').format('YYYY-MM-DD');
  const to = months[1].add(1, 'month').startOf('month').format('YYYY-MM-DD');
  const history = useApi<{ rows: AccountabilityHistoryRow[] }>(scope ? `/api/accountability/history${queryString({ scope, by, from, to })}` : null);
  const [cell, setCell] = useState<{ key: string; name: string; month: string | null } | null>(null);
  const monthList: string[] = [];
  for (let m = months[0].startOf('month'); !m.isAfter(months[1], 'month'); m = m.add(1, 'month')) monthList.push(m.format('YYYY-MM'));
  const rows = history.data?.rows ?? [];
  const people = new Map<string, { key: string; name: string; total: number; confirmed: number; byMonth: Map<string, AccountabilityHistoryRow> }>();
  for (const r of rows) {
    const p = people.get(r.key) ?? { key: r.key, name: r.name, total: 0, confirmed: 0, byMonth: new Map() };
    p.total += r.total;
    p.confirmed += Object.values(r.confirmed).reduce((a, b) => a + b, 0);
    p.byMonth.set(r.month, r);
    people.set(r.key, p);
  }
  const data = [...people.values()].sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : 1));
  const max = Math.max(1, ...rows.map((r) => r.total));

  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={by}
          onChange={(v) => setBy(v as HistoryBy)}
          options={(['person', 'unit', 'department'] as const).map((b) => ({ value: b, label: t(`supervision.acc.by.${b}`) }))}
        />
        <DatePicker.RangePicker picker="month" value={months} allowClear={false} onChange={(v) => v && v[0] && v[1] && setMonths([v[0], v[1]])} />
      </Space>
      <ErrorNote error={history.error} />
      <Table
        rowKey="key"
        size="small"
        loading={history.loading}
        dataSource={data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        className="accountability-history"
        columns={[
          { title: t(`supervision.acc.by.${by}`), dataIndex: 'name', fixed: 'left' as const },
          ...monthList.map((month) => ({
            title: month,
            key: month,
            align: 'center' as const,
            render: (_: unknown, p: (typeof data)[number]) => {
              const r = p.byMonth.get(month);
              if (!r) return <Typography.Text type="secondary">·</Typography.Text>;
              const confirmed = Object.values(r.confirmed).reduce((a, b) => a + b, 0);
              const kinds = Object.entries(r.kinds).map(([k, n]) => `${t(`supervision.acc.kind.${k}`, { defaultValue: k })} ${n}`).join('，');
              return (
                <Button type="link" className="supervision-drill history-cell" title={kinds} onClick={() => setCell({ key: p.key, name: p.name, month })}>
                  <span className="history-bar" aria-hidden>
                    <span className="history-bar-confirmed" style={{ width: `${(confirmed / max) * 48}px` }} />
                    <span className="history-bar-pending" style={{ width: `${(r.pending / max) * 48}px` }} />
                    <span className="history-bar-waived" style={{ width: `${(r.waived / max) * 48}px` }} />
                  </span>
                  <span>{r.total}</span>
                </Button>
              );
            },
          })),
          { title: t('supervision.acc.total'), dataIndex: 'total', render: (v: number, p: (typeof data)[number]) => <Button type="link" className="supervision-drill" onClick={() => setCell({ key: p.key, name: p.name, month: null })}><strong>{v}</strong></Button> },
          { title: t('supervision.acc.state.confirmed'), dataIndex: 'confirmed', render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : 0) },
        ]}
      />
      <Space size="large" style={{ marginTop: 8 }} className="history-legend">
        <span><span className="history-bar-confirmed history-swatch" /> {t('supervision.acc.state.confirmed')}</span>
        <span><span className="history-bar-pending history-swatch" /> {t('supervision.acc.state.pending')}</span>
        <span><span className="history-bar-waived history-swatch" /> {t('supervision.acc.state.waived')}</span>
      </Space>
      <HistoryCellDrawer scope={scope} by={by} cell={cell} range={{ from, to }} onClose={() => setCell(null)} />
    </Card>
  );
}

/** The records behind one history cell (a person, grid or department; one month or the whole range). */
function HistoryCellDrawer({ scope, by, cell, range, onClose }: { scope: string; by: HistoryBy; cell: { key: string; name: string; month: string | null } | null; range: { from: string; to: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<AccountabilityRecord | null>(null);
  const from = cell?.month ? `${cell.month}-01` : range.from;
  const to = cell?.month ? dayjs(`${cell.month}-01`).add(1, 'month').format('YYYY-MM-DD') : range.to;
  const filter = cell && cell.key !== 'none' ? (by === 'person' ? { personId: cell.key } : by === 'unit' ? { unitCode: cell.key } : { departmentId: cell.key }) : {};
  const list = useApi<{ records: AccountabilityRecord[] }>(cell && cell.key !== 'none' ? `/api/accountability${queryString({ scope, ...filter, from, to, limit: 500 })}` : null);
  return (
    <Drawer open={!!cell} onClose={onClose} size={900} destroyOnHidden title={cell ? `${cell.name} · ${cell.month ?? `${range.from} ~ ${range.to}`}` : ''}>
      <ErrorNote error={list.error} />
      {cell?.key === 'none' && <Typography.Paragraph type="secondary">{t('supervision.acc.noneKey')}</Typography.Paragraph>}
      <Table<AccountabilityRecord>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.records ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        className="history-records"
        columns={[
          { title: t('supervision.acc.occurredAt'), dataIndex: 'occurredAt', render: (v: string | null) => fmtTime(v) },
          { title: t('supervision.acc.source'), dataIndex: 'sourceKind', render: (v: string) => <Tag>{t(`supervision.acc.kind.${v}`, { defaultValue: v })}</Tag> },
          { title: t('supervision.acc.summary'), dataIndex: 'summary', render: (v: string, r) => <Button type="link" className="supervision-drill" onClick={() => setOpen(r)}>{v}</Button> },
          { title: t('supervision.acc.stateCol'), dataIndex: 'state', render: (v: string, r) => <Tag color={STATE_COLOURS[v]}>{t(`supervision.acc.state.${v}`)}{r.measure ? ` · ${t(`supervision.acc.measure.${r.measure}`)}` : ''}</Tag> },
        ]}
      />
      <RecordDrawer record={open} onClose={() => setOpen(null)} />
    </Drawer>
  );
}

/** 确认 (measure: 提醒/通报批评/移交, reason optional) or 免责 (written reason, ≥ 4 characters). */
function DecisionModal({ value, onClose, onDone }: { value: Decision | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ measure?: string; reason?: string }>();
  const { run, busy, error } = useAction();
  const waive = value?.decision === 'waive';
  const submit = async () => {
    if (!value) return;
    const v = await validated(form);
    if (!v) return;
    await run(async () => {
      const reason = v.reason?.trim() || undefined;
      await api(`/api/accountability/${value.record.id}/decision`, { method: 'POST', body: waive ? { decision: 'waive', reason } : { decision: 'confirm', measure: v.measure, reason } });
      message.success(t(waive ? 'supervision.acc.waivedDone' : 'supervision.acc.confirmedDone'));
      onClose();
      onDone();
    });
  };
  return (
    <Modal open={!!value} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} destroyOnHidden title={t(waive ? 'supervision.acc.waiveTitle' : 'supervision.acc.confirmTitle')} okText={t('supervision.confirm')} cancelText={t('supervision.cancel')}>
      <Typography.Paragraph>{value?.record.summary}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ measure: 'reminder' }}>
        {!waive && (
          <Form.Item name="measure" label={t('supervision.acc.measureLabel')} rules={[{ required: true }]}>
            <Select
              options={[
                { value: 'reminder', label: t('supervision.acc.measure.reminder') },
                { value: 'criticism', label: t('supervision.acc.measure.criticism') },
                { value: 'referral', label: t('supervision.acc.measure.referral') },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('supervision.acc.reason')} rules={waive ? [{ required: true, whitespace: true, min: 4, message: t('supervision.acc.reasonRequired') }] : []}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
      <ErrorNote error={error} />
    </Modal>
  );
}
