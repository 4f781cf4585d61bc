import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, InputNumber, Space, Typography } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import type { LocateResult } from '../../../../shared/territory/wire.ts';
import { GridMap } from '../../components/GridMap.tsx';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { usePick } from '../../i18n/usePick.ts';
import { useMyLocation, type Point } from './useMyLocation.ts';

/** 网格查询: a place (my location, a tap, or typed coordinates) → the grid and community serving it. */
export function LocatePage() {
  const { t } = useTranslation();
  const pick = usePick();
  const [form] = Form.useForm<Point>();
  const [point, setPoint] = useState<Point | null>(null);
  const [result, setResult] = useState<LocateResult | null>(null);
  const { run, busy, error } = useAction();

  async function locate(p: Point) {
    setPoint(p);
    form.setFieldsValue({ lat: Number(p.lat.toFixed(6)), lng: Number(p.lng.toFixed(6)) });
    setResult(null);
    await run(async () => setResult(await api<LocateResult>(`/api/territory/locate?lat=${p.lat}&lng=${p.lng}`)));
  }

  const myLocation = useMyLocation((p) => void locate(p));

  const community = result?.ancestors.find((a) => a.level === 'community');
  const street = result?.ancestors.find((a) => a.level === 'street');
  const county = result?.ancestors.find((a) => a.level === 'county');

  return (
    <div className="locate">
      <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
        {t('public.menu.locate')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('public.locateHelp')}</Typography.Paragraph>
      <div className="locate-grid">
        <Card size="small">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Button type="primary" icon={<AimOutlined />} onClick={myLocation.locate} loading={busy} block>
              {t('public.useMyLocation')}
            </Button>
            {myLocation.geoError && <Alert type="warning" title={myLocation.geoError} showIcon />}
            <Form<Point> form={form} layout="vertical" requiredMark={false} onFinish={(v) => void locate(v)} aria-label={t('public.byCoordinates')}>
              <Typography.Text strong>{t('public.byCoordinates')}</Typography.Text>
              <Space.Compact style={{ width: '100%', marginTop: 8 }}>
                <Form.Item name="lat" label={t('public.lat')} rules={[{ required: true, message: t('public.latRequired') }]} style={{ flex: 1, marginBottom: 8 }}>
                  <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="lng" label={t('public.lng')} rules={[{ required: true, message: t('public.lngRequired') }]} style={{ flex: 1, marginBottom: 8 }}>
                  <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
                </Form.Item>
              </Space.Compact>
              <Button htmlType="submit" block>
                {t('public.lookup')}
              </Button>
            </Form>
            <ErrorNote error={error} />
            {result && (
              <Card size="small" type="inner" title={t('public.servedBy')} role="status">
                <Descriptions
                  column={1}
                  size="small"
                  items={[
                    { key: 'grid', label: t('levels.grid'), children: <strong>{pick({ zh: result.grid.name, en: result.grid.nameEn })}</strong> },
                    { key: 'community', label: t('levels.community'), children: community?.name ?? '—' },
                    { key: 'street', label: t('levels.street'), children: street?.name ?? '—' },
                    { key: 'county', label: t('levels.county'), children: county?.name ?? '—' },
                  ]}
                />
              </Card>
            )}
          </Space>
        </Card>
        <div>
          <GridMap label={t('public.mapLabel')} point={point} onMapClick={(p) => void locate(p)} height={420} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('public.tapHint')}
          </Typography.Text>
        </div>
      </div>
    </div>
  );
}
