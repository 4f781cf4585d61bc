import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { insertUser, seedSmallCity } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';

// Editing and deactivating key sites (PATCH /api/patrols/sites/:id). Grid A1 is the square around
// (118.77, 32.06) ± 0.005°, grid A2 the one around (118.78, 32.06), grid B1 around (118.77, 32.05).
const A1 = { lat: 32.06, lng: 118.77 };
const A2 = { lat: 32.06, lng: 118.78 };
const B1 = { lat: 32.05, lng: 118.77 };

forEachDatabase('patrols HTTP: editing key sites', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  let leader: string; // grid leader of A1 only
  let duty: string; // duty officer of street A (A1 and A2)
  let worker: string; // grid worker of A1
  let outsider: string; // grid leader of B1
  let workerId: string;
  let site: { id: string; updatedAt: string };
  const send = (method: 'PATCH' | 'POST' | 'GET', url: string, cookie: string | undefined, payload?: unknown) =>
    t.app.inject({ method, url, headers: { ...(cookie ? { cookie } : {}), ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}) }, ...(payload === undefined ? {} : { payload: payload as object }) });
  /** Sessions idle out when the test clock jumps hours ahead: sign in again. */
  const relogin = async () => {
    leader = await loginAs(t.app, 'leader', 'correct horse battery');
    worker = await loginAs(t.app, 'worker', 'correct horse battery');
    duty = await loginAs(t.app, 'duty', 'correct horse battery');
    outsider = await loginAs(t.app, 'outsider', 'correct horse battery');
  };
  const patch = (cookie: string | undefined, payload: unknown, id = site.id) => send('PATCH', `/api/patrols/sites/${id}`, cookie, payload);

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date('2026-11-27T02:00:00.000Z'); // 10:00 CST
    city = await seedSmallCity(t.storage.db);
    await insertUser(t.storage.db, { username: 'leader', role: 'grid_leader', scope: city.gridA1 });
    await insertUser(t.storage.db, { username: 'duty', role: 'duty_officer', scope: city.streetA });
    workerId = (await insertUser(t.storage.db, { username: 'worker', role: 'grid_worker', scope: city.gridA1 })).id;
    await insertUser(t.storage.db, { username: 'outsider', role: 'grid_leader', scope: city.gridB1 });
    leader = await loginAs(t.app, 'leader', 'correct horse battery');
    duty = await loginAs(t.app, 'duty', 'correct horse battery');
    worker = await loginAs(t.app, 'worker', 'correct horse battery');
    outsider = await loginAs(t.app, 'outsider', 'correct horse battery');
    // All day, a visit every 2 h, at least 10 min.
    const res = await send('POST', '/api/patrols/sites', leader, { name: '江苏路小学', category: 'school', riskLevel: 2, location: A1, radiusMeters: 80, dosage: [{ start: '00:00', end: '24:00', everyMinutes: 120, dwellMinMinutes: 10, dwellMaxMinutes: 16 }] });
    assert.equal(res.statusCode, 201, res.body);
    site = res.json().site;
  });
  after(async () => t.close());

  describe('PATCH /api/patrols/sites/:id', () => {
    it('401 without a session', async () => {
      assert.equal((await patch(undefined, { expectedUpdatedAt: site.updatedAt, name: 'x' })).statusCode, 401);
    });

    it('400 with the code and the field on bad input', async () => {
      const cases: [unknown, string][] = [
        [{ name: 'x' }, 'expectedUpdatedAt'],
        [{ expectedUpdatedAt: site.updatedAt, riskLevel: 9 }, 'riskLevel'],
        [{ expectedUpdatedAt: site.updatedAt, location: { lat: 91, lng: 118 } }, 'location.lat'],
        [{ expectedUpdatedAt: site.updatedAt, dosage: [{ start: '18:00', end: '18:00', everyMinutes: 120, dwellMinMinutes: 10, dwellMaxMinutes: 16 }] }, 'dosage.0.end'],
        [{ expectedUpdatedAt: site.updatedAt }, 'name'],
      ];
      for (const [body, field] of cases) {
        const res = await patch(leader, body);
        assert.equal(res.statusCode, 400, `${JSON.stringify(body)} → ${res.body}`);
        assert.equal(res.json().error.code, 'VALIDATION_FAILED');
        assert.equal(res.json().error.field, field);
      }
      const bowtie = await patch(leader, { expectedUpdatedAt: site.updatedAt, polygon: { type: 'Polygon', coordinates: [[[118.769, 32.059], [118.771, 32.061], [118.771, 32.059], [118.769, 32.061], [118.769, 32.059]]] } });
      assert.equal(bowtie.statusCode, 400);
      assert.equal(bowtie.json().error.code, 'INVALID_GEOMETRY');
      assert.equal(bowtie.json().error.field, 'polygon');
    });

    it('403 for a grid worker, 404 for a leader of another grid and for a missing site', async () => {
      const forbidden = await patch(worker, { expectedUpdatedAt: site.updatedAt, name: '改名' });
      assert.equal(forbidden.statusCode, 403);
      assert.equal(forbidden.json().error.code, 'FORBIDDEN');
      assert.equal((await patch(outsider, { expectedUpdatedAt: site.updatedAt, name: '改名' })).statusCode, 404);
      const missing = await patch(leader, { expectedUpdatedAt: site.updatedAt, name: '改名' }, 'no-such-site');
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.code, 'NOT_FOUND');
    });

    it('200: edits name, risk, dosage and geofence (polygon), audited with before and after', async () => {
      t.clock.now = new Date('2026-11-27T02:10:00.000Z');
      const polygon = { type: 'Polygon', coordinates: [[[118.7690, 32.0590], [118.7710, 32.0590], [118.7710, 32.0610], [118.7690, 32.0610], [118.7690, 32.0590]]] };
      const res = await patch(leader, { expectedUpdatedAt: site.updatedAt, name: '江苏路小学南门', riskLevel: 3, polygon, dosage: [{ start: '00:00', end: '24:00', everyMinutes: 60, dwellMinMinutes: 10, dwellMaxMinutes: 16 }] });
      assert.equal(res.statusCode, 200, res.body);
      const s = res.json().site;
      assert.equal(s.name, '江苏路小学南门');
      assert.equal(s.riskLevel, 3);
      assert.equal(s.geofence.type, 'polygon');
      assert.equal(s.dosage[0].everyMinutes, 60);
      assert.equal(s.gridCode, city.gridA1);
      assert.equal(s.active, true);
      assert.ok(s.updatedAt > site.updatedAt, 'a new concurrency token');
      const audit = await t.storage.db.selectFrom('audit_log').select(['action', 'before_json', 'after_json']).where('record_id', '=', site.id).where('action', '=', 'patrol.site.update').executeTakeFirstOrThrow();
      assert.equal(JSON.parse(audit.before_json!).name, '江苏路小学');
      assert.equal(JSON.parse(audit.after_json!).name, '江苏路小学南门');
      const stale = await patch(leader, { expectedUpdatedAt: site.updatedAt, name: '又改名' });
      assert.equal(stale.statusCode, 409, 'an edit based on the old version is refused');
      assert.equal(stale.json().error.code, 'STALE_TRANSITION');
      assert.equal(stale.json().error.field, 'expectedUpdatedAt');
      site = s;
      const listed = (await send('GET', `/api/patrols/sites?scope=${city.gridA1}`, worker)).json().sites;
      assert.equal(listed[0].name, '江苏路小学南门');
    });

    it('moving a site re-finds its grid; moving it where the editor may not manage is refused', async () => {
      const far = await patch(leader, { expectedUpdatedAt: site.updatedAt, location: A2, radiusMeters: 50 });
      assert.equal(far.statusCode, 404, 'the A1 leader does not see grid A2');
      assert.equal(far.json().error.field, 'location');
      assert.equal((await patch(leader, { expectedUpdatedAt: site.updatedAt, location: { lat: 40, lng: 100 } })).json().error.code, 'OUTSIDE_TERRITORY');
      const moved = await patch(duty, { expectedUpdatedAt: site.updatedAt, location: A2, radiusMeters: 50 });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json().site.gridCode, city.gridA2);
      assert.deepEqual(moved.json().site.geofence, { type: 'circle', lat: A2.lat, lng: A2.lng, radiusMeters: 50 });
      assert.equal((await send('GET', `/api/patrols/sites?scope=${city.gridA1}`, duty)).json().sites.length, 0);
      const back = await patch(duty, { expectedUpdatedAt: moved.json().site.updatedAt, location: A1, radiusMeters: 80 });
      assert.equal(back.statusCode, 200, back.body);
      site = back.json().site;
      assert.equal((await patch(outsider, { expectedUpdatedAt: site.updatedAt, location: B1 })).statusCode, 404);
    });

    it('deactivating keeps the morning in compliance, drops the site from later plans and lists; reactivation brings it back', async () => {
      // 10:00–10:30 CST a visit happened; the 10:00–11:00 slot is met. Deactivated at 12:30 CST.
      const base = Date.parse('2026-11-27T02:05:00.000Z');
      t.clock.now = new Date(base + 20 * 60_000);
      await relogin();
      const inside = { lat: A1.lat, lng: A1.lng, accuracyMeters: 5 };
      const sync = await send('POST', '/api/patrols/checkins', worker, {
        checkins: [
          { siteId: site.id, kind: 'arrive', at: new Date(base).toISOString(), clientNonce: randomUUID(), location: inside },
          { siteId: site.id, kind: 'depart', at: new Date(base + 12 * 60_000).toISOString(), clientNonce: randomUUID(), location: inside },
        ],
      });
      assert.deepEqual(sync.json().results.map((r: { status: string }) => r.status), ['accepted', 'accepted']);
      t.clock.now = new Date('2026-11-27T04:30:00.000Z');
      await relogin();
      const off = await patch(leader, { expectedUpdatedAt: site.updatedAt, active: false });
      assert.equal(off.statusCode, 200, off.body);
      assert.equal(off.json().site.active, false);
      assert.equal(off.json().site.deactivatedAt, '2026-11-27T04:30:00.000Z');
      const audit = await t.storage.db.selectFrom('audit_log').select('action').where('record_id', '=', site.id).where('action', '=', 'patrol.site.deactivate').execute();
      assert.equal(audit.length, 1);

      // Frozen while deactivated: only reactivation is accepted.
      const edit = await patch(leader, { expectedUpdatedAt: off.json().site.updatedAt, name: '停用后改名' });
      assert.equal(edit.statusCode, 409);
      assert.equal(edit.json().error.code, 'INVALID_TRANSITION');

      assert.equal((await send('GET', `/api/patrols/sites?scope=${city.gridA1}`, leader)).json().sites.length, 0, 'gone from the list');
      const all = (await send('GET', `/api/patrols/sites?scope=${city.gridA1}&includeInactive=1`, leader)).json().sites;
      assert.deepEqual(all.map((s: { id: string; active: boolean }) => [s.id, s.active]), [[site.id, false]]);
      assert.equal((await send('GET', `/api/patrols/uncovered?scope=${city.gridA1}`, leader)).json().sites.length, 0);

      t.clock.now = new Date('2026-11-27T08:00:00.000Z'); // 16:00 CST
      await relogin();
      const c = (await send('GET', `/api/patrols/compliance?scope=${city.gridA1}&date=2026-11-27`, leader)).json();
      const mine = c.sites.find((s: { siteId: string }) => s.siteId === site.id);
      assert.ok(mine, 'today’s compliance keeps the site deactivated at 12:30');
      assert.equal(mine.active, false);
      // Slots from creation (10:00) to deactivation (12:30): 10–11 met, 11–12 missed, 12–12:30 missed; none after.
      assert.deepEqual(mine.slots.map((x: { start: string; status: string }) => [x.start, x.status]), [
        ['2026-11-27T02:00:00.000Z', 'met'],
        ['2026-11-27T03:00:00.000Z', 'missed'],
        ['2026-11-27T04:00:00.000Z', 'missed'],
      ]);
      assert.equal((await send('GET', `/api/patrols/compliance?scope=${city.gridA1}&date=2026-11-28`, leader)).json().sites.length, 0, 'nothing due the next day');

      const plan = await send('POST', '/api/patrols/plans', leader, { scopeCode: city.gridA1, shiftStart: '2026-11-27T08:00:00.000Z', shiftEnd: '2026-11-27T12:00:00.000Z', workerIds: [workerId], seed: 3 });
      assert.equal(plan.statusCode, 201, plan.body);
      assert.equal(plan.json().plan.report.requiredVisits, 0, 'a deactivated site is not planned');

      const on = await patch(leader, { expectedUpdatedAt: off.json().site.updatedAt, active: true });
      assert.equal(on.statusCode, 200, on.body);
      assert.equal(on.json().site.active, true);
      assert.equal(on.json().site.deactivatedAt, null);
      assert.equal((await send('GET', `/api/patrols/sites?scope=${city.gridA1}`, leader)).json().sites.length, 1);
      const again = await send('POST', '/api/patrols/plans', leader, { scopeCode: city.gridA1, shiftStart: '2026-11-27T08:00:00.000Z', shiftEnd: '2026-11-27T12:00:00.000Z', workerIds: [workerId], seed: 3 });
      assert.equal(again.json().plan.report.requiredVisits, 4, 'back in plans: 16:00–20:00 CST, one visit an hour');
    });
  });

  describe('GET /api/patrols/plans', () => {
    it('401 anonymous, 400 naming the field, 404 outside my scope', async () => {
      await relogin();
      assert.equal((await send('GET', `/api/patrols/plans?scope=${city.gridA1}`, undefined)).statusCode, 401);
      const bad = await send('GET', '/api/patrols/plans?scope=x', leader);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
      assert.equal(bad.json().error.field, 'scope');
      assert.equal((await send('GET', `/api/patrols/plans?scope=${city.gridA1}&limit=0`, leader)).json().error.field, 'limit');
      assert.equal((await send('GET', `/api/patrols/plans?scope=${city.gridB1}`, leader)).statusCode, 404);
      assert.equal((await send('GET', `/api/patrols/plans?scope=${city.gridA1}`, outsider)).statusCode, 404);
    });

    it('lists the scope’s plans newest first with coverage; the full report stays one click away', async () => {
      const res = await send('GET', `/api/patrols/plans?scope=${city.streetA}`, duty);
      assert.equal(res.statusCode, 200, res.body);
      const plans = res.json().plans as { id: string; requiredVisits: number; plannedVisits: number; coverage: number; createdBy: string; method: string }[];
      assert.equal(plans.length, 2);
      assert.deepEqual(plans.map((p) => p.requiredVisits).sort(), [0, 4]);
      const four = plans.find((p) => p.requiredVisits === 4)!;
      assert.equal(four.coverage, four.plannedVisits / 4);
      assert.equal(four.createdBy, 'leader');
      assert.equal(four.method, 'lns');
      const one = await send('GET', `/api/patrols/plans/${four.id}`, worker);
      assert.equal(one.statusCode, 200);
      assert.equal(one.json().plan.report.requiredVisits, 4);
      assert.equal((await send('GET', `/api/patrols/plans?scope=${city.gridA1}&limit=1`, worker)).json().plans.length, 1);
    });
  });
  describe('POST /api/patrols/sites with a polygon (runs last: adds sites in A1 and A2)', () => {
    it('files the site in the grid of the polygon’s centre, as an edit does, whatever corner the editor sent as location', async () => {
      // The editor sends the first corner as `location`; here it lies in A2 while the polygon sits in A1.
      const polygon = { type: 'Polygon', coordinates: [[[118.7740, 32.0590], [118.7760, 32.0590], [118.7760, 32.0610], [118.7740, 32.0610], [118.7740, 32.0590]]] };
      const shifted = { type: 'Polygon', coordinates: [[[118.7700, 32.0590], [118.7740, 32.0590], [118.7740, 32.0610], [118.7700, 32.0610], [118.7700, 32.0590]]] };
      const res = await send('POST', '/api/patrols/sites', duty, { name: '江苏路菜场', category: 'crowded_place', riskLevel: 2, location: { lat: 32.06, lng: 118.7762 }, polygon: shifted });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().site.gridCode, city.gridA1, 'centre (118.772, 32.06) is in A1; the corner sent as location is in A2');
      // Straddling the A1/A2 edge with its centre in A2: filed in A2 (the A1 leader may not, the street's duty officer may).
      const straddling = await send('POST', '/api/patrols/sites', duty, { name: '跨界市场', category: 'crowded_place', riskLevel: 2, location: A1, polygon: { ...polygon, coordinates: [[[118.7745, 32.0590], [118.7765, 32.0590], [118.7765, 32.0610], [118.7745, 32.0610], [118.7745, 32.0590]]] } });
      assert.equal(straddling.statusCode, 201, straddling.body);
      assert.equal(straddling.json().site.gridCode, city.gridA2);
      assert.equal((await send('POST', '/api/patrols/sites', leader, { name: '跨界市场二', category: 'crowded_place', riskLevel: 2, location: A1, polygon: { ...polygon, coordinates: [[[118.7745, 32.0590], [118.7765, 32.0590], [118.7765, 32.0610], [118.7745, 32.0610], [118.7745, 32.0590]]] } })).json().error.field, 'polygon');
    });
  });
});
