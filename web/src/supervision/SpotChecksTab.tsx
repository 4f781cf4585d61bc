import { useState } from 'react';
import { App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Modal, Segmented, Select, Space, Statistic, Switch, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../lib/api.ts';
import { useAction } from '../lib/useAction.ts';
import { useApi } from '../lib/useApi.ts';
import { navigate } from '../lib/router.ts';
import { useSession } from '../lib/session.tsx';
import { queryString } from '../lib/cases.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { fmtTime, StateTag } from '../cases/console/caseUi.tsx';
import { pct, randomSeed, validated } from './format.ts';
import type { SpotCheckBatch, SpotCheckBatchSummary, SpotCheckDraw, SpotCheckItem } from './types.ts';

interface Params {
  seed: number;
  range: [Dayjs, Dayjs];
  confidence: number;
  margin: number;
  stratum: 'street' | 'county';
}

const RESULT_COLOURS: Record<string, string> = { pending: 'default', passed: 'green', failed: 'red' };

/** Result tag: 待复核 / 合格 / 不合格. */
function ResultTag({ result }: { result: string }) {
  const { t } = useTranslation();
  return <Tag color={RESULT_COLOURS[result] ?? 'default'}>{t(`supervision.result.${result}`)}</Tag>;
}

/**
 * 随机抽查: the inspector's own assignments (record callback + re-check), and — for those who manage spot
 * checks — sample-size preview, a seeded draw, and the recorded batches with their items.
 */
export default function SpotChecksTab({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const manage = me.actions.includes('spotcheck.manage');
  const mine = useApi<{ items: SpotCheckItem[] }>('/api/spotchecks/mine');
  const batches = useApi<{ batches: SpotCheckBatchSummary[] }>(manage && scope ? `/api/spotchecks${queryString({ scope })}` : null);
  const [openBatch, setOpenBatch] = useState<string | null>(null);
  const [recording, setRecording] = useState<SpotCheckItem | null>(null);
  const reloadAll = () => {
    mine.reload();
    batches.reload();
  };

  return (
    <div>
      <Card title={t('supervision.spot.mine')} size="small" extra={<Button icon={<ReloadOutlined />} onClick={mine.reload} aria-label={t('supervision.reload')} />}>
        <ErrorNote error={mine.error} />
        <ItemsTable items={mine.data?.items ?? []} loading={mine.loading} onRecord={setRecording} showInspector={false} />
      </Card>
      {manage && <DrawCard scope={scope} onCreated={(id) => { batches.reload(); setOpenBatch(id); }} />}
      {manage && (
        <Card title={t('supervision.spot.batches')} size="small">
          <ErrorNote error={batches.error} />
          <Table<SpotCheckBatchSummary>
            rowKey="id"
            size="small"
            loading={batches.loading}
            dataSource={batches.data?.batches ?? []}
            pagination={false}
            scroll={{ x: true }}
            onRow={(r) => ({ onClick: () => setOpenBatch(r.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('supervision.spot.createdAt'), dataIndex: 'createdAt', render: (v: string) => fmtTime(v) },
              { title: t('supervision.spot.period'), render: (_, r) => `${dayjs(r.period.from).format('YYYY-MM-DD')} ~ ${dayjs(r.period.to).subtract(1, 'ms').format('YYYY-MM-DD')}` },
              { title: t('supervision.spot.seed'), dataIndex: 'seed' },
              { title: t('supervision.spot.population'), dataIndex: 'population' },
              { title: t('supervision.spot.sampleSize'), dataIndex: 'sampleSize' },
              { title: t('supervision.spot.pending'), dataIndex: 'pending' },
              { title: t('supervision.spot.failed'), dataIndex: 'failed', render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : v) },
              { title: t('supervision.spot.passRate'), dataIndex: 'passRate', render: (v: number | null) => pct(v) },
            ]}
          />
        </Card>
      )}
      <BatchDrawer id={openBatch} onClose={() => setOpenBatch(null)} onRecord={setRecording} />
      <RecordModal item={recording} onClose={() => setRecording(null)} onDone={reloadAll} />
    </div>
  );
}

/** Items of a batch or of "my tasks": case, state now, stratum, inspector, result. */
function ItemsTable({ items, loading, onRecord, showInspector }: { items: SpotCheckItem[]; loading?: boolean; onRecord: (i: SpotCheckItem) => void; showInspector: boolean }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const manage = me.actions.includes('spotcheck.manage');
  return (
    <Table<SpotCheckItem>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={items}
      pagination={items.length > 20 ? { pageSize: 20 } : false}
      scroll={{ x: true }}
      className="spotcheck-items"
      columns={[
        { title: t('supervision.spot.caseNo'), dataIndex: 'caseNo', render: (v: string, r) => <Button type="link" className="supervision-drill" onClick={() => navigate(`/console/cases/${r.caseId}`)}>{v}</Button> },
        { title: t('supervision.spot.caseState'), dataIndex: 'caseState', render: (v: string) => <StateTag state={v} /> },
        { title: t('supervision.spot.stratum'), dataIndex: 'stratum' },
        ...(showInspector ? [{ title: t('supervision.spot.inspector'), dataIndex: 'inspectorName', render: (v: string | null) => v ?? <Typography.Text type="warning">{t('supervision.spot.unassigned')}</Typography.Text> }] : []),
        { title: t('supervision.spot.result'), dataIndex: 'result', render: (v: string) => <ResultTag result={v} /> },
        { title: t('supervision.spot.note'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
        {
          title: '',
          key: 'record',
          render: (_, r) =>
            r.result === 'pending' && (r.inspectorId === undefined || r.inspectorId === me.id || manage) ? (
              <Button size="small" type="primary" onClick={() => onRecord(r)}>
                {t('supervision.spot.record')}
              </Button>
            ) : null,
        },
      ]}
    />
  );
}

/** Parameters → 预览样本量 (nothing recorded) → 抽取样本 (recorded with the seed). */
function DrawCard({ scope, onCreated }: { scope: string; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Params>();
  const [preview, setPreview] = useState<SpotCheckDraw | null>(null);
  const { run, busy, error } = useAction();

  const params = (v: Params) => ({
    seed: v.seed,
    period: `${v.range[0].format('YYYY-MM-DD')}..${v.range[1].format('YYYY-MM-DD')}`,
    scope,
    confidence: v.confidence,
    margin: v.margin,
    stratum: v.stratum,
  });
  const draw = async (record: boolean) => {
    const v = await validated(form);
    if (!v) return;
    await run(async () => {
      if (record) {
        const out = await api<SpotCheckDraw & { id: string }>('/api/spotchecks', { method: 'POST', body: params(v) });
        setPreview(out);
        message.success(t('supervision.spot.created', { n: out.drawn }));
        onCreated(out.id);
      } else {
        setPreview(await api<SpotCheckDraw>(`/api/spotchecks/preview${queryString(params(v))}`));
      }
    });
  };

  return (
    <Card title={t('supervision.spot.draw')} size="small">
      <Form<Params>
        form={form}
        layout="inline"
        className="spotcheck-form"
        initialValues={{ seed: randomSeed(), range: [dayjs().subtract(29, 'day'), dayjs()], confidence: 0.95, margin: 0.05, stratum: 'street' }}
        onValuesChange={() => setPreview(null)}
      >
        <Form.Item name="range" label={t('supervision.spot.period')} rules={[{ required: true }]}>
          <DatePicker.RangePicker allowClear={false} />
        </Form.Item>
        <Form.Item label={t('supervision.spot.seed')} required>
          <Space.Compact>
            <Form.Item name="seed" noStyle rules={[{ required: true }]}>
              <InputNumber min={0} max={4294967295} precision={0} style={{ width: 130 }} aria-label={t('supervision.spot.seed')} />
            </Form.Item>
            <Button onClick={() => { form.setFieldValue('seed', randomSeed()); setPreview(null); }}>{t('supervision.spot.newSeed')}</Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item name="confidence" label={t('supervision.spot.confidence')}>
          <Select style={{ width: 90 }} options={[0.9, 0.95, 0.99].map((v) => ({ value: v, label: pct(v).replace('.0', '') }))} />
        </Form.Item>
        <Form.Item name="margin" label={t('supervision.spot.margin')}>
          <Select style={{ width: 90 }} options={[0.03, 0.05, 0.1, 0.2, 0.3].map((v) => ({ value: v, label: `±${Math.round(v * 100)}%` }))} />
        </Form.Item>
        <Form.Item name="stratum" label={t('supervision.spot.stratumLevel')}>
          <Segmented options={[{ value: 'street', label: t('supervision.spot.byStreet') }, { value: 'county', label: t('supervision.spot.byCounty') }]} />
        </Form.Item>
        <Space>
          <Button onClick={() => void draw(false)} loading={busy}>
            {t('supervision.spot.preview')}
          </Button>
          <Button type="primary" onClick={() => void draw(true)} loading={busy} disabled={!preview || preview.population === 0 || preview.id !== undefined}>
            {t('supervision.spot.create')}
          </Button>
        </Space>
      </Form>
      <ErrorNote error={error} style={{ marginTop: 12 }} />
      {error instanceof ApiError && error.code === 'VALIDATION_FAILED' && <Typography.Text type="danger">{error.message}</Typography.Text>}
      {preview && (
        <div className="spotcheck-preview" style={{ marginTop: 16 }}>
          <Space size="large" wrap className="supervision-figures">
            <Statistic title={t('supervision.spot.population')} value={preview.population} />
            <Statistic title="n₀ = z²·p(1−p)/e²" value={preview.n0} precision={1} />
            <Statistic title={t('supervision.spot.sampleSize')} value={preview.sampleSize} />
            <Statistic title={t('supervision.spot.drawn')} value={preview.drawn} />
            <Statistic title={t('supervision.spot.unassigned')} value={preview.unassigned} />
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('supervision.spot.formula', { z: preview.z })}
          </Typography.Paragraph>
          <Typography.Paragraph className="spotcheck-worked" style={{ marginTop: -4 }}>
            {t('supervision.spot.worked', {
              seed: preview.seed,
              confidence: pct(preview.confidence ?? null).replace('.0', ''),
              margin: pct(preview.margin ?? null).replace('.0', ''),
              z: preview.z,
              n0: preview.n0.toFixed(1),
              N: preview.population,
              n: preview.sampleSize,
            })}
          </Typography.Paragraph>
          <Table
            rowKey="stratum"
            size="small"
            pagination={false}
            dataSource={preview.strata}
            columns={[
              { title: t('supervision.spot.stratum'), render: (_, s) => `${s.name ?? s.stratum}（${s.stratum}）` },
              { title: t('supervision.spot.population'), dataIndex: 'population' },
              { title: t('supervision.spot.sampleSize'), dataIndex: 'sample' },
            ]}
          />
          <Table
            rowKey="caseId"
            size="small"
            style={{ marginTop: 12 }}
            pagination={preview.items.length > 10 ? { pageSize: 10 } : false}
            dataSource={preview.items}
            columns={[
              { title: t('supervision.spot.caseNo'), dataIndex: 'caseNo' },
              { title: t('supervision.spot.stratum'), dataIndex: 'stratum' },
              { title: t('supervision.spot.grid'), dataIndex: 'gridCode' },
              { title: t('supervision.spot.closedAt'), dataIndex: 'closedAt', render: (v?: string) => fmtTime(v) },
              { title: t('supervision.spot.inspector'), dataIndex: 'inspectorName', render: (v: string | null) => v ?? t('supervision.spot.unassigned') },
            ]}
          />
        </div>
      )}
    </Card>
  );
}

/** One recorded batch: parameters, strata, items with inspector and result. */
function BatchDrawer({ id, onClose, onRecord }: { id: string | null; onClose: () => void; onRecord: (i: SpotCheckItem) => void }) {
  const { t } = useTranslation();
  const batch = useApi<SpotCheckBatch>(id ? `/api/spotchecks/${id}` : null);
  const b = batch.data;
  return (
    <Drawer open={!!id} onClose={onClose} size={860} title={t('supervision.spot.batch')} destroyOnHidden>
      <ErrorNote error={batch.error} />
      {b && (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('supervision.spot.seed')}>{b.seed}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.spot.period')}>{`${dayjs(b.period.from).format('YYYY-MM-DD')} ~ ${dayjs(b.period.to).subtract(1, 'ms').format('YYYY-MM-DD')}`}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.spot.confidence')}>{pct(b.confidence)}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.spot.margin')}>±{pct(b.margin)}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.spot.population')}>{b.population}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.spot.sampleSize')}>{b.sampleSize}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.spot.passRate')}>{pct(b.passRate)}</Descriptions.Item>
          </Descriptions>
          <div style={{ marginTop: 16 }}>
            <ItemsTable items={b.items} onRecord={onRecord} showInspector />
          </div>
        </>
      )}
    </Drawer>
  );
}

