import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Col, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space, TimePicker, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import L from 'leaflet';
import { Circle, CircleMarker, GeoJSON, MapContainer, Polygon, useMap, useMapEvents } from 'react-leaflet';
import 'leaflet/dist/leaflet.css';
import '../../components/GridMap.css';
import { defaultDosage, SITE_CATEGORIES, SITE_CATEGORY_NAMES, type DosageWindow, type RiskLevel, type SiteCategory } from '../../../../shared/patrols/dosage.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { api } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import type { GridCollection } from '../../../../shared/territory/wire.ts';
import type { SiteResponse, SiteView } from '../../../../shared/patrols/wire.ts';

type Point = { lat: number; lng: number };
type Shape = 'circle' | 'polygon';
interface WindowRow {
  range: [Dayjs, Dayjs];
  everyMinutes: number;
  dwellMinMinutes: number;
  dwellMaxMinutes: number;
}
interface Values {
  name: string;
  category: SiteCategory;
  riskLevel: RiskLevel;
  radiusMeters: number;
  dosage: WindowRow[];
}

const hhmm = (s: string) => dayjs(`2000-01-01T${s === '24:00' ? '00:00' : s}`);
/** A window's end at midnight is sent as 24:00 (the server's notation), never as 00:00. */
const toClock = (d: Dayjs, isEnd: boolean) => {
  const s = d.format('HH:mm');
  return isEnd && s === '00:00' ? '24:00' : s;
};
const toRows = (windows: DosageWindow[]): WindowRow[] =>
  windows.map((w) => ({ range: [hhmm(w.start), hhmm(w.end)], everyMinutes: w.everyMinutes, dwellMinMinutes: w.dwellMinMinutes, dwellMaxMinutes: w.dwellMaxMinutes }));
const toWindows = (rows: WindowRow[]): DosageWindow[] =>
  rows.map((r) => ({ start: toClock(r.range[0], false), end: toClock(r.range[1], true), everyMinutes: r.everyMinutes, dwellMinMinutes: r.dwellMinMinutes, dwellMaxMinutes: r.dwellMaxMinutes }));

/** Centre the map on a typed position (zoomed in, so a polygon can be clicked around it). */
function FlyTo({ target }: { target: Point | null }) {
  const map = useMap();
  useEffect(() => {
    if (target) map.setView([target.lat, target.lng], 17);
  }, [target, map]);
  return null;
}

function Clicks({ onClick }: { onClick: (p: Point) => void }) {
  useMapEvents({ click: (e) => onClick({ lat: e.latlng.lat, lng: e.latlng.lng }) });
  return null;
}

/** Fit once: to the site's geofence when editing, else to the scope's grids. */
function FitOnce({ grids, focus }: { grids: GridCollection | null; focus: Point[] }) {
  const map = useMap();
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (done) return;
    if (focus.length > 0) {
      map.fitBounds(L.latLngBounds(focus.map((p) => [p.lat, p.lng] as [number, number])).pad(focus.length > 1 ? 0.6 : 0), { maxZoom: 17 });
      if (focus.length === 1) map.setView([focus[0]!.lat, focus[0]!.lng], 17);
      setDone(true);
    } else if (grids && grids.features.length > 0) {
      const b = L.geoJSON(grids).getBounds();
      if (b.isValid()) {
        map.fitBounds(b, { padding: [16, 16] });
        setDone(true);
      }
    }
  }, [grids, focus, map, done]);
  return null;
}

/**
 * 重点部位编辑: where (a point with a radius, or a polygon drawn by clicking its corners on the grid
 * map), what (name, category, risk level) and the required dosage per time window, defaulting to the
 * research-based values for the category and risk. Creates (Idempotency-Key) or edits (expectedUpdatedAt).
 */
