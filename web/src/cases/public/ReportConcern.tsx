import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Input, Result, Select, Skeleton, Space, Typography } from 'antd';
import { AimOutlined, CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, uploadImage } from '../../lib/api.ts';
import type { PublicReportBody, PublicReportResponse } from '../../../../shared/cases/wire.ts';
import type { Open311Service } from '../../../../shared/open311/wire.ts';
import { useAction } from '../../lib/useAction.ts';
import { navigate } from '../../lib/router.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useApi } from '../../lib/useApi.ts';
import { useMyLocation, type Point } from './useMyLocation.ts';

const GridMap = lazy(() => import('../../components/GridMap.tsx').then((m) => ({ default: m.GridMap })));

/**
 * 反映问题: category, text, a place (my location or a tap), an optional photo (its location metadata
 * is removed by the server), contact optional. One Idempotency-Key per submission so a double tap or a
 * retry after a lost answer creates one case; the answer is the tracking code.
 */
export function ReportConcern() {
  const { t, i18n } = useTranslation();
  // Open311 GeoReport v2 service list: what residents may report (public, no login).
  const services = useApi<Open311Service[]>('/open311/v2/services.json');
  const [category, setCategory] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [point, setPoint] = useState<Point | null>(null);
  const myLocation = useMyLocation(setPoint);
  const [photo, setPhoto] = useState<{ file: File; url: string } | null>(null);
  const [anonymous, setAnonymous] = useState(true);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [tried, setTried] = useState(false);
  const { run, busy, error } = useAction();
  const [done, setDone] = useState<{ trackingCode: string; caseNo: string } | null>(null);
  // Kept across retries of the same submission; a new one is made after success.
  const key = useRef<string>(crypto.randomUUID());
  const fileInput = useRef<HTMLInputElement>(null);
  const en = i18n.language === 'en';

  const options = useMemo(
    () =>
      (services.data ?? []).map((s) => {
        const words = s.keywords.split(', ');
        const label = en && words[1] ? `${words[3] ?? s.group} / ${words[1]}` : `${s.group} / ${s.service_name}`;
        return { value: s.service_code, label, search: `${s.keywords} ${s.group}`.toLowerCase() };
      }),
    [services.data, en],
  );


  async function submit() {
    setTried(true);
    if (!category || !text.trim() || !point) return;
    await run(async () => {
      let photos: string[] = [];
      if (photo) {
        photos = [await uploadImage(photo.file)];
      }
      const contact = !anonymous && (name.trim() || phone.trim()) ? { ...(name.trim() ? { name: name.trim() } : {}), ...(phone.trim() ? { phone: phone.trim() } : {}) } : undefined;
      const report: PublicReportBody = { categoryCode: category, description: text.trim(), location: { lat: Number(point.lat.toFixed(6)), lng: Number(point.lng.toFixed(6)) }, ...(photos.length ? { photos } : {}), ...(contact ? { contact } : {}) };
      const body = await api<PublicReportResponse>('/api/cases/public', { method: 'POST', body: report, idempotencyKey: key.current });
      setDone({ trackingCode: body.trackingCode ?? '', caseNo: body.caseNo });
      key.current = crypto.randomUUID();
    });
  }

  if (done) {
    return (
      <Card className="public-done">
        <Result
          status="success"
          title={t('public.report.thanks')}
          subTitle={t('public.report.keepCode')}
          extra={[
            <div key="code" className="public-tracking-code" aria-label={t('public.report.trackingCode')} data-testid="tracking-code">
              {done.trackingCode}
            </div>,
            <Space key="actions" wrap style={{ justifyContent: 'center' }}>
              <Button type="primary" onClick={() => navigate(`/public/track?code=${done.trackingCode}`)}>
                {t('public.report.trackNow')}
              </Button>
              <Button onClick={() => { setDone(null); setText(''); setPhoto(null); setTried(false); }}>{t('public.report.another')}</Button>
            </Space>,
          ]}
        />
      </Card>
    );
  }

  return (
    <div className="locate">
      <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
        {t('public.menu.report')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('public.report.help')}</Typography.Paragraph>
      <div className="locate-grid">
        <Card size="small">
          <Form layout="vertical" onFinish={() => void submit()} aria-label={t('public.menu.report')}>
            <Form.Item label={t('public.report.category')} required validateStatus={tried && !category ? 'error' : ''} help={tried && !category ? t('public.report.categoryRequired') : undefined}>
              <Select
                showSearch={{ filterOption: (input, o) => (o as { search: string }).search.includes(input.toLowerCase()) }}
                value={category}
                onChange={setCategory}
                options={options}
                loading={services.loading}
                placeholder={t('public.report.categoryPlaceholder')}
                aria-label={t('public.report.category')}
              />
            </Form.Item>
            <Form.Item label={t('public.report.text')} required validateStatus={tried && !text.trim() ? 'error' : ''} help={tried && !text.trim() ? t('public.report.textRequired') : undefined}>
              <Input.TextArea rows={4} maxLength={4000} showCount value={text} onChange={(e) => setText(e.target.value)} placeholder={t('public.report.textPlaceholder')} aria-label={t('public.report.text')} />
            </Form.Item>
            <Form.Item label={t('public.report.location')} required validateStatus={tried && !point ? 'error' : ''} help={tried && !point ? t('public.report.locationRequired') : t('public.report.locationHelp')}>
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Button icon={<AimOutlined />} onClick={myLocation.locate} block>
                  {t('public.useMyLocation')}
                </Button>
                {myLocation.geoError && <Alert type="warning" title={myLocation.geoError} showIcon />}
                <Typography.Text role="status">{point ? t('public.report.pointChosen', { lat: point.lat.toFixed(5), lng: point.lng.toFixed(5) }) : t('public.report.noPoint')}</Typography.Text>
              </Space>
            </Form.Item>
            <Form.Item label={t('public.report.photo')} help={t('public.report.photoHelp')}>
              <input ref={fileInput} type="file" accept="image/*" style={{ display: 'none' }} data-testid="public-photo-input" onChange={(e) => { const f = e.target.files?.[0]; if (f) setPhoto({ file: f, url: URL.createObjectURL(f) }); }} />
              {photo ? (
                <div className="field-photo" style={{ position: 'relative', width: 96, height: 96 }}>
                  <img src={photo.url} alt={t('public.report.photo')} style={{ width: 96, height: 96, objectFit: 'cover', borderRadius: 6 }} />
                  <Button size="small" shape="circle" icon={<CloseOutlined />} style={{ position: 'absolute', top: -6, right: -6 }} aria-label={t('public.report.removePhoto')} onClick={() => setPhoto(null)} />
                </div>
              ) : (
                <Button icon={<CameraOutlined />} onClick={() => fileInput.current?.click()}>
                  {t('public.report.addPhoto')}
                </Button>
              )}
            </Form.Item>
            <Form.Item>
              <Checkbox checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)}>
                {t('public.report.anonymous')}
              </Checkbox>
            </Form.Item>
            {!anonymous && (
              <Space.Compact block style={{ marginBottom: 16 }}>
                <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('public.report.name')} aria-label={t('public.report.name')} maxLength={100} />
                <Input value={phone} onChange={(e) => setPhone(e.target.value)} placeholder={t('public.report.phone')} aria-label={t('public.report.phone')} inputMode="tel" maxLength={20} />
              </Space.Compact>
            )}
            <ErrorNote error={error} style={{ marginBottom: 12 }} />
            <Button type="primary" htmlType="submit" size="large" block loading={busy}>
              {t('public.report.submit')}
            </Button>
          </Form>
        </Card>
        <div>
          <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 360 }} />}>
            <GridMap label={t('public.mapLabel')} point={point} onMapClick={setPoint} height={360} fallbackCenter={[32.04, 118.79]} />
          </Suspense>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('public.report.tapHint')}
          </Typography.Text>
        </div>
      </div>
    </div>
  );
}
