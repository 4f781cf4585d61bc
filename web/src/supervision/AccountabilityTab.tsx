import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api.ts';
import { useApi } from '../lib/useApi.ts';
import { navigate } from '../lib/router.ts';
import { useSession } from '../lib/session.tsx';
import { queryString } from '../lib/cases.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { fmtTime } from '../console/caseUi.tsx';
import { validated } from './format.ts';
import type { AccountabilityRecord } from './types.ts';

const STATE_COLOURS: Record<string, string> = { pending: 'orange', confirmed: 'red', waived: 'default' };
type Decision = { record: AccountabilityRecord; decision: 'confirm' | 'waive' };

/** 责任追究: generate records from the data, list them by state, confirm with a measure or waive with a reason. */
export default function AccountabilityTab({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const decide = me.actions.includes('accountability.decide');
  const [state, setState] = useState<'pending' | 'confirmed' | 'waived' | 'all'>('pending');
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(29, 'day'), dayjs()]);
  const list = useApi<{ records: AccountabilityRecord[] }>(scope ? `/api/accountability${queryString({ scope, state: state === 'all' ? null : state })}` : null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [deciding, setDeciding] = useState<Decision | null>(null);

  const generate = async () => {
    setBusy(true);
    setError(null);
    try {
      const out = await api<{ total: number }>('/api/accountability/generate', { method: 'POST', body: { scope, from: range[0].format('YYYY-MM-DD'), to: range[1].add(1, 'day').format('YYYY-MM-DD') } });
      message.success(t('supervision.acc.generated', { n: out.total }));
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
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
          { title: t('supervision.acc.summary'), dataIndex: 'summary', render: (v: string, r) => (r.caseId ? <Button type="link" className="supervision-drill" onClick={() => navigate(`/console/cases/${r.caseId}`)}>{v}</Button> : v) },
          { title: t('supervision.acc.person'), dataIndex: 'personName', render: (v: string | null) => v ?? '—' },
          { title: t('supervision.acc.unit'), dataIndex: 'unitCode' },
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
      <DecisionModal value={deciding} onClose={() => setDeciding(null)} onDone={list.reload} />
    </Card>
  );
}

/** 确认 (measure: 提醒/通报批评/移交, reason optional) or 免责 (written reason, ≥ 4 characters). */
function DecisionModal({ value, onClose, onDone }: { value: Decision | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ measure?: string; reason?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const waive = value?.decision === 'waive';
  const submit = async () => {
    if (!value) return;
    const v = await validated(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const reason = v.reason?.trim() || undefined;
      await api(`/api/accountability/${value.record.id}/decision`, { method: 'POST', body: waive ? { decision: 'waive', reason } : { decision: 'confirm', measure: v.measure, reason } });
      message.success(t(waive ? 'supervision.acc.waivedDone' : 'supervision.acc.confirmedDone'));
      onClose();
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
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
