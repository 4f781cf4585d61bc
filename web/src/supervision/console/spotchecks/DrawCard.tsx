import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, InputNumber, Segmented, Select, Space, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError, queryString } from '../../../lib/api.ts';
import { useAction } from '../../../lib/useAction.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { fmtTime } from '../../../cases/console/caseUi.tsx';
import { fmtRate } from '../../../lib/format.ts';
import { randomSeed, validated } from '../../shared/format.ts';
import type { SpotCheckCreated, SpotCheckDraw } from '../../../../../shared/supervision/wire.ts';

export interface Params {
  seed: number;
  range: [Dayjs, Dayjs];
  confidence: number;
  margin: number;
  stratum: 'street' | 'county';
}

/** Parameters → 预览样本量 (nothing recorded) → 抽取样本 (recorded with the seed). */
export function DrawCard({ scope, onCreated }: { scope: string; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Params>();
  const [preview, setPreview] = useState<SpotCheckDraw | SpotCheckCreated | null>(null);
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
        const out = await api<SpotCheckCreated>('/api/spotchecks', { method: 'POST', body: params(v) });
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
          <Select style={{ width: 90 }} options={[0.9, 0.95, 0.99].map((v) => ({ value: v, label: fmtRate(v).replace('.0', '') }))} />
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
          <Button type="primary" onClick={() => void draw(true)} loading={busy} disabled={!preview || preview.population === 0 || 'id' in preview}>
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
              confidence: fmtRate(preview.confidence ?? null).replace('.0', ''),
              margin: fmtRate(preview.margin ?? null).replace('.0', ''),
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
