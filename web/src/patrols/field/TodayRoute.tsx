import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Empty, Input, Skeleton, Space, Tag, Typography } from 'antd';
import { AimOutlined, LoginOutlined, LogoutOutlined, QrcodeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { distanceOutsideGeofence } from '../../../../shared/patrols/geo.ts';
import { outbox, useOnline, useOutbox, type Command, type PostCommandPayload } from '../../lib/outbox/index.ts';
import { getCached } from '../../lib/useCachedApi.ts';
import { useSession } from '../../lib/session.tsx';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { SyncTag } from '../../field/SyncList.tsx';
import type { CheckinBody, MyRoute, SiteView } from '../../../../shared/patrols/wire.ts';
import '../shared/patrols.css';

/** GPS accuracy trusted when checking a fix against the geofence on the phone (the server caps it the same). */
const MAX_GPS_TOLERANCE_M = 30;
const ROUTE_KEY = 'wangge.patrols.route';

/** The last route read from the server, kept on the phone so 今日巡逻 opens offline (and after an offline reload). */
function savedRoute(userId: string): MyRoute | null {
  try {
    const raw = localStorage.getItem(`${ROUTE_KEY}.${userId}`);
    return raw ? (JSON.parse(raw) as MyRoute) : null;
  } catch {
    return null;
  }
}

function saveRoute(userId: string, route: MyRoute): void {
  try {
    localStorage.setItem(`${ROUTE_KEY}.${userId}`, JSON.stringify(route));
  } catch {
    // storage full or blocked: the route still shows while online
  }
}

/** Read a fresh GPS fix (never a cached one: a check-in proves presence now); rejects with the browser's message. */
function currentPosition(): Promise<GeolocationPosition> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) return reject(new Error('geolocation unavailable'));
    navigator.geolocation.getCurrentPosition(resolve, reject, { enableHighAccuracy: true, timeout: 15_000, maximumAge: 0 });
  });
}

function checkinOf(c: Command): CheckinBody | null {
  return c.kind === 'patrol.checkin' ? ((c.payload as PostCommandPayload).body as unknown as CheckinBody) : null;
}

/** One check-in as the worker sees it: synced (from the server) or still in the outbox. */
type Mark = { kind: 'arrive' | 'depart'; at: string; nonce: string; command: Command | null };

/** 今日巡逻: the worker's planned visits in order, with arrival/departure check-ins by GPS or QR, queued offline. */
export default function TodayRoute() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const online = useOnline();
  const commands = useOutbox();
  const [route, setRoute] = useState<MyRoute | null>(() => savedRoute(me.id));
  const [offlineCopy, setOfflineCopy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(route === null);

  // Re-read whenever the connection returns or a check-in syncs, so 已打卡 reflects the server.
  const syncedCount = commands.filter((c) => c.kind === 'patrol.checkin' && c.state === 'done').length;
  useEffect(() => {
    if (!online) {
      setOfflineCopy(true);
      setLoading(false);
      return;
    }
    const ctrl = new AbortController();
    getCached<MyRoute>('/api/patrols/my-route', ctrl.signal).then(
      ({ data }) => {
        setRoute(data);
        saveRoute(me.id, data);
        setOfflineCopy(false);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if ((err as Error).name === 'AbortError') return;
        setError(err);
        setOfflineCopy(true);
        setLoading(false);
      },
    );
    return () => ctrl.abort();
  }, [online, syncedCount, me.id]);

  const marks = useMemo(() => {
    const bySite = new Map<string, Mark[]>();
    const add = (siteId: string, m: Mark) => bySite.set(siteId, [...(bySite.get(siteId) ?? []), m]);
    const seen = new Set<string>();
    for (const c of commands) {
      const b = checkinOf(c);
      if (!b || c.state === 'failed') continue;
      seen.add(b.clientNonce);
      add(b.siteId, { kind: b.kind, at: b.at, nonce: b.clientNonce, command: c });
    }
    for (const c of route?.checkins ?? []) if (!seen.has(c.clientNonce)) add(c.siteId, { kind: c.kind, at: c.at, nonce: c.clientNonce, command: null });
    for (const list of bySite.values()) list.sort((a, b) => (a.at < b.at ? -1 : 1));
    return bySite;
  }, [commands, route]);
  const failed = commands.filter((c) => c.kind === 'patrol.checkin' && c.state === 'failed');

  async function checkIn(site: SiteView, kind: 'arrive' | 'depart', by: 'gps' | 'qr', qr?: string): Promise<boolean> {
    const body: CheckinBody = { siteId: site.id, kind, at: new Date().toISOString(), clientNonce: crypto.randomUUID() };
    try {
      if (by === 'gps') {
        const pos = await currentPosition();
        const { latitude: lat, longitude: lng, accuracy } = pos.coords;
        // Checked here too, so a worker standing outside learns it at once, not when the queue syncs.
        const outside = distanceOutsideGeofence(site.geofence, lat, lng) - Math.min(accuracy || 0, MAX_GPS_TOLERANCE_M);
        if (outside > 0) {
          message.error(t('patrols.field.outside', { m: Math.round(outside) }));
          return false;
        }
        body.location = { lat, lng, accuracyMeters: Math.round(accuracy || 0) };
      } else {
        const payload = (qr ?? '').trim();
        if (!/^WGP1\./.test(payload)) {
          message.error(t('patrols.field.badQr'));
          return false;
        }
        body.qr = payload;
      }
    } catch (err) {
      message.error(t('patrols.field.noGps', { reason: (err as Error).message }));
      return false;
    }
    const label = t(kind === 'arrive' ? 'patrols.field.arriveAt' : 'patrols.field.departAt', { site: site.name });
    await outbox().enqueue('patrol.checkin', { path: '/api/patrols/checkin', body: body as unknown as Record<string, unknown>, label, ref: site.id });
    message.success(navigator.onLine ? t('patrols.field.checkedIn') : t('patrols.field.queued'));
    return true;
  }

  if (loading && !route) return <Skeleton active />;
  if (!route) return <ErrorNote error={error} />;
  const siteById = new Map(route.sites.map((s) => [s.id, s]));
  const today = dayjs().format('YYYY-MM-DD');

  return (
    <div className="patrol-route">
      {(offlineCopy || !online) && <Alert type="warning" showIcon className="field-section" title={t('patrols.field.offlineCopy')} />}
      {route.date !== today && <Alert type="info" showIcon className="field-section" title={t('patrols.field.otherDay', { date: route.date })} />}
      {failed.length > 0 && <Alert type="error" showIcon className="field-section" title={t('patrols.field.failed', { n: failed.length })} description={failed[0]!.lastError} />}
      <Typography.Paragraph type="secondary" className="patrol-summary">
        {t('patrols.field.summary', { n: route.visits.length, sites: route.sites.length })}
      </Typography.Paragraph>
      {route.visits.length === 0 && <Empty description={t('patrols.field.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      {route.visits.map((v, i) => {
        const site = siteById.get(v.siteId);
        if (!site) return null;
        // Check-ins of this site falling in this visit's slot (a site can be on the route several times a day).
        const mine = (marks.get(site.id) ?? []).filter((m) => m.at >= v.slotStart && m.at < v.slotEnd);
        const last = mine.at(-1);
        return (
          <VisitCard key={`${v.planId}:${v.seq}:${v.siteId}`} order={i + 1} site={site} plannedStart={v.plannedStart} plannedEnd={v.plannedEnd} slotStart={v.slotStart} slotEnd={v.slotEnd} marks={mine} next={last?.kind === 'arrive' ? 'depart' : 'arrive'} onCheckIn={checkIn} />
        );
      })}
    </div>
  );
}

