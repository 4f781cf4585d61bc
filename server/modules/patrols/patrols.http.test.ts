import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { insertUser, seedSmallCity } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';
import { CheckinBatcher } from './checkinBatcher.ts';
import { QrSigner } from './qrSigner.ts';
import { scanPatrolGaps } from './scanPatrolGaps.ts';
import { formatQrPayload } from '../../../shared/patrols/qr.ts';

// Grid A1 is the square around (118.77, 32.06) ± 0.005°.
const SITE_POINT = { lat: 32.06, lng: 118.77 };

forEachDatabase('patrols HTTP', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  let leader: string; // grid leader of A1: manages sites there
  let worker: string; // grid worker of A1
  let workerId: string;
  let outsider: string; // grid worker of B1
  let siteId: string;
  const post = (url: string, cookie: string | undefined, payload: unknown, key: string | null = randomUUID()) =>
    t.app.inject({ method: 'POST', url, headers: { ...(cookie ? { cookie } : {}), ...(key ? { 'idempotency-key': key } : {}) }, payload: payload as object });
  const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date('2026-11-27T12:00:00.000Z'); // 20:00 CST
    city = await seedSmallCity(t.storage.db);
    await insertUser(t.storage.db, { username: 'leader', role: 'grid_leader', scope: city.gridA1 });
    const w = await insertUser(t.storage.db, { username: 'worker', role: 'grid_worker', scope: city.gridA1 });
    workerId = w.id;
    await insertUser(t.storage.db, { username: 'outsider', role: 'grid_worker', scope: city.gridB1 });
    await insertUser(t.storage.db, { username: 'duty', role: 'duty_officer', scope: city.streetA });
    leader = await loginAs(t.app, 'leader', 'correct horse battery');
    worker = await loginAs(t.app, 'worker', 'correct horse battery');
    outsider = await loginAs(t.app, 'outsider', 'correct horse battery');
  });
  after(async () => t.close());

  describe('POST /api/patrols/sites', () => {
    const body = { name: '南京站广场', category: 'transport_hub', riskLevel: 3, location: SITE_POINT, radiusMeters: 80 };
    it('401 without a session', async () => {
      assert.equal((await post('/api/patrols/sites', undefined, body)).statusCode, 401);
    });
    it('400 naming the field on bad input', async () => {
      const res = await post('/api/patrols/sites', leader, { ...body, riskLevel: 7 });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.field, 'riskLevel');
      const bad = await post('/api/patrols/sites', leader, { ...body, dosage: [{ start: '18:00', end: '18:00', everyMinutes: 120, dwellMinMinutes: 10, dwellMaxMinutes: 16 }] });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'dosage.0.end');
    });
    it('403 for a grid worker, 404 for a leader outside the grid', async () => {
      assert.equal((await post('/api/patrols/sites', worker, body)).statusCode, 403);
      const far = await post('/api/patrols/sites', leader, { ...body, location: { lat: 32.05, lng: 118.77 } });
      assert.equal(far.statusCode, 404);
    });
    it('201 with the grid found from the point and research-based default dosage', async () => {
      const res = await post('/api/patrols/sites', leader, body);
      assert.equal(res.statusCode, 201, res.body);
      const site = res.json().site;
      assert.equal(site.gridCode, city.gridA1);
      assert.deepEqual(site.dosage, [{ start: '06:00', end: '24:00', everyMinutes: 120, dwellMinMinutes: 10, dwellMaxMinutes: 16 }]);
      siteId = site.id;
      const list = await get(`/api/patrols/sites?scope=${city.gridA1}`, worker);
      assert.deepEqual(list.json().sites.map((s: { id: string }) => s.id), [siteId]);
      assert.equal((await get('/api/patrols/sites', outsider)).json().sites.length, 0);
    });
  });

  describe('check-ins', () => {
    let qr: string;
    const at = () => t.clock.now.toISOString();
    it('issues a signed QR payload to a manager only', async () => {
      assert.equal((await get(`/api/patrols/sites/${siteId}/qr`)).statusCode, 401);
      assert.equal((await get(`/api/patrols/sites/${siteId}/qr?validDays=99`, leader)).statusCode, 400);
      assert.equal((await get(`/api/patrols/sites/${siteId}/qr`, worker)).statusCode, 403);
      assert.equal((await get(`/api/patrols/sites/${siteId}/qr`, outsider)).statusCode, 404);
      const res = await get(`/api/patrols/sites/${siteId}/qr`, leader);
      assert.equal(res.statusCode, 200);
      qr = res.json().payload;
      assert.match(qr, new RegExp(`^WGP1\\.${siteId}\\.20261127\\.7\\.`));
    });

    it('refuses a forged QR (right format, signature from another key)', async () => {
      const other = QrSigner.forDataDir(`${t.dataDir}/elsewhere`);
      const forged = other.payload({ siteId, validFrom: '20261127', validDays: 7 });
      const res = await post('/api/patrols/checkin', worker, { siteId, kind: 'arrive', at: at(), clientNonce: randomUUID(), qr: forged }, null);
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().error.code, 'CHECKIN_REFUSED');
      assert.equal(res.json().error.details.reason, 'forged_qr');
      const tampered = formatQrPayload({ siteId, validFrom: '20261127', validDays: 31 }, qr.split('.')[4]!);
      assert.equal((await post('/api/patrols/checkin', worker, { siteId, kind: 'arrive', at: at(), clientNonce: randomUUID(), qr: tampered }, null)).json().error.details.reason, 'forged_qr');
    });

    it('refuses an expired QR code', async () => {
      const old = await get(`/api/patrols/sites/${siteId}/qr?validFrom=2026-11-01&validDays=7`, leader);
      const res = await post('/api/patrols/checkin', worker, { siteId, kind: 'arrive', at: at(), clientNonce: randomUUID(), qr: old.json().payload }, null);
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().error.details.reason, 'expired_qr');
    });

    it('accepts a valid QR arrival, acknowledges an identical resend once, refuses a replayed nonce', async () => {
      const nonce = randomUUID();
      const item = { siteId, kind: 'arrive', at: at(), clientNonce: nonce, qr };
      const first = await post('/api/patrols/checkin', worker, item, null);
      assert.equal(first.statusCode, 201, first.body);
      const resend = await post('/api/patrols/checkin', worker, item, null);
      assert.equal(resend.statusCode, 200);
      assert.equal(resend.json().status, 'duplicate');
      assert.equal(resend.json().id, first.json().id);
      const replay = await post('/api/patrols/checkin', worker, { ...item, at: new Date(t.clock.now.getTime() + 60_000).toISOString() }, null);
      assert.equal(replay.statusCode, 422);
      assert.equal(replay.json().error.details.reason, 'replayed');
      const rows = await t.storage.db.selectFrom('patrol_checkins').select('id').where('client_nonce', '=', nonce).execute();
      assert.equal(rows.length, 1);
    });

    it('refuses GPS outside the geofence with the distance in metres', async () => {
      // 0.002° of latitude ≈ 222 m north of the centre; radius 80 m → ≈ 142 m outside.
      const res = await post('/api/patrols/checkin', worker, { siteId, kind: 'arrive', at: at(), clientNonce: randomUUID(), location: { lat: SITE_POINT.lat + 0.002, lng: SITE_POINT.lng, accuracyMeters: 10 } }, null);
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().error.details.reason, 'outside_geofence');
      assert.ok(Math.abs(res.json().error.details.distanceMeters - 142) <= 2, String(res.json().error.details.distanceMeters));
      assert.equal(res.json().error.field, 'location');
    });

    it('404 for a site outside the worker’s grid; 400 naming the field on bad input; 401 anonymous', async () => {
      assert.equal((await post('/api/patrols/checkin', outsider, { siteId, kind: 'arrive', at: at(), clientNonce: randomUUID(), location: SITE_POINT }, null)).statusCode, 404);
      const bad = await post('/api/patrols/checkin', worker, { siteId, kind: 'arrive', at: at(), clientNonce: 'short' }, null);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'clientNonce');
      const nofix = await post('/api/patrols/checkin', worker, { siteId, kind: 'arrive', at: at(), clientNonce: randomUUID() }, null);
      assert.equal(nofix.statusCode, 400);
      assert.equal(nofix.json().error.field, 'location');
      assert.equal((await post('/api/patrols/checkin', undefined, { siteId, kind: 'arrive', at: at(), clientNonce: randomUUID() }, null)).statusCode, 401);
    });

    it('syncs an offline batch: per-item outcomes, a refusal does not fail the others, dwell and compliance follow', async () => {
      // 20:00 CST slot (20:00–22:00) of the 06:00–24:00 window: arrive 20:05, depart 20:17 → 12 min dwell.
      const base = Date.parse('2026-11-27T12:05:00.000Z');
      t.clock.now = new Date(base + 20 * 60_000);
      const inside = { lat: SITE_POINT.lat + 0.0003, lng: SITE_POINT.lng, accuracyMeters: 5 };
      const res = await post('/api/patrols/checkins', worker, {
        checkins: [
          { siteId, kind: 'arrive', at: new Date(base).toISOString(), clientNonce: randomUUID(), location: inside },
          { siteId, kind: 'depart', at: new Date(base + 12 * 60_000).toISOString(), clientNonce: randomUUID(), location: inside },
          { siteId, kind: 'arrive', at: new Date(base).toISOString(), clientNonce: randomUUID(), location: { lat: 32.1, lng: 118.77 } },
        ],
      }, null);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().results.map((r: { status: string }) => r.status), ['accepted', 'accepted', 'refused']);
      const c = await get(`/api/patrols/compliance?scope=${city.gridA1}&date=2026-11-27`, leader);
      assert.equal(c.statusCode, 200, c.body);
      const site = c.json().sites[0];
      const slot = site.slots.find((s: { start: string }) => s.start === '2026-11-27T12:00:00.000Z');
      assert.equal(slot.status, 'met');
      assert.equal(slot.dwellMinutes, 12);
      // The site was registered at 20:00 CST: the 06:00–20:00 slots before it existed are not required (not "missed").
      assert.equal(site.slots.filter((s: { status: string }) => s.status === 'missed').length, 0);
      assert.equal(site.slots[0].start, '2026-11-27T12:00:00.000Z');
      assert.equal(site.slotsDue, 1);
      assert.equal(site.slotsMet, 1);
      const w = c.json().workers.find((x: { workerId: string }) => x.workerId === workerId);
      assert.ok(w.minutesOnSite >= 12);
      assert.equal(typeof w.name, 'string', 'the worker is named for the compliance table');
      assert.equal((await get(`/api/patrols/compliance?scope=${city.gridA1}&date=27-11-2026`, leader)).json().error.field, 'date');
      assert.equal((await get(`/api/patrols/compliance?scope=${city.gridB1}`, worker)).statusCode, 404);
    });
  });

  describe('plans, uncovered sites and gap alerts', () => {
    it('plans a shift that covers every required visit and stores the worker route', async () => {
      const body = { scopeCode: city.gridA1, shiftStart: '2026-11-27T10:00:00.000Z', shiftEnd: '2026-11-27T16:00:00.000Z', workerIds: [workerId], seed: 7 };
      assert.equal((await post('/api/patrols/plans', undefined, body)).statusCode, 401);
      assert.equal((await post('/api/patrols/plans', leader, { ...body, shiftStart: 'noon' })).json().error.field, 'shiftStart');
      assert.equal((await post('/api/patrols/plans', worker, body)).statusCode, 403);
      assert.equal((await post('/api/patrols/plans', leader, { ...body, scopeCode: city.gridB1 })).statusCode, 404);
      const res = await post('/api/patrols/plans', leader, body);
      assert.equal(res.statusCode, 201, res.body);
      const plan = res.json().plan;
      // 18:00–24:00 CST at one visit per 120 min: 3 slots.
      assert.equal(plan.report.requiredVisits, 3);
      assert.equal(plan.report.coverage, 1);
      const route = await get(`/api/patrols/plans/${plan.id}?workerId=${workerId}`, worker);
      assert.equal(route.statusCode, 200);
      assert.equal(route.json().plan.visits.length, 3);
      for (const v of route.json().plan.visits) assert.ok(v.plannedStart >= v.slotStart && v.plannedStart < v.slotEnd);
      assert.equal((await get(`/api/patrols/plans/${plan.id}`, outsider)).statusCode, 404);
      // 今日巡逻: the worker's own route for the local day, in order, with the site's geofence.
      assert.equal((await get('/api/patrols/my-route')).statusCode, 401);
      assert.equal((await get('/api/patrols/my-route?date=27-11-2026', worker)).json().error.field, 'date');
      const mine = (await get('/api/patrols/my-route?date=2026-11-27', worker)).json();
      assert.equal(mine.visits.length, 3);
      assert.deepEqual(mine.visits.map((v: { plannedStart: string }) => v.plannedStart), [...mine.visits.map((v: { plannedStart: string }) => v.plannedStart)].sort());
      assert.deepEqual(mine.sites.map((s: { id: string }) => s.id), [siteId]);
      assert.equal(mine.sites[0].geofence.type, 'circle');
      assert.ok(mine.checkins.length >= 1, 'earlier check-ins of the day are listed');
      assert.equal((await get('/api/patrols/my-route?date=2026-11-27', outsider)).json().visits.length, 0, 'nobody else sees this route as theirs');
      assert.equal((await get('/api/patrols/my-route?date=2026-11-28', worker)).json().visits.length, 0);
    });

    it('lists the site as uncovered after a missed slot, and alerts the duty officer exactly once', async () => {
      t.clock.now = new Date('2026-11-27T14:30:00.000Z'); // 22:30 CST: 22:00–24:00 slot open and unvisited
      await insertUser(t.storage.db, { username: 'leader2', role: 'grid_leader', scope: city.gridA1 });
      const fresh = await loginAs(t.app, 'leader2', 'correct horse battery');
      assert.equal((await get(`/api/patrols/uncovered?scope=${city.streetA}`)).statusCode, 401);
      assert.equal((await get(`/api/patrols/uncovered?scope=abc`, fresh)).json().error.field, 'scope');
      assert.equal((await get(`/api/patrols/uncovered?scope=${city.gridB1}`, fresh)).statusCode, 404);
      const res = await get(`/api/patrols/uncovered?scope=${city.gridA1}`, fresh);
      assert.equal(res.statusCode, 200, res.body);
      const site = res.json().sites.find((s: { siteId: string }) => s.siteId === siteId);
      assert.equal(site.state, 'due');
      assert.equal(site.minutesSinceLastVisit, 145); // last arrival 20:05 CST
      const ctx = { ...t.ctx, now: () => t.clock.now };
      // The 22:00–24:00 slot is still running at 22:30: due on the map, but not yet a gap.
      assert.equal(await scanPatrolGaps(ctx, new Date('2026-11-27T14:30:00.000Z')), 0);
      // Just after midnight it has ended unvisited: one alert, and a second scan adds none.
      const first = await scanPatrolGaps(ctx, new Date('2026-11-27T16:01:00.000Z'));
      assert.ok(first >= 1, `gaps alerted after the slot ended: ${first}`);
      const again = await scanPatrolGaps(ctx, new Date('2026-11-27T16:02:00.000Z'));
      assert.equal(again, 0);
      const notes = await t.storage.db.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.user_id').select(['users.username', 'notifications.kind']).where('notifications.kind', '=', 'patrol.gap').execute();
      assert.equal(notes.length, first);
      assert.ok(notes.every((n) => n.username === 'duty'));
    });
  });

  describe('group commit', () => {
    it('writes many check-ins in one transaction and every acknowledged one is stored', async () => {
      t.clock.now = new Date('2026-11-27T12:00:00.000Z');
      const signer = QrSigner.forDataDir(t.dataDir);
      const batcher = new CheckinBatcher(t.ctx, signer, { maxDelayMs: 50, maxBatch: 1000 });
      const actor = { id: workerId, username: 'worker', displayName: 'worker', assignments: [{ role: 'grid_worker' as const, scopeCode: city.gridA1, scopePath: '32/3201/320106/320106001/320106001001/320106001001001/', departmentId: null }], sourceIp: null, via: 'session' as const };
      const nonces = Array.from({ length: 200 }, () => randomUUID());
      const outcomes = await Promise.all(nonces.map((clientNonce, i) => batcher.submit({ actor, input: { siteId, kind: i % 2 ? 'depart' : 'arrive', at: t.clock.now.toISOString(), clientNonce, location: i === 5 ? { lat: 0, lng: 0 } : SITE_POINT } })));
      await batcher.close();
      assert.equal(batcher.stats.batches, 1, 'one durable transaction for all 200');
      assert.equal(outcomes[5]!.status, 'refused');
      const acknowledged = nonces.filter((_, i) => outcomes[i]!.status === 'accepted');
      assert.equal(acknowledged.length, 199);
      const stored = await t.storage.db.selectFrom('patrol_checkins').select('client_nonce').where('client_nonce', 'in', acknowledged).execute();
      assert.equal(stored.length, 199);
    });
  });
  describe('check-ins across grids by plan (runs last: it moves the clock)', () => {
    it('lets a worker planned across grids check in at that site while the plan runs, and only then', async () => {
      // A street-wide plan (by the street's duty officer) sends a grid worker of A2 to the site in A1.
      const neighbour = await insertUser(t.storage.db, { username: 'neighbour', role: 'grid_worker', scope: city.gridA2 });
      let neighbourCookie = await loginAs(t.app, 'neighbour', 'correct horse battery');
      const duty = await loginAs(t.app, 'duty', 'correct horse battery');
      const saved = t.clock.now;
      const checkin = (at: string) => post('/api/patrols/checkin', neighbourCookie, { siteId, kind: 'arrive', at, clientNonce: randomUUID(), location: SITE_POINT }, null);
      try {
        t.clock.now = new Date('2026-11-27T12:30:00.000Z');
        // Not planned yet: the site is outside the neighbour's grid.
        assert.equal((await checkin('2026-11-27T12:30:00.000Z')).statusCode, 404);
        const plan = await post('/api/patrols/plans', duty, { scopeCode: city.gridA1, shiftStart: '2026-11-27T10:00:00.000Z', shiftEnd: '2026-11-27T16:00:00.000Z', workerIds: [neighbour.id], seed: 3 });
        assert.equal(plan.statusCode, 201, plan.body);
        assert.ok((await get('/api/patrols/my-route?date=2026-11-27', neighbourCookie)).json().visits.length > 0, 'the route lists the site');
        const during = await checkin('2026-11-27T12:30:00.000Z');
        assert.equal(during.statusCode, 201, during.body);
        // Within the hour's grace after the shift (a late sync carries its own time): still the plan's.
        t.clock.now = new Date('2026-11-27T16:50:00.000Z');
        neighbourCookie = await loginAs(t.app, 'neighbour', 'correct horse battery'); // the clock jump idled the session out
        assert.equal((await checkin('2026-11-27T16:45:00.000Z')).statusCode, 201);
        // Long before the shift: the plan does not cover it, and the site is not theirs.
        assert.equal((await checkin('2026-11-27T08:30:00.000Z')).statusCode, 404);
        // Someone not on the plan still gets 404.
        const outsiderCookie = await loginAs(t.app, 'outsider', 'correct horse battery');
        assert.equal((await post('/api/patrols/checkin', outsiderCookie, { siteId, kind: 'arrive', at: '2026-11-27T16:45:00.000Z', clientNonce: randomUUID(), location: SITE_POINT }, null)).statusCode, 404);
      } finally {
        t.clock.now = saved;
      }
    });
  });
});
