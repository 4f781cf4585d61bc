import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { insertNode, insertUser, seedSmallCity, type TestUser } from '../../../test/factories.ts';
import { escalateUnsignedDirectives } from './escalateUnsignedDirectives.ts';

let keyCounter = 0;
const key = () => `dir-test-${++keyCounter}-${Date.now()}`;

forEachDatabase('directives API', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  const u: Record<string, TestUser> = {};
  const cookies: Record<string, string> = {};
  let directiveId = '';
  let signDeadline = '';

  const post = (url: string, who: string | null, payload: unknown, idem: string | null = key()) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers: { ...(who ? { cookie: cookies[who]! } : {}), ...(idem ? { 'idempotency-key': idem } : {}) } });
  const get = (url: string, who: string | null) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: cookies[who]! } : {} });

  before(async () => {
    t = await createTestApp(kind);
    const db = t.storage.db;
    city = await seedSmallCity(db);
    await insertNode(db, '3202', '无锡市');
    const people: [string, Parameters<typeof insertUser>[1]['role'], string][] = [
      ['cityleader', 'leader', city.city],
      ['cityduty', 'duty_officer', city.city],
      ['provleader', 'leader', city.province],
      ['outsider', 'grid_worker', '3202'],
      ['inspector', 'inspector', city.county],
      ['streetleader', 'leader', city.streetA],
      ['commduty', 'duty_officer', city.communityA],
      ['gla1', 'grid_leader', city.gridA1],
      ['wa1', 'grid_worker', city.gridA1],
      ['wa1b', 'grid_worker', city.gridA1],
      ['gla2', 'grid_leader', city.gridA2],
      ['wa2', 'grid_worker', city.gridA2],
      ['glb1', 'grid_leader', city.gridB1],
      ['wb1', 'grid_worker', city.gridB1],
    ];
    for (const [username, role, scope] of people) u[username] = await insertUser(db, { username, role, scope, displayName: `名${username}` });
    for (const name of Object.keys(u)) cookies[name] = await loginAs(t.app, name, u[name]!.password);
  });
  after(async () => t.close());

  describe('POST /api/directives', () => {
    it('401 without a session', async () => {
      const res = await post('/api/directives', null, { title: 'x' });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().error.code, 'UNAUTHENTICATED');
    });
    it('400 naming the field when the title is missing, and when the Idempotency-Key is missing', async () => {
      const res = await post('/api/directives', 'cityleader', { body: 'b', issuingUnit: city.city });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.field, 'title');
      const noKey = await post('/api/directives', 'cityleader', { title: 't', body: 'b', issuingUnit: city.city }, null);
      assert.equal(noKey.statusCode, 400);
      assert.equal(noKey.json().error.code, 'IDEMPOTENCY_KEY_MISSING');
      const badForm = await post('/api/directives', 'cityleader', { title: 't', body: 'b', issuingUnit: city.city, replyForm: [{ key: 'c', label: 'c', type: 'choice' }] });
      assert.equal(badForm.statusCode, 400);
      assert.equal(badForm.json().error.field, 'replyForm.0.options');
    });
    it('403 for a grid worker issuing for their own grid, 404 for a unit outside the scope', async () => {
      const forbidden = await post('/api/directives', 'wa1', { title: 't', body: 'b', issuingUnit: city.gridA1, targetUnits: [city.gridA1] });
      assert.equal(forbidden.statusCode, 403);
      const hidden = await post('/api/directives', 'streetleader', { title: 't', body: 'b', issuingUnit: city.streetB });
      assert.equal(hidden.statusCode, 404);
    });
    it('200: a city directive reaches every person in every unit and grid below and nobody outside', async () => {
      signDeadline = new Date(t.clock.now.getTime() + 3_600_000).toISOString();
      const res = await post('/api/directives', 'cityleader', {
        title: '关于做好重大活动安保工作的通知',
        body: '各单位务必于今日内传达到每个网格。',
        issuingUnit: city.city,
        priority: 'urgent',
        signDeadline,
        reportDeadline: new Date(t.clock.now.getTime() + 7_200_000).toISOString(),
        replyForm: [
          { key: 'checked', label: '排查点位数', type: 'number', required: true },
          { key: 'level', label: '风险等级', type: 'choice', options: ['低', '中', '高'] },
        ],
      });
      assert.equal(res.statusCode, 201, res.body);
      directiveId = res.json().directive.id;
      assert.equal(res.json().directive.deliveredCount, 10);
      const rows = await t.storage.db.selectFrom('directive_deliveries').select(['person_id']).where('directive_id', '=', directiveId).execute();
      const reached = new Set(rows.map((r) => r.person_id));
      const expected = ['inspector', 'streetleader', 'commduty', 'gla1', 'wa1', 'wa1b', 'gla2', 'wa2', 'glb1', 'wb1'];
      assert.deepEqual([...reached].sort(), expected.map((n) => u[n]!.id).sort());
      for (const n of ['cityleader', 'cityduty', 'provleader', 'outsider']) assert.ok(!reached.has(u[n]!.id), `${n} must not be reached`);
    });
    it('chosen units and roles narrow the fan-out', async () => {
      const res = await post('/api/directives', 'cityleader', { title: '网格长会议', body: '请网格长参会', issuingUnit: city.city, targetUnits: [city.streetA], targetRoles: ['grid_leader'] });
      assert.equal(res.statusCode, 201, res.body);
      const rows = await t.storage.db.selectFrom('directive_deliveries').select('person_id').where('directive_id', '=', res.json().directive.id).execute();
      assert.deepEqual(rows.map((r) => r.person_id).sort(), [u['gla1']!.id, u['gla2']!.id].sort());
      const outside = await post('/api/directives', 'streetleader', { title: 't', body: 'b', issuingUnit: city.streetA, targetUnits: [city.gridB1] });
      assert.equal(outside.statusCode, 400);
      assert.equal(outside.json().error.field, 'targetUnits.0');
    });
  });

  describe('inbox, supplements and reading', () => {
    it('a grid worker sees the directive in the inbox; a person it did not reach gets 404', async () => {
      const inbox = await get('/api/directives/inbox', 'wa1');
      assert.equal(inbox.statusCode, 200);
      assert.ok(inbox.json().items.some((i: { id: string }) => i.id === directiveId));
      assert.equal((await get(`/api/directives/${directiveId}`, 'outsider')).statusCode, 404);
      assert.equal((await get('/api/directives/not-a-uuid', 'wa1')).statusCode, 400);
      assert.equal((await get(`/api/directives/${directiveId}`, null)).statusCode, 401);
    });
    it('补充要求 travel to the adding unit’s subtree only', async () => {
      const add = await post(`/api/directives/${directiveId}/supplements`, 'streetleader', { unitCode: city.streetA, body: '街道补充：重点排查老旧小区' }, null);
      assert.equal(add.statusCode, 201, add.body);
      const forbidden = await post(`/api/directives/${directiveId}/supplements`, 'wa1', { unitCode: city.gridA1, body: 'x' }, null);
      assert.equal(forbidden.statusCode, 403);
      const a = await get(`/api/directives/${directiveId}`, 'wa1');
      assert.deepEqual(a.json().directive.supplements.map((s: { body: string }) => s.body), ['街道补充：重点排查老旧小区']);
      const b = await get(`/api/directives/${directiveId}`, 'wb1');
      assert.equal(b.statusCode, 200);
      assert.deepEqual(b.json().directive.supplements, []);
    });
  });

  describe('POST /api/directives/:id/sign', () => {
    it('401, 400, 404 for a person it did not reach', async () => {
      assert.equal((await post(`/api/directives/${directiveId}/sign`, null, {})).statusCode, 401);
      const bad = await post(`/api/directives/${directiveId}/sign`, 'wa1', { lat: 200, lng: 1 });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'lat');
      assert.equal((await post(`/api/directives/${directiveId}/sign`, 'cityduty', {})).statusCode, 404);
    });
    it('signs once: a second sign (new key, as an offline phone replays) keeps the original time', async () => {
      const first = await post(`/api/directives/${directiveId}/sign`, 'wa1', { lat: 32.06, lng: 118.77 });
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().alreadySigned, false);
      const signedAt = first.json().signedAt;
      t.clock.advanceMinutes(5);
      const again = await post(`/api/directives/${directiveId}/sign`, 'wa1', {});
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().signedAt, signedAt);
      assert.equal(again.json().alreadySigned, true);
      const sameKey = key();
      const r1 = await post(`/api/directives/${directiveId}/sign`, 'wa1', {}, sameKey);
      const r2 = await post(`/api/directives/${directiveId}/sign`, 'wa1', {}, sameKey);
      assert.equal(r2.headers['idempotency-replayed'], 'true');
      assert.equal(r2.body, r1.body);
      const audits = await t.storage.db.selectFrom('audit_log').select('seq').where('action', '=', 'directive.sign').where('record_id', '=', directiveId).execute();
      assert.equal(audits.length, 1);
    });
  });

  describe('POST /api/directives/:id/report', () => {
    it('403 for a grid worker; 400 naming the form field; 200 for the grid leader', async () => {
      const worker = await post(`/api/directives/${directiveId}/report`, 'wa1', { text: '已落实' });
      assert.equal(worker.statusCode, 403);
      const missing = await post(`/api/directives/${directiveId}/report`, 'gla1', { text: '已落实', answers: { level: '中' } });
      assert.equal(missing.statusCode, 400);
      assert.equal(missing.json().error.field, 'answers.checked');
      const badChoice = await post(`/api/directives/${directiveId}/report`, 'gla1', { text: '已落实', answers: { checked: 3, level: '极高' } });
      assert.equal(badChoice.json().error.field, 'answers.level');
      const ok = await post(`/api/directives/${directiveId}/report`, 'gla1', { text: '已传达到全体网格员并完成排查', answers: { checked: 12, level: '低' } });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().unitCode, city.gridA1);
    });
  });

  describe('GET /api/directives/:id/rollup', () => {
    it('401, 400 bad unit, 404 without roll-up rights or outside scope', async () => {
      assert.equal((await get(`/api/directives/${directiveId}/rollup`, null)).statusCode, 401);
      const bad = await get(`/api/directives/${directiveId}/rollup?unit=abc`, 'cityleader');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'unit');
      assert.equal((await get(`/api/directives/${directiveId}/rollup`, 'wa1')).statusCode, 404);
      assert.equal((await get(`/api/directives/${directiveId}/rollup?unit=${city.gridA1}`, 'glb1')).statusCode, 404);
    });
    it('counts reached / signed / implemented by child unit at the city, street and grid', async () => {
      // Signed so far: wa1 only. Reported: gla1 (grid A1).
      const cityView = await get(`/api/directives/${directiveId}/rollup`, 'cityleader');
      assert.equal(cityView.statusCode, 200, cityView.body);
      const c = cityView.json();
      assert.deepEqual(c.totals, { reached: 10, signed: 1, units: 6, implementedUnits: 1, signedPct: 10, implementedPct: 16.7 });
      assert.deepEqual(c.children.map((x: { code: string; reached: number; signed: number }) => [x.code, x.reached, x.signed]), [[city.county, 10, 1]]);

      const street = (await get(`/api/directives/${directiveId}/rollup?unit=${city.streetA}`, 'cityleader')).json();
      assert.deepEqual(
        street.children.map((x: { code: string; ownLevel: boolean; reached: number; signed: number; units: number; implementedUnits: number }) => [x.code, x.ownLevel, x.reached, x.signed, x.units, x.implementedUnits]),
        [
          [city.streetA, true, 1, 0, 1, 0],
          [city.communityA, false, 6, 1, 3, 1],
        ],
      );
      const grid = (await get(`/api/directives/${directiveId}/rollup?unit=${city.gridA1}`, 'cityleader')).json();
      assert.equal(grid.totals.reached, 3);
      assert.equal(grid.totals.signed, 1);
      assert.equal(grid.people.length, 3);
      assert.ok(grid.people.some((p: { name: string; signedAt: string | null }) => p.name === '名wa1' && p.signedAt));
      assert.equal(grid.people.find((p: { name: string }) => p.name === '名gla1').reportText, '已传达到全体网格员并完成排查');
    });
    it('lists overdue people after the deadline, phones masked unless people.readPersonal', async () => {
      t.clock.advanceMinutes(61);
      // Sessions idle out after 30 minutes: log in again at the new time.
      for (const n of ['cityleader', 'inspector']) cookies[n] = await loginAs(t.app, n, u[n]!.password);
      const leaderRes = await get(`/api/directives/${directiveId}/rollup?unit=${city.county}`, 'cityleader');
      assert.equal(leaderRes.statusCode, 200, leaderRes.body);
      const leaderView = leaderRes.json();
      assert.equal(leaderView.overdue.unsignedCount, 9);
      const names = leaderView.overdue.items.filter((i: { kind: string }) => i.kind === 'sign').map((i: { name: string }) => i.name);
      assert.ok(names.includes('名wb1') && !names.includes('名wa1'));
      assert.equal(leaderView.overdue.items[0].phone, '13812345678');
      const inspectorView = (await get(`/api/directives/${directiveId}/rollup?unit=${city.county}`, 'inspector')).json();
      assert.equal(inspectorView.phonesMasked, true);
      assert.equal(inspectorView.overdue.items[0].phone, '138****5678');
    });
  });

  describe('reminder and escalation job', () => {
    it('reminds unsigned people, then tells grid leaders, then the nearest unit leader; each step logged', async () => {
      // The clock is now past the sign deadline; move past deadline + 2 × 120 minutes.
      t.clock.advanceMinutes(240);
      const summary = await t.storage.db.transaction().execute((trx) => escalateUnsignedDirectives(trx, { now: t.clock.now }));
      assert.ok(summary.reminded >= 9);
      const esc = await t.storage.db.selectFrom('directive_escalations').selectAll().where('directive_id', '=', directiveId).execute();
      const step1 = esc.filter((e) => e.step === 1).map((e) => e.recipient_id);
      assert.ok(step1.includes(u['wb1']!.id) && !step1.includes(u['wa1']!.id));
      const step2 = esc.filter((e) => e.step === 2);
      const toGla2 = step2.find((e) => e.recipient_id === u['gla2']!.id);
      assert.deepEqual(JSON.parse(toGla2!.person_ids_json), [u['wa2']!.id]);
      const step3 = esc.filter((e) => e.step === 3);
      // Grid B1's nearest unit above with a leader is the city (community B and street B have none).
      assert.ok(step3.some((e) => e.recipient_id === u['cityleader']!.id && JSON.parse(e.person_ids_json).includes(u['wb1']!.id)));
      const notes = await t.storage.db.selectFrom('notifications').select(['user_id', 'kind']).where('user_id', '=', u['wb1']!.id).execute();
      assert.ok(notes.some((n) => n.kind === 'directive.remind'));
      const audit = await t.storage.db.selectFrom('audit_log').select('action').where('record_id', '=', directiveId).where('action', 'in', ['directive.remind', 'directive.escalate']).execute();
      assert.equal(audit.length, 3);
      // A second run sends nothing new: every delivery already went through every step.
      const again = await t.storage.db.transaction().execute((trx) => escalateUnsignedDirectives(trx, { now: t.clock.now }));
      assert.equal(again.reminded + again.gridLeadersTold + again.unitLeadersTold, 0);
    });
  });
});