function VisitCard(props: {
  order: number;
  site: SiteView;
  plannedStart: string;
  plannedEnd: string;
  slotStart: string;
  slotEnd: string;
  marks: Mark[];
  next: 'arrive' | 'depart';
  onCheckIn: (site: SiteView, kind: 'arrive' | 'depart', by: 'gps' | 'qr', qr?: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const { site, marks, next } = props;
  const [busy, setBusy] = useState(false);
  const [qrOpen, setQrOpen] = useState(false);
  const [qr, setQr] = useState('');
  const hhmm = (iso: string) => dayjs(iso).format('HH:mm');
  const done = marks.some((m) => m.kind === 'depart');
  const run = async (by: 'gps' | 'qr') => {
    setBusy(true);
    try {
      if (await props.onCheckIn(site, next, by, qr)) {
        setQr('');
        setQrOpen(false);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" className={`field-section patrol-visit${done ? ' done' : ''}`} data-site={site.id} data-testid="patrol-visit">
      <div className="patrol-visit-head">
        <span className="patrol-order">{props.order}</span>
        <div className="patrol-visit-title">
          <Typography.Text strong>{site.name}</Typography.Text>
          <Typography.Text type="secondary" className="patrol-visit-sub">
            {t('patrols.field.plannedAt', { from: hhmm(props.plannedStart), to: hhmm(props.plannedEnd) })} · {t('patrols.field.window', { from: hhmm(props.slotStart), to: hhmm(props.slotEnd) })}
          </Typography.Text>
        </div>
        {done ? <Tag color="success">{t('patrols.field.visited')}</Tag> : marks.length > 0 ? <Tag color="processing">{t('patrols.field.onSite')}</Tag> : null}
      </div>
      {marks.length > 0 && (
        <ul className="patrol-marks">
          {marks.map((m) => (
            <li key={m.nonce} data-kind={m.kind}>
              <span>
                {t(m.kind === 'arrive' ? 'patrols.field.arrived' : 'patrols.field.departed')} {hhmm(m.at)}
              </span>
              {m.command ? <SyncTag state={m.command.state} /> : <SyncTag state="done" />}
            </li>
          ))}
        </ul>
      )}
      {!done && (
        <Space wrap className="patrol-actions">
          <Button type="primary" icon={next === 'arrive' ? <LoginOutlined /> : <LogoutOutlined />} loading={busy} onClick={() => void run('gps')}>
            {t(next === 'arrive' ? 'patrols.field.arriveGps' : 'patrols.field.departGps')}
          </Button>
          <Button icon={<QrcodeOutlined />} disabled={busy} onClick={() => setQrOpen((o) => !o)}>
            {t('patrols.field.byQr')}
          </Button>
        </Space>
      )}
      {qrOpen && !done && (
        <Space.Compact style={{ width: '100%', marginTop: 8 }}>
          <Input value={qr} onChange={(e) => setQr(e.target.value)} placeholder={t('patrols.field.qrPlaceholder')} aria-label={t('patrols.field.qrLabel')} prefix={<AimOutlined />} />
          <Button type="primary" loading={busy} onClick={() => void run('qr')}>
            {t('patrols.field.qrSubmit')}
          </Button>
        </Space.Compact>
      )}
    </Card>
  );
}