interface ResultForm {
  callbackReached: boolean;
  callbackSatisfied: boolean;
  callbackMatches: boolean;
  recheckFixed: boolean;
  note?: string;
}

/** 登记结果: callback (reached? satisfied? matches?) and field re-check (fixed?). Not fixed reopens the case. */
function RecordModal({ item, onClose, onDone }: { item: SpotCheckItem | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<ResultForm>();
  const { run, busy, error } = useAction();
  const reached = Form.useWatch('callbackReached', form);
  const fixed = Form.useWatch('recheckFixed', form);
  const matches = Form.useWatch('callbackMatches', form);
  const failing = fixed === false || (reached && matches === false);

  const submit = async () => {
    if (!item) return;
    const v = await validated(form);
    if (!v) return;
    await run(async () => {
      const out = await api<{ result: string; reopened: boolean }>(`/api/spotchecks/items/${item.id}/result`, {
        method: 'POST',
        body: {
          callbackReached: v.callbackReached,
          callbackSatisfied: v.callbackReached ? v.callbackSatisfied : null,
          callbackMatches: v.callbackReached ? v.callbackMatches : null,
          recheckFixed: v.recheckFixed,
          note: v.note?.trim() ? v.note.trim() : null,
        },
      });
      onClose();
      onDone();
      if (out.reopened) modal.warning({ title: t('supervision.spot.reopenedTitle'), content: t('supervision.spot.reopened', { caseNo: item.caseNo }) });
      else message.success(t(out.result === 'passed' ? 'supervision.spot.savedPassed' : 'supervision.spot.savedFailed'));
    });
  };

  return (
    <Modal open={!!item} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} title={t('supervision.spot.recordTitle', { caseNo: item?.caseNo ?? '' })} destroyOnHidden okText={t('supervision.confirm')} cancelText={t('supervision.cancel')}>
      {item?.description && <Typography.Paragraph type="secondary">{item.description}</Typography.Paragraph>}
      <Form<ResultForm> form={form} layout="horizontal" labelCol={{ span: 10 }} initialValues={{ callbackReached: true, callbackSatisfied: true, callbackMatches: true, recheckFixed: true }} className="spotcheck-record">
        <Form.Item name="callbackReached" label={t('supervision.spot.callbackReached')} valuePropName="checked">
          <Switch checkedChildren={t('supervision.yes')} unCheckedChildren={t('supervision.no')} aria-label={t('supervision.spot.callbackReached')} />
        </Form.Item>
        {reached !== false && (
          <>
            <Form.Item name="callbackSatisfied" label={t('supervision.spot.callbackSatisfied')} valuePropName="checked">
              <Switch checkedChildren={t('supervision.yes')} unCheckedChildren={t('supervision.no')} aria-label={t('supervision.spot.callbackSatisfied')} />
            </Form.Item>
            <Form.Item name="callbackMatches" label={t('supervision.spot.callbackMatches')} valuePropName="checked">
              <Switch checkedChildren={t('supervision.yes')} unCheckedChildren={t('supervision.no')} aria-label={t('supervision.spot.callbackMatches')} />
            </Form.Item>
          </>
        )}
        <Form.Item name="recheckFixed" label={t('supervision.spot.recheckFixed')} valuePropName="checked">
          <Switch checkedChildren={t('supervision.yes')} unCheckedChildren={t('supervision.no')} aria-label={t('supervision.spot.recheckFixed')} />
        </Form.Item>
        <Form.Item name="note" label={t('supervision.spot.note')} rules={failing ? [{ required: true, whitespace: true, message: t('supervision.spot.noteRequired') }] : []}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        {fixed === false && <Typography.Text type="danger">{t('supervision.spot.willReopen')}</Typography.Text>}
      </Form>
      <ErrorNote error={error} />
    </Modal>
  );
}
