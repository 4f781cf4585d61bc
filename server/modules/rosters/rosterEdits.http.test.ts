import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, forEachDatabase } from '../../../test/harness.ts';
import { insertUser, seedSmallCity } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';

// Template edit / retire, removing one assignment, and the "shift has started" guards on swaps — all
// on a fixed clock: Tuesday 2026-03-10 12:00 China time, so the 08:00 shift of that day has begun.
forEachDatabase('roster routes: template edit and retire, assignment removal, started shifts', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let duty = ''; // duty officer of street A (roster.manage)
  let supervisor = ''; // reads street A, may not manage
  let outsider = ''; // grid worker of another street
  const people: { id: string; username: string }[] = [];
  const cookies: string[] = [];
  let unitId = '';
  let dayId = ''; // 白班 08:00 12 h, 1 值班员 — edited into a new version below
  let day2Id = ''; // the edited version
  let nightId = ''; // 夜班 20:00, retired below
  const a: Record<string, string> = {}; // assignment ids by a short name

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, cookie?: string, payload?: unknown) =>
    t.app.inject({ method, url, ...(cookie ? { headers: { cookie } } : {}), ...(payload !== undefined ? { payload: payload as object } : {}) });
  const tpl = (over: Record<string, unknown> = {}) => ({ nameZh: '白班', startTime: '08:00', durationMinutes: 720, night: false, requirements: [{ role: '值班员', count: 1 }], ...over });
  const add = async (templateId: string, date: string, who: number, name: string) => {
    const r = await call('POST', `/api/rosters/units/${unitId}/assignments`, duty, { templateId, date, role: '值班员', userId: people[who]!.id });
    assert.equal(r.statusCode, 201, r.body);
    a[name] = r.json().id;
  };
  const row = (id: string) => t.storage.db.selectFrom('roster_assignments').selectAll().where('id', '=', id).executeTakeFirst();

  let logins: [string, string][] = [];
  const relogin = async () => {
    const [d, s, o] = await Promise.all(logins.map(([u, p]) => loginAs(t.app, u, p)));
    duty = d!;
    supervisor = s!;
    outsider = o!;
    for (let i = 0; i < people.length; i++) cookies[i] = await loginAs(t.app, people[i]!.username, 'correct horse battery');
  };

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date('2026-03-10T04:00:00.000Z'); // 12:00 China time
    const city = await seedSmallCity(t.storage.db);
    const d = await insertUser(t.storage.db, { username: 'duty', role: 'duty_officer', scope: city.streetA });
    const s = await insertUser(t.storage.db, { username: 'super', role: 'supervisor', scope: city.streetA });
    const o = await insertUser(t.storage.db, { username: 'outsider', role: 'grid_worker', scope: city.gridB1 });
    for (let i = 0; i < 4; i++) people.push(await insertUser(t.storage.db, { username: `m${i}`, role: 'grid_worker', scope: city.gridA1, displayName: `值班员${i}` }));
    logins = [[d.username, d.password], [s.username, s.password], [o.username, o.password]];
    await relogin();
    unitId = (await call('POST', '/api/rosters/units', duty, { nameZh: '宁海路街道指挥中心', kind: 'command_centre', territoryCode: city.streetA })).json().id;
    dayId = (await call('POST', `/api/rosters/units/${unitId}/templates`, duty, tpl())).json().id;
    nightId = (await call('POST', `/api/rosters/units/${unitId}/templates`, duty, tpl({ nameZh: '夜班', startTime: '20:00', night: true }))).json().id;
    for (const p of people) assert.equal((await call('PUT', `/api/rosters/units/${unitId}/members`, duty, { userId: p.id, skills: ['值班员'] })).statusCode, 200);
    await add(dayId, '2026-03-09', 0, 'day09'); // worked
    await add(dayId, '2026-03-10', 1, 'day10'); // running now (08:00–20:00)
    await add(dayId, '2026-03-11', 2, 'day11');
    await add(dayId, '2026-03-12', 3, 'day12');
    await add(nightId, '2026-03-10', 0, 'night10'); // starts 20:00 today
    await add(nightId, '2026-03-14', 1, 'night14');
  });
  after(async () => t.close());

  describe('template input is checked field by field (add and edit)', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['start time 25:00', { startTime: '25:00' }, 'startTime'],
      ['start time without minutes', { startTime: '8' }, 'startTime'],
      ['duration 0', { durationMinutes: 0 }, 'durationMinutes'],
      ['duration over 24 h', { durationMinutes: 1441 }, 'durationMinutes'],
      ['count 0', { requirements: [{ role: '值班员', count: 0 }] }, 'requirements.0.count'],
      ['no role rows', { requirements: [] }, 'requirements'],
      ['duplicate role rows', { requirements: [{ role: '带班', count: 1 }, { role: '带班', count: 2 }] }, 'requirements.1.role'],
      ['empty name', { nameZh: '  ' }, 'nameZh'],
    ];
    for (const [what, over, field] of cases) {
      it(`${what} → 400 VALIDATION_FAILED naming ${field}`, async () => {
        for (const [method, url] of [['POST', `/api/rosters/units/${unitId}/templates`], ['PUT', `/api/rosters/units/${unitId}/templates/${dayId}`]] as const) {
          const res = await call(method, url, duty, tpl(over));
          assert.equal(res.statusCode, 400, `${method} ${res.body}`);
          assert.equal(res.json().error.code, 'VALIDATION_FAILED');
          assert.equal(res.json().error.field, field, res.body);
        }
      });
    }

    it('edit and retire: 401 anonymous, 404 outside my territory or unknown template, 403 for a reader', async () => {
      const put = `/api/rosters/units/${unitId}/templates/${dayId}`;
      const retire = `/api/rosters/units/${unitId}/templates/${nightId}/retire`;
      assert.equal((await call('PUT', put, undefined, tpl())).statusCode, 401);
      assert.equal((await call('POST', retire, undefined, {})).statusCode, 401);
      assert.equal((await call('PUT', put, outsider, tpl())).statusCode, 404);
      assert.equal((await call('POST', retire, outsider, {})).statusCode, 404);
      assert.equal((await call('PUT', put, supervisor, tpl())).statusCode, 403);
      assert.equal((await call('POST', retire, supervisor, {})).statusCode, 403);
      assert.equal((await call('PUT', put, cookies[0], tpl())).statusCode, 403, 'a member reads the unit but may not manage it');
      const missing = await call('PUT', `/api/rosters/units/${unitId}/templates/nope`, duty, tpl());
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.field, 'templateId');
      const badDate = await call('POST', retire, duty, { from: '2026-02-30' });
      assert.equal(badDate.statusCode, 400);
      assert.equal(badDate.json().error.field, 'from');
      // Nothing changed.
      const unit = (await call('GET', `/api/rosters/units/${unitId}`, duty)).json();
      assert.deepEqual(unit.templates.map((x: { id: string }) => x.id).sort(), [dayId, nightId].sort());
    });
  });

  describe('PUT /api/rosters/units/:unitId/templates/:templateId', () => {
    it('an unchanged template is a no-op that keeps its id', async () => {
      const res = await call('PUT', `/api/rosters/units/${unitId}/templates/${dayId}`, duty, tpl());
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().id, dayId);
      assert.equal(res.json().replaces, null);
    });

    it('a template with worked shifts becomes a new version from the first unstarted date; history keeps its times and requirement', async () => {
      const res = await call('PUT', `/api/rosters/units/${unitId}/templates/${dayId}`, duty, tpl({ startTime: '09:00', durationMinutes: 600, requirements: [{ role: '值班员', count: 2 }] }));
      assert.equal(res.statusCode, 200, res.body);
      const out = res.json();
      assert.notEqual(out.id, dayId);
      assert.equal(out.replaces, dayId);
      assert.equal(out.effectiveFrom, '2026-03-11', 'the 03-10 shift started at 08:00, so the change starts on 03-11');
      assert.equal(out.movedAssignments, 2);
      assert.deepEqual(out.coverageGaps.map((v: { rule: string; date: string }) => `${v.rule} ${v.date}`).sort(), ['coverage 2026-03-11', 'coverage 2026-03-12']);
      day2Id = out.id;
      // Worked and running shifts keep the old template and times; later ones moved with new times.
      assert.equal((await row(a.day09!))!.template_id, dayId);
      assert.equal((await row(a.day10!))!.starts_at, '2026-03-10T00:00:00.000Z');
      assert.equal((await row(a.day10!))!.template_id, dayId);
      const moved = (await row(a.day11!))!;
      assert.equal(moved.template_id, day2Id);
      assert.equal(moved.starts_at, '2026-03-11T01:00:00.000Z');
      assert.equal(moved.ends_at, '2026-03-11T11:00:00.000Z');
      // The rule check uses the requirement of each date's version: 1 before, 2 from 03-11.
      const grid = (await call('GET', `/api/rosters/units/${unitId}/assignments?from=2026-03-09&days=4`, duty)).json();
      const dayShift = (v: { shiftId: string }) => v.shiftId.startsWith(`${dayId}@`) || v.shiftId.startsWith(`${day2Id}@`);
      const coverage = grid.violations.filter((v: { rule: string; shiftId: string }) => v.rule === 'coverage' && dayShift(v)).map((v: { date: string }) => v.date).sort();
      assert.deepEqual(coverage, ['2026-03-11', '2026-03-12']);
      assert.equal(grid.assignments.length, 5); // four day shifts and the night of 03-10
      const unit = (await call('GET', `/api/rosters/units/${unitId}`, duty)).json();
      assert.deepEqual(unit.templates.map((x: { id: string }) => x.id).sort(), [day2Id, nightId].sort());
      const edited = unit.templates.find((x: { id: string }) => x.id === day2Id);
      assert.deepEqual({ startTime: edited.startTime, durationMinutes: edited.durationMinutes, requirements: edited.requirements, validFrom: edited.validFrom }, { startTime: '09:00', durationMinutes: 600, requirements: [{ role: '值班员', count: 2 }], validFrom: '2026-03-11' });
      assert.deepEqual(unit.pastTemplates.map((x: { id: string; retiredFrom: string; replacedBy: string; startTime: string }) => [x.id, x.retiredFrom, x.replacedBy, x.startTime]), [[dayId, '2026-03-11', day2Id, '08:00']]);
      const audit = await t.storage.db.selectFrom('audit_log').select(['before_json', 'after_json']).where('action', '=', 'roster.template.update').execute();
      assert.equal(audit.length, 1);
      assert.match(audit[0]!.before_json!, /"start_time":"08:00"/);
      assert.match(audit[0]!.after_json!, /"version":"new"/);
    });

    it('the replaced version may not be edited again; a version without history is edited in place', async () => {
      const stale = await call('PUT', `/api/rosters/units/${unitId}/templates/${dayId}`, duty, tpl({ nameZh: '早班' }));
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'INVALID_TRANSITION');
      assert.equal(stale.json().error.field, 'templateId');
      const renamed = await call('PUT', `/api/rosters/units/${unitId}/templates/${day2Id}`, duty, tpl({ nameZh: '日班', startTime: '09:00', durationMinutes: 600, requirements: [{ role: '值班员', count: 2 }] }));
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal(renamed.json().id, day2Id);
      assert.equal(renamed.json().replaces, null);
      const stored = await t.storage.db.selectFrom('roster_shift_templates').selectAll().where('id', '=', day2Id).executeTakeFirstOrThrow();
      assert.equal(stored.name_zh, '日班');
    });

    it('refuses to drop a role people are rostered in (409 naming requirements)', async () => {
      const res = await call('PUT', `/api/rosters/units/${unitId}/templates/${day2Id}`, duty, tpl({ nameZh: '日班', startTime: '09:00', durationMinutes: 600, requirements: [{ role: '带班', count: 1 }] }));
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error.code, 'CONFLICT');
      assert.equal(res.json().error.field, 'requirements');
      assert.equal(res.json().error.details.role, '值班员');
      assert.equal(res.json().error.details.assignments, 2);
    });

    it('refuses new times that break a person\'s rest, and rolls everything back', async () => {
      await add(day2Id, '2026-03-12', 2, 'day12b'); // m2 now works 03-11 and 03-12, 09:00–19:00
      const res = await call('PUT', `/api/rosters/units/${unitId}/templates/${day2Id}`, duty, tpl({ nameZh: '日班', startTime: '09:00', durationMinutes: 1440, requirements: [{ role: '值班员', count: 2 }] }));
      assert.equal(res.statusCode, 409, res.body);
      assert.equal(res.json().error.code, 'CONFLICT');
      assert.equal(res.json().error.field, 'durationMinutes');
      assert.ok(res.json().error.details.violations.some((v: { rule: string; personId: string }) => v.rule === 'rest' && v.personId === people[2]!.id));
      assert.equal((await row(a.day11!))!.ends_at, '2026-03-11T11:00:00.000Z');
      const stored = await t.storage.db.selectFrom('roster_shift_templates').selectAll().where('id', '=', day2Id).executeTakeFirstOrThrow();
      assert.equal(stored.duration_minutes, 600);
    });
  });

  describe('POST /api/rosters/units/:unitId/templates/:templateId/retire', () => {
    it('refuses a date whose shift has started (SHIFT_STARTED) or that still has people rostered (CONFLICT)', async () => {
      const started = await call('POST', `/api/rosters/units/${unitId}/templates/${nightId}/retire`, duty, { from: '2026-03-09' });
      assert.equal(started.statusCode, 409);
      assert.equal(started.json().error.code, 'SHIFT_STARTED');
      assert.equal(started.json().error.field, 'from');
      const rostered = await call('POST', `/api/rosters/units/${unitId}/templates/${nightId}/retire`, duty, { from: '2026-03-12' });
      assert.equal(rostered.statusCode, 409);
      assert.equal(rostered.json().error.code, 'CONFLICT');
      assert.equal(rostered.json().error.field, 'from');
      assert.deepEqual({ n: rostered.json().error.details.assignments, last: rostered.json().error.details.lastDate, earliest: rostered.json().error.details.earliest }, { n: 1, last: '2026-03-14', earliest: '2026-03-15' });
    });

    it('by default retires after the last rostered shift: assignments stay, no shift is generated afterwards', async () => {
      const res = await call('POST', `/api/rosters/units/${unitId}/templates/${nightId}/retire`, duty, {});
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { id: nightId, retiredFrom: '2026-03-15', keptAssignments: 2 });
      assert.ok(await row(a.night10!));
      assert.ok(await row(a.night14!));
      const unit = (await call('GET', `/api/rosters/units/${unitId}`, duty)).json();
      assert.deepEqual(unit.templates.map((x: { id: string }) => x.id), [day2Id]);
      assert.ok(unit.pastTemplates.some((x: { id: string; retiredFrom: string; replacedBy: null }) => x.id === nightId && x.retiredFrom === '2026-03-15' && x.replacedBy === null));
      // The scheduler fills only the current day template from 03-16 on; the night shift of 03-14 is still checked (and staffed).
      const gen = await call('POST', `/api/rosters/units/${unitId}/generate`, duty, { from: '2026-03-16', days: 7, seed: 2 });
      assert.equal(gen.statusCode, 200, gen.body);
      const rows = await t.storage.db.selectFrom('roster_assignments').select(['template_id', 'shift_date']).where('unit_id', '=', unitId).where('shift_date', '>=', '2026-03-15').execute();
      assert.ok(rows.length > 0);
      assert.deepEqual([...new Set(rows.map((r) => r.template_id))], [day2Id]);
      const grid = (await call('GET', `/api/rosters/units/${unitId}/assignments?from=2026-03-14&days=2`, duty)).json();
      assert.ok(grid.assignments.some((x: { id: string }) => x.id === a.night14));
      assert.ok(!grid.violations.some((v: { rule: string; messageZh: string }) => v.rule === 'unknown'));
      const again = await call('POST', `/api/rosters/units/${unitId}/templates/${nightId}/retire`, duty, {});
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'INVALID_TRANSITION');
      const audit = await t.storage.db.selectFrom('audit_log').select('after_json').where('action', '=', 'roster.template.retire').execute();
      assert.equal(audit.length, 1);
      assert.match(audit[0]!.after_json!, /"retired_from":"2026-03-15"/);
    });
  });

  describe('swaps of started shifts', () => {
    it('a request naming a shift that has started is refused with SHIFT_STARTED naming the field', async () => {
      // m1's 03-10 day shift has been running since 08:00.
      const mine = await call('POST', `/api/rosters/units/${unitId}/swaps`, cookies[1], { assignmentId: a.day10, withAssignmentId: a.day11 });
      assert.equal(mine.statusCode, 409, mine.body);
      assert.equal(mine.json().error.code, 'SHIFT_STARTED');
      assert.equal(mine.json().error.field, 'assignmentId');
      const theirs = await call('POST', `/api/rosters/units/${unitId}/swaps`, cookies[2], { assignmentId: a.day11, withAssignmentId: a.day09 });
      assert.equal(theirs.statusCode, 409);
      assert.equal(theirs.json().error.code, 'SHIFT_STARTED');
      assert.equal(theirs.json().error.field, 'withAssignmentId');
      const pending = (await call('GET', `/api/rosters/units/${unitId}/swaps`, duty)).json().swaps;
      assert.equal(pending.length, 0);
    });

    it('an approval after one of the shifts has started is refused; the request stays pending and may be denied', async () => {
      const req = await call('POST', `/api/rosters/units/${unitId}/swaps`, cookies[2], { assignmentId: a.day11, withAssignmentId: a.night14, reason: '家中有事' });
      assert.equal(req.statusCode, 201, req.body);
      t.clock.now = new Date('2026-03-11T02:00:00.000Z'); // 03-11 10:00: the 09:00 shift has begun
      await relogin(); // sessions idle out while the clock jumps
      const late = await call('POST', `/api/rosters/swaps/${req.json().id}/decide`, duty, { decision: 'approve' });
      assert.equal(late.statusCode, 409, late.body);
      assert.equal(late.json().error.code, 'SHIFT_STARTED');
      assert.equal(late.json().error.field, 'assignmentId');
      assert.equal((await row(a.day11!))!.user_id, people[2]!.id, 'nobody changed shifts');
      const list = (await call('GET', `/api/rosters/units/${unitId}/swaps?state=pending`, duty)).json().swaps;
      assert.deepEqual(list.map((s: { id: string }) => s.id), [req.json().id]);
      const denied = await call('POST', `/api/rosters/swaps/${req.json().id}/decide`, duty, { decision: 'deny', note: '班次已开始' });
      assert.equal(denied.statusCode, 200);
      assert.equal(denied.json().state, 'denied');
    });
  });

  describe('DELETE /api/rosters/assignments/:id', () => {
    it('401 anonymous; 404 unknown or outside my territory; 403 for readers and the holder', async () => {
      assert.equal((await call('DELETE', `/api/rosters/assignments/${a.day12}`)).statusCode, 401);
      const missing = await call('DELETE', '/api/rosters/assignments/nope', duty);
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.field, 'id');
      assert.equal((await call('DELETE', `/api/rosters/assignments/${a.day12}`, outsider)).statusCode, 404);
      assert.equal((await call('DELETE', `/api/rosters/assignments/${a.day12}`, supervisor)).statusCode, 403);
      assert.equal((await call('DELETE', `/api/rosters/assignments/${a.day12}`, cookies[3])).statusCode, 403, 'the holder may ask to swap, not remove');
      assert.ok(await row(a.day12!));
    });

    it('refuses a shift that has started', async () => {
      const res = await call('DELETE', `/api/rosters/assignments/${a.day11}`, duty);
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error.code, 'SHIFT_STARTED');
      assert.equal(res.json().error.field, 'id');
      assert.ok(await row(a.day11!));
    });

    it('removes a future shift, says it is now under-staffed, denies swaps that involved it, audits the before-state', async () => {
      const swap = await call('POST', `/api/rosters/units/${unitId}/swaps`, duty, { assignmentId: a.day12, withAssignmentId: a.night14 });
      assert.equal(swap.statusCode, 201, swap.body);
      const res = await call('DELETE', `/api/rosters/assignments/${a.day12}`, duty);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        { removed: res.json().removed, role: res.json().role, required: res.json().required, remaining: res.json().remaining, understaffed: res.json().understaffed, missing: res.json().missing, deniedSwaps: res.json().deniedSwaps },
        { removed: true, role: '值班员', required: 2, remaining: 1, understaffed: true, missing: 1, deniedSwaps: 1 },
      );
      assert.equal(await row(a.day12!), undefined);
      const swaps = (await call('GET', `/api/rosters/units/${unitId}/swaps`, duty)).json().swaps;
      assert.equal(swaps.find((s: { id: string }) => s.id === swap.json().id).state, 'denied');
      const audit = await t.storage.db.selectFrom('audit_log').select(['before_json', 'after_json']).where('action', '=', 'roster.assignment.remove').execute();
      assert.equal(audit.length, 1);
      const beforeState = JSON.parse(audit[0]!.before_json!);
      assert.equal(beforeState.id, a.day12);
      assert.equal(beforeState.user_id, people[3]!.id);
      assert.equal(beforeState.shift_date, '2026-03-12');
      assert.equal((await call('DELETE', `/api/rosters/assignments/${a.day12}`, duty)).statusCode, 404);
    });

    it('removing an extra person leaves the shift fully staffed', async () => {
      await add(nightId, '2026-03-14', 3, 'night14b'); // over-staffing is allowed
      const res = await call('DELETE', `/api/rosters/assignments/${a.night14b}`, duty);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().understaffed, false);
      assert.equal(res.json().required, 1);
      assert.equal(res.json().remaining, 1);
    });
  });
});