export function SiteEditor({ scope, site, open, onClose, onSaved }: { scope: string; site: SiteView | null; open: boolean; onClose: () => void; onSaved: (s: SiteView) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [grids, setGrids] = useState<GridCollection | null>(null);
  const [shape, setShape] = useState<Shape>('circle');
  const [point, setPoint] = useState<Point | null>(null);
  const [vertices, setVertices] = useState<Point[]>([]);
  const { run, busy, error, setError } = useAction();
  /** What the form still lacks before it can be sent (the map input). */
  const [missing, setMissing] = useState<string | null>(null);
  const radius = Form.useWatch('radiusMeters', form) ?? 100;
  const [typed, setTyped] = useState('');
  const [flyTarget, setFlyTarget] = useState<Point | null>(null);

  useEffect(() => {
    if (!open) return;
    const ctrl = new AbortController();
    api<GridCollection>(`/api/territory/grids.geojson?within=${encodeURIComponent(scope)}`, { signal: ctrl.signal }).then(setGrids, () => setGrids(null));
    return () => ctrl.abort();
  }, [open, scope]);

  // Load the site (or blank defaults) whenever the drawer opens.
  useEffect(() => {
    if (!open) return;
    setError(null);
    setMissing(null);
    setTyped('');
    setFlyTarget(null);
    if (site) {
      const g = site.geofence;
      setShape(g.type);
      setPoint({ lat: site.lat, lng: site.lng });
      setVertices(g.type === 'polygon' ? g.polygon.coordinates[0]!.slice(0, -1).map(([lng, lat]) => ({ lat: lat!, lng: lng! })) : []);
      form.setFieldsValue({ name: site.name, category: site.category as SiteCategory, riskLevel: site.riskLevel as RiskLevel, radiusMeters: g.type === 'circle' ? g.radiusMeters : 100, dosage: toRows(site.dosage) });
    } else {
      setShape('circle');
      setPoint(null);
      setVertices([]);
      form.setFieldsValue({ name: '', category: 'crowded_place', riskLevel: 3, radiusMeters: 100, dosage: toRows(defaultDosage('crowded_place', 3)) });
    }
  }, [open, site, form]);

  const focus = useMemo(() => (site ? (site.geofence.type === 'polygon' ? site.geofence.polygon.coordinates[0]!.map(([lng, lat]) => ({ lat: lat!, lng: lng! })) : [{ lat: site.lat, lng: site.lng }]) : []), [site]);
  const categoryName = (c: SiteCategory) => (i18n.language === 'en' ? SITE_CATEGORY_NAMES[c].en : SITE_CATEGORY_NAMES[c].zh);

  function onMapClick(p: Point) {
    if (shape === 'circle') setPoint(p);
    else setVertices((v) => [...v, p]);
  }

  /** "lat, lng" typed in (e.g. from a survey): centre the map there and, for a circle, place the point. */
  function goTo() {
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,，\s]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(typed);
    const p = m ? { lat: Number(m[1]), lng: Number(m[2]) } : null;
    if (!p || Math.abs(p.lat) > 90 || Math.abs(p.lng) > 180) return setMissing(t('patrols.sites.badCoordinates'));
    setMissing(null);
    setFlyTarget(p);
    if (shape === 'circle') setPoint(p);
  }

  function useDefaults() {
    const { category, riskLevel } = form.getFieldsValue(['category', 'riskLevel']);
    form.setFieldValue('dosage', toRows(defaultDosage(category, riskLevel)));
  }

  async function save(v: Values) {
    setError(null);
    setMissing(null);
    if (shape === 'circle' && !point) return setMissing(t('patrols.sites.needPoint'));
    if (shape === 'polygon' && vertices.length < 3) return setMissing(t('patrols.sites.needPolygon'));
    const ring = vertices.map((p) => [p.lng, p.lat]);
    const polygon = shape === 'polygon' ? { type: 'Polygon' as const, coordinates: [[...ring, ring[0]!]] } : undefined;
    // For a polygon the reference point is its centre (the server recomputes it); the first corner stands in.
    const location = shape === 'circle' ? point! : vertices[0]!;
    const geometry = shape === 'circle' ? { location, radiusMeters: v.radiusMeters, ...(site?.geofence.type === 'polygon' ? { polygon: null } : {}) } : { location, polygon };
    const body = { name: v.name, category: v.category, riskLevel: v.riskLevel, dosage: toWindows(v.dosage), ...geometry };
    await run(async () => {
      const saved = site
        ? await api<SiteResponse>(`/api/patrols/sites/${encodeURIComponent(site.id)}`, { method: 'PATCH', body: { ...body, expectedUpdatedAt: site.updatedAt } })
        : await api<SiteResponse>('/api/patrols/sites', { method: 'POST', body, idempotencyKey: true });
      message.success(t(site ? 'patrols.sites.saved' : 'patrols.sites.created', { name: saved.site.name }));
      onSaved(saved.site);
    });
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={920}
      title={site ? t('patrols.sites.editTitle', { name: site.name }) : t('patrols.sites.newTitle')}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('patrols.sites.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            {t('patrols.sites.save')}
          </Button>
        </Space>
      }
    >
      <div className="site-editor" data-testid="site-editor">
        <Space wrap style={{ marginBottom: 8 }}>
          <Radio.Group
            optionType="button"
            value={shape}
            onChange={(e) => setShape(e.target.value as Shape)}
            options={[
              { value: 'circle', label: t('patrols.sites.shapeCircle') },
              { value: 'polygon', label: t('patrols.sites.shapePolygon') },
            ]}
          />
          {shape === 'polygon' && (
            <>
              <Button icon={<UndoOutlined />} disabled={vertices.length === 0} onClick={() => setVertices((v) => v.slice(0, -1))}>
                {t('patrols.sites.undoVertex')}
              </Button>
              <Button icon={<DeleteOutlined />} disabled={vertices.length === 0} onClick={() => setVertices([])}>
                {t('patrols.sites.clearPolygon')}
              </Button>
            </>
          )}
          <Space.Compact>
            <Input value={typed} onChange={(e) => setTyped(e.target.value)} onPressEnter={goTo} placeholder={t('patrols.sites.coordinates')} aria-label={t('patrols.sites.coordinates')} style={{ width: 220 }} />
            <Button onClick={goTo}>{t('patrols.sites.locate')}</Button>
          </Space.Compact>
        </Space>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '0 0 6px' }}>
          {shape === 'circle' ? t('patrols.sites.clickPoint') : t('patrols.sites.clickCorners', { n: vertices.length })}
        </Typography.Paragraph>
        <div className="grid-map" style={{ height: 340, marginBottom: 12 }} role="region" aria-label={t('patrols.sites.mapLabel')}>
          <MapContainer center={[32.05, 118.78]} zoom={13} style={{ height: '100%', width: '100%' }} attributionControl={false} doubleClickZoom={false}>
            {grids && <GeoJSON key={grids.features.length} data={grids} interactive={false} style={{ color: '#1677ff', weight: 1, fillColor: '#bae0ff', fillOpacity: 0.25 }} />}
            {shape === 'circle' && point && (
              <>
                <Circle center={[point.lat, point.lng]} radius={radius} pathOptions={{ color: '#d4380d', fillColor: '#ff7a45', fillOpacity: 0.25 }} />
                <CircleMarker center={[point.lat, point.lng]} radius={5} pathOptions={{ color: '#d4380d', fillColor: '#d4380d', fillOpacity: 1 }} />
              </>
            )}
            {shape === 'polygon' && vertices.length >= 3 && <Polygon positions={vertices.map((p) => [p.lat, p.lng] as [number, number])} pathOptions={{ color: '#d4380d', fillColor: '#ff7a45', fillOpacity: 0.25 }} />}
            {shape === 'polygon' && vertices.map((p, i) => <CircleMarker key={i} center={[p.lat, p.lng]} radius={4} pathOptions={{ color: '#d4380d', fillColor: '#fff', fillOpacity: 1 }} />)}
            <Clicks onClick={onMapClick} />
            <FitOnce grids={grids} focus={focus} />
            <FlyTo target={flyTarget} />
          </MapContainer>
        </div>
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)} requiredMark={false}>
          <Row gutter={12}>
            <Col span={10}>
              <Form.Item name="name" label={t('patrols.sites.name')} rules={[{ required: true, whitespace: true, message: t('patrols.sites.nameRequired') }]}>
                <Input maxLength={200} placeholder={t('patrols.sites.namePlaceholder')} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="category" label={t('patrols.sites.category')}>
                <Select options={SITE_CATEGORIES.map((c) => ({ value: c, label: categoryName(c) }))} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item name="riskLevel" label={t('patrols.console.risk')}>
                <Select options={[3, 2, 1].map((r) => ({ value: r, label: t(`patrols.risk.${r}`) }))} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item name="radiusMeters" label={t('patrols.sites.radius')} hidden={shape !== 'circle'}>
                <InputNumber min={10} max={5000} step={10} suffix="m" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 4 }}>
            <Typography.Text strong>{t('patrols.sites.dosage')}</Typography.Text>
            <Button size="small" onClick={useDefaults}>
              {t('patrols.sites.useDefaults')}
            </Button>
          </Space>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
            {t('patrols.sites.dosageHelp')}
          </Typography.Paragraph>
          <Form.List name="dosage">
            {(fields, { add, remove }) => (
              <div className="dosage-rows">
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap className="dosage-row">
                    <Form.Item name={[f.name, 'range']} rules={[{ required: true, message: t('patrols.sites.windowRequired') }]}>
                      <TimePicker.RangePicker format="HH:mm" order={false} minuteStep={5} aria-label={t('patrols.sites.window')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'everyMinutes']} rules={[{ required: true }]}>
                      <InputNumber min={15} max={1440} step={15} prefix={t('patrols.sites.every')} suffix={t('patrols.console.minutes')} aria-label={t('patrols.sites.every')} style={{ width: 150 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'dwellMinMinutes']} rules={[{ required: true }]}>
                      <InputNumber min={1} max={240} prefix={t('patrols.sites.dwell')} aria-label={t('patrols.sites.dwellMin')} style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'dwellMaxMinutes']} rules={[{ required: true }]}>
                      <InputNumber min={1} max={240} prefix="–" suffix={t('patrols.console.minutes')} aria-label={t('patrols.sites.dwellMax')} style={{ width: 120 }} />
                    </Form.Item>
                    <Button type="text" danger icon={<DeleteOutlined />} disabled={fields.length <= 1} onClick={() => remove(f.name)} aria-label={t('patrols.sites.removeWindow')} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} disabled={fields.length >= 8} onClick={() => add({ range: [hhmm('18:00'), hhmm('24:00')], everyMinutes: 120, dwellMinMinutes: 10, dwellMaxMinutes: 16 })}>
                  {t('patrols.sites.addWindow')}
                </Button>
              </div>
            )}
          </Form.List>
        </Form>
        {missing && <Alert type="warning" showIcon title={missing} style={{ marginTop: 12 }} role="alert" />}
        <ErrorNote error={error} style={{ marginTop: 12 }} />
      </div>
    </Drawer>
  );
}
