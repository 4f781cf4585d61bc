import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, forEachDatabase } from '../../../test/harness.ts';
import { insertUser, seedSmallCity } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';

// The console's roster screens: the unit list, swap requests of a unit, removing members, withdrawing leave.
forEachDatabase('roster routes: unit list, swaps list, members and leave management', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  let duty: string; // duty officer of street A
  let dutyB: string; // duty officer of street B
  let supervisor: string; // reads street A, may not manage
  let outsider: string; // grid worker of B1
  const people: { id: string; username: string }[] = [];
  let unitA = '';
  let unitA2 = '';
  let unitB = '';
  let dayId = '';

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, cookie?: string, payload?: unknown) =>
    t.app.inject({ method, url, ...(cookie ? { headers: { cookie } } : {}), ...(payload !== undefined ? { payload: payload as object } : {}) });

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date('2026-03-01T00:00:00.000Z');
    city = await seedSmallCity(t.storage.db);
    const d = await insertUser(t.storage.db, { username: 'duty', role: 'duty_officer', scope: city.streetA });
    const db = await insertUser(t.storage.db, { username: 'dutyB', role: 'duty_officer', scope: city.streetB });
    const s = await insertUser(t.storage.db, { username: 'super', role: 'supervisor', scope: city.streetA });
    const o = await insertUser(t.storage.db, { username: 'outsider', role: 'grid_worker', scope: city.gridB1 });
    for (let i = 1; i <= 3; i++) people.push(await insertUser(t.storage.db, { username: `m${i}`, role: 'grid_worker', scope: city.gridA1, displayName: `队员${i}` }));
    duty = await loginAs(t.app, d.username, d.password);
    dutyB = await loginAs(t.app, db.username, db.password);
    supervisor = await loginAs(t.app, s.username, s.password);
    outsider = await loginAs(t.app, o.username, o.password);
    unitA = (await call('POST', '/api/rosters/units', duty, { nameZh: '宁海路街道指挥中心', kind: 'command_centre', territoryCode: city.streetA })).json().id;
    unitA2 = (await call('POST', '/api/rosters/units', duty, { nameZh: '江苏路巡逻队', kind: 'patrol_team', territoryCode: city.communityA })).json().id;
    unitB = (await call('POST', '/api/rosters/units', dutyB, { nameZh: '华侨路街道指挥中心', kind: 'command_centre', territoryCode: city.streetB })).json().id;
    dayId = (await call('POST', `/api/rosters/units/${unitA}/templates`, duty, { nameZh: '白班', startTime: '08:00', durationMinutes: 480, night: false, requirements: [{ role: '值班员', count: 1 }] })).json().id;
    for (const p of people) assert.equal((await call('PUT', `/api/rosters/units/${unitA}/members`, duty, { userId: p.id, skills: ['值班员'] })).statusCode, 200);
  });
  after(async () => t.close());

  describe('GET /api/rosters/units', () => {
    it('401 anonymous; 400 naming the field on a bad scope; 404 for a scope outside mine', async () => {
      assert.equal((await call('GET', '/api/rosters/units')).statusCode, 401);
      const bad = await call('GET', '/api/rosters/units?scope=abc', duty);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
      assert.equal(bad.json().error.field, 'scope');
      const far = await call('GET', `/api/rosters/units?scope=${city.streetB}`, duty);
      assert.equal(far.statusCode, 404);
      assert.equal(far.json().error.code, 'NOT_FOUND');
    });

    it('lists the units under my scope with counts and what I may do', async () => {
      const res = await call('GET', '/api/rosters/units', duty);
      assert.equal(res.statusCode, 200, res.body);
      const units = res.json().units as { id: string; nameZh: string; members: number; templates: number; canManage: boolean }[];
      assert.deepEqual(units.map((u) => u.id).sort(), [unitA, unitA2].sort(), 'street B’s unit is not listed');
      const a = units.find((u) => u.id === unitA)!;
      assert.equal(a.members, 3);
      assert.equal(a.templates, 1);
      assert.equal(a.canManage, true);
      const scoped = (await call('GET', `/api/rosters/units?scope=${city.communityA}`, duty)).json().units;
      assert.deepEqual(scoped.map((u: { id: string }) => u.id), [unitA2]);
      const read = (await call('GET', '/api/rosters/units', supervisor)).json().units as { canManage: boolean }[];
      assert.equal(read.length, 2);
      assert.ok(read.every((u) => u.canManage === false), 'a supervisor reads but does not manage');
      assert.deepEqual((await call('GET', '/api/rosters/units', outsider)).json().units.map((u: { id: string }) => u.id), [], 'nothing in grid B1');
      assert.deepEqual((await call('GET', '/api/rosters/units', dutyB)).json().units.map((u: { id: string }) => u.id), [unitB]);
    });

    it('a member sees their own unit even outside their roster scope', async () => {
      // Street B's duty officer cannot see a grid A1 worker, so cannot name them (404 like a missing person,
      // issue #12); someone who sees both (a district manager) seconds them to unit B.
      assert.equal((await call('PUT', `/api/rosters/units/${unitB}/members`, dutyB, { userId: people[2]!.id, skills: ['值班员'] })).statusCode, 404);
      await t.storage.db.insertInto('roster_members').values({ unit_id: unitB, user_id: people[2]!.id, skills_json: '["值班员"]', preferences_json: null, max_weekly_hours: null, created_at: t.clock.now.toISOString() }).execute();
      const member = await loginAs(t.app, people[2]!.username, 'correct horse battery');
      const ids = (await call('GET', '/api/rosters/units', member)).json().units.map((u: { id: string }) => u.id);
      // A grid worker reads rosters of units on their grid only: the community's unit is not theirs.
      assert.deepEqual(ids.sort(), [unitA, unitB].sort(), 'both units they are a member of, nothing else');
    });
  });

  describe('GET /api/rosters/units/:unitId/swaps', () => {
    it('lists swap requests with both shifts and names, filtered by state; 401/400/404', async () => {
      const add = async (date: string, userId: string) => {
        const r = await call('POST', `/api/rosters/units/${unitA}/assignments`, duty, { templateId: dayId, date, role: '值班员', userId });
        assert.equal(r.statusCode, 201, r.body);
        return r.json().id as string;
      };
      const a1 = await add('2026-03-10', people[0]!.id);
      const a2 = await add('2026-03-12', people[1]!.id);
      const x = await loginAs(t.app, people[0]!.username, 'correct horse battery');
      const req = await call('POST', `/api/rosters/units/${unitA}/swaps`, x, { assignmentId: a1, withAssignmentId: a2, reason: '孩子开家长会' });
      assert.equal(req.statusCode, 201, req.body);

      assert.equal((await call('GET', `/api/rosters/units/${unitA}/swaps`)).statusCode, 401);
      const bad = await call('GET', `/api/rosters/units/${unitA}/swaps?state=maybe`, duty);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'state');
      assert.equal((await call('GET', `/api/rosters/units/${unitA}/swaps`, outsider)).statusCode, 404);
      assert.equal((await call('GET', '/api/rosters/units/nope/swaps', duty)).statusCode, 404);

      const pending = await call('GET', `/api/rosters/units/${unitA}/swaps?state=pending`, x);
      assert.equal(pending.statusCode, 200, pending.body);
      const [s] = pending.json().swaps;
      assert.equal(s.id, req.json().id);
      assert.equal(s.requesterName, '队员1');
      assert.equal(s.reason, '孩子开家长会');
      assert.deepEqual([s.assignment.name, s.assignment.date, s.assignment.shiftName], ['队员1', '2026-03-10', '白班']);
      assert.deepEqual([s.withAssignment.name, s.withAssignment.date], ['队员2', '2026-03-12']);

      assert.equal((await call('POST', `/api/rosters/swaps/${s.id}/decide`, duty, { decision: 'approve', note: '同意' })).statusCode, 200);
      assert.equal((await call('GET', `/api/rosters/units/${unitA}/swaps?state=pending`, duty)).json().swaps.length, 0);
      const approved = (await call('GET', `/api/rosters/units/${unitA}/swaps?state=approved`, duty)).json().swaps;
      assert.equal(approved.length, 1);
      assert.equal(approved[0].decidedBy, 'duty');
      assert.equal(approved[0].decisionNote, '同意');
      // After the swap the shifts carry the other person.
      assert.equal(approved[0].assignment.name, '队员2');
    });
  });

  describe('leave and members', () => {
    it('the unit shows current leave; a manager withdraws it (audited); 403/404 otherwise', async () => {
      const leave = await call('POST', `/api/rosters/units/${unitA}/unavailability`, duty, { userId: people[2]!.id, kind: 'leave', startsAt: '2026-03-04T00:00:00+08:00', endsAt: '2026-03-06T00:00:00+08:00', reason: '年休假' });
      assert.equal(leave.statusCode, 201);
      const id = leave.json().id as string;
      const unit = (await call('GET', `/api/rosters/units/${unitA}`, supervisor)).json();
      assert.deepEqual(unit.unavailability.map((l: { id: string; reason: string }) => [l.id, l.reason]), [[id, '年休假']]);
      assert.equal(unit.canManage, false);

      assert.equal((await call('DELETE', `/api/rosters/units/${unitA}/unavailability/${id}`)).statusCode, 401);
      assert.equal((await call('DELETE', `/api/rosters/units/${unitA}/unavailability/${id}`, supervisor)).statusCode, 403);
      assert.equal((await call('DELETE', `/api/rosters/units/${unitA}/unavailability/${id}`, outsider)).statusCode, 404);
      const elsewhere = await call('DELETE', `/api/rosters/units/${unitA2}/unavailability/${id}`, duty);
      assert.equal(elsewhere.statusCode, 404, 'the person is not in that unit');
      assert.equal(elsewhere.json().error.field, 'id');
      const ok = await call('DELETE', `/api/rosters/units/${unitA}/unavailability/${id}`, duty);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal((await call('GET', `/api/rosters/units/${unitA}`, duty)).json().unavailability.length, 0);
      const audit = await t.storage.db.selectFrom('audit_log').select('before_json').where('action', '=', 'roster.unavailability.remove').execute();
      assert.equal(audit.length, 1);
      assert.match(audit[0]!.before_json!, /年休假/);
    });

    it('removing a member is refused while they hold shifts to come, then works once those are gone', async () => {
      const p = people[0]!;
      assert.equal((await call('DELETE', `/api/rosters/units/${unitA}/members/${p.id}`)).statusCode, 401);
      assert.equal((await call('DELETE', `/api/rosters/units/${unitA}/members/${p.id}`, supervisor)).statusCode, 403);
      assert.equal((await call('DELETE', `/api/rosters/units/${unitA}/members/${p.id}`, outsider)).statusCode, 404);
      const notMember = await call('DELETE', `/api/rosters/units/${unitA2}/members/${p.id}`, duty);
      assert.equal(notMember.statusCode, 404);
      assert.equal(notMember.json().error.field, 'userId');
      // After the approved swap person 1 holds 03-12.
      const busy = await call('DELETE', `/api/rosters/units/${unitA}/members/${p.id}`, duty);
      assert.equal(busy.statusCode, 409, busy.body);
      assert.equal(busy.json().error.code, 'CONFLICT');
      assert.equal(busy.json().error.details.firstDate, '2026-03-12');
      t.clock.now = new Date('2026-03-13T00:00:00.000Z'); // the shift is over
      duty = await loginAs(t.app, 'duty', 'correct horse battery'); // the old session idled out over the jump
      const ok = await call('DELETE', `/api/rosters/units/${unitA}/members/${p.id}`, duty);
      assert.equal(ok.statusCode, 200, ok.body);
      const members = (await call('GET', `/api/rosters/units/${unitA}`, duty)).json().members.map((m: { userId: string }) => m.userId);
      assert.ok(!members.includes(p.id));
      assert.equal((await t.storage.db.selectFrom('audit_log').select('seq').where('action', '=', 'roster.member.remove').execute()).length, 1);
    });
  });
});
