import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { AimOutlined, CameraOutlined, CloseOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { outbox, useOnline, useOutbox } from '../../lib/outbox/index.ts';
import { useSession } from '../../lib/session.tsx';
import { useCategories } from './useCategories.ts';
import { SyncList } from '../../field/SyncList.tsx';

const LocationMap = lazy(() => import('./LocationMap.tsx'));

const RECENTS_KEY = 'wangge.field.recentCategories';
type Point = { lat: number; lng: number };

function loadRecents(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(RECENTS_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 6) : [];
  } catch {
    return [];
  }
}

function rememberRecent(code: string): string[] {
  const next = [code, ...loadRecents().filter((c) => c !== code)].slice(0, 6);
  try {
    localStorage.setItem(RECENTS_KEY, JSON.stringify(next));
  } catch {
    // storage blocked: recents simply do not persist
  }
  return next;
}

/** 上报: category (search + recents), description, camera photos, GPS or a tap on the map → the outbox. */
export default function ReportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const online = useOnline();
  const cats = useCategories();
  const commands = useOutbox();
  const gridCode = me.roles.find((r) => r.scopeLevel === 'grid')?.scopeCode ?? me.roles[0]?.scopeCode ?? null;
  const [category, setCategory] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<{ file: File; url: string }[]>([]);
  const [point, setPoint] = useState<Point | null>(null);
  const [pointSource, setPointSource] = useState<'gps' | 'map' | null>(null);
  const [accuracy, setAccuracy] = useState<number | null>(null);
  const [geoState, setGeoState] = useState<'idle' | 'locating' | 'denied' | 'unavailable'>('idle');
  const [showMap, setShowMap] = useState(false);
  const [recents, setRecents] = useState<string[]>(loadRecents);
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  function locate() {
    if (!('geolocation' in navigator)) {
      setGeoState('unavailable');
      setShowMap(true);
      return;
    }
    setGeoState('locating');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setPoint({ lat: pos.coords.latitude, lng: pos.coords.longitude });
        setAccuracy(Math.round(pos.coords.accuracy));
        setPointSource('gps');
        setGeoState('idle');
      },
      () => {
        setGeoState('denied');
        setShowMap(true);
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }
  // GPS first: in most reports the worker stands where the problem is.
  useEffect(locate, []);
  useEffect(() => () => photos.forEach((p) => URL.revokeObjectURL(p.url)), []); // eslint-disable-line react-hooks/exhaustive-deps

  const options = useMemo(() => cats.leaves.map((c) => ({ value: c.code, label: cats.fullName(c.code), search: `${c.code} ${c.nameZh} ${c.nameEn} ${cats.fullName(c.code)}`.toLowerCase() })), [cats]);
  const criteria = category ? cats.list.find((c) => c.code === category)?.filingCriteria : null;

  function addPhotos(files: FileList | null) {
    if (!files) return;
    const added = [...files].filter((f) => f.type.startsWith('image/')).map((file) => ({ file, url: URL.createObjectURL(file) }));
    setPhotos((p) => [...p, ...added].slice(0, 9));
    if (fileInput.current) fileInput.current.value = '';
  }

  async function submit() {
    setTried(true);
    if (!category || !description.trim() || !point) return;
    setSaving(true);
    try {
      await outbox().enqueue(
        'case.report',
        {
          body: { categoryCode: category, description: description.trim(), location: { lat: Number(point.lat.toFixed(7)), lng: Number(point.lng.toFixed(7)) } },
          photoBlobIds: [],
          photoShas: [],
          label: cats.name(category),
        },
        photos.map((p) => p.file),
      );
      setRecents(rememberRecent(category));
      message.success(navigator.onLine ? t('field.report.sent') : t('field.report.queuedOffline'));
      photos.forEach((p) => URL.revokeObjectURL(p.url));
      setPhotos([]);
      setDescription('');
      setCategory(null);
      setTried(false);
    } finally {
      setSaving(false);
    }
  }

  const reports = commands.filter((c) => c.kind === 'case.report').slice(-5);

  return (
    <div className="field-report">
      {!online && <Alert type="warning" showIcon title={t('field.offlineBanner')} className="field-section" />}
      <Card size="small" className="field-section">
        <Form layout="vertical" requiredMark onFinish={() => void submit()} aria-label={t('field.report.formLabel')}>
          <Form.Item label={t('field.report.category')} required validateStatus={tried && !category ? 'error' : ''} help={tried && !category ? t('field.report.categoryRequired') : undefined}>
            {recents.length > 0 && (
              <div className="field-recents" aria-label={t('field.report.recents')}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('field.report.recents')}
                </Typography.Text>
                <Space size={[6, 6]} wrap>
                  {recents.map((code) => (
                    <Tag.CheckableTag key={code} checked={category === code} onChange={() => setCategory(code)}>
                      {cats.name(code)}
                    </Tag.CheckableTag>
                  ))}
                </Space>
              </div>
            )}
            {cats.loading && !cats.data ? (
              <Skeleton.Input active block />
            ) : (
              <Select
                showSearch={{ filterOption: (input, o) => (o as { search: string }).search.includes(input.toLowerCase()) }}
                value={category}
                onChange={setCategory}
                options={options}
                placeholder={t('field.report.categoryPlaceholder')}
                aria-label={t('field.report.category')}
                size="large"
                style={{ width: '100%' }}
                notFoundContent={cats.error ? t('field.report.categoriesUnavailable') : undefined}
              />
            )}
            {criteria && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('field.report.criteria')}: {criteria}
              </Typography.Text>
            )}
          </Form.Item>
          <Form.Item label={t('field.report.description')} required validateStatus={tried && !description.trim() ? 'error' : ''} help={tried && !description.trim() ? t('field.report.descriptionRequired') : undefined}>
            <Input.TextArea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} maxLength={4000} placeholder={t('field.report.descriptionPlaceholder')} aria-label={t('field.report.description')} />
          </Form.Item>
          <Form.Item label={t('field.report.photos')}>
            <input ref={fileInput} type="file" accept="image/*" capture="environment" multiple style={{ display: 'none' }} onChange={(e) => addPhotos(e.target.files)} data-testid="photo-input" aria-label={t('field.report.takePhoto')} />
            <div className="field-photos">
              {photos.map((p, i) => (
                <div className="field-photo" key={p.url}>
                  <img src={p.url} alt={t('field.report.photoN', { n: i + 1 })} />
                  <Button size="small" shape="circle" icon={<CloseOutlined />} aria-label={t('field.report.removePhoto')} onClick={() => setPhotos((all) => all.filter((x) => x !== p))} />
                </div>
              ))}
              <Button className="field-photo-add" icon={<CameraOutlined />} onClick={() => fileInput.current?.click()}>
                {t('field.report.takePhoto')}
              </Button>
            </div>
          </Form.Item>
          <Form.Item label={t('field.report.location')} required validateStatus={tried && !point ? 'error' : ''} help={tried && !point ? t('field.report.locationRequired') : undefined}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <div className="field-location-line" role="status">
                <EnvironmentOutlined />{' '}
                {point
                  ? t(pointSource === 'gps' ? 'field.report.locGps' : 'field.report.locMap', { lat: point.lat.toFixed(5), lng: point.lng.toFixed(5), acc: accuracy ?? '?' })
                  : geoState === 'locating'
                    ? t('field.report.locating')
                    : t('field.report.noLocation')}
              </div>
              {geoState === 'denied' && <Typography.Text type="warning">{t('field.report.gpsDenied')}</Typography.Text>}
              <Space wrap>
                <Button icon={<AimOutlined />} onClick={locate} loading={geoState === 'locating'}>
                  {t('field.report.useGps')}
                </Button>
                <Button onClick={() => setShowMap((s) => !s)}>{showMap ? t('field.report.hideMap') : t('field.report.pickOnMap')}</Button>
              </Space>
              {showMap && (
                <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 220 }} />}>
                  <LocationMap
                    gridCode={gridCode}
                    point={point}
                    onPick={(p) => {
                      setPoint(p);
                      setPointSource('map');
                      setAccuracy(null);
                    }}
                  />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('field.report.tapHint')}
                  </Typography.Text>
                </Suspense>
              )}
            </Space>
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={saving}>
            {online ? t('field.report.submit') : t('field.report.submitOffline')}
          </Button>
        </Form>
      </Card>
      <Card size="small" className="field-section" title={t('field.report.recentReports')}>
        <SyncList commands={reports} emptyText={t('field.report.noReports')} />
      </Card>
    </div>
  );
}
