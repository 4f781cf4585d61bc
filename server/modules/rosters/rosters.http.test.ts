import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { createTestApp, forEachDatabase } from '../../../test/harness.ts';
import { insertUser, seedSmallCity } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';

forEachDatabase('roster routes', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let duty: string;
  let outsider: string;
  let supervisor: string;
  const people: { id: string; username: string }[] = [];
  let unitId = '';
  let dayId = '';
  let nightId = '';

  before(async () => {
    t = await createTestApp(kind);
    // Before every shift of the March weeks below: swaps of started shifts are refused.
    t.clock.now = new Date('2026-03-01T00:00:00.000Z');
    const city = await seedSmallCity(t.storage.db);
    const d = await insertUser(t.storage.db, { username: 'duty', role: 'duty_officer', scope: city.streetA });
    const o = await insertUser(t.storage.db, { username: 'outsider', role: 'grid_worker', scope: city.gridB1 });
    const s = await insertUser(t.storage.db, { username: 'super', role: 'supervisor', scope: city.streetA });
    for (let i = 1; i <= 6; i++) {
      const u = await insertUser(t.storage.db, { username: `m${i}`, role: 'grid_worker', scope: city.gridA1, displayName: `值班员${i}` });
      people.push(u);
    }
    duty = await loginAs(t.app, d.username, d.password);
    outsider = await loginAs(t.app, o.username, o.password);
    supervisor = await loginAs(t.app, s.username, s.password);
  });
  after(async () => t.close());

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, cookie?: string, payload?: unknown) =>
    t.app.inject({ method, url, ...(cookie ? { headers: { cookie } } : {}), ...(payload !== undefined ? { payload: payload as object } : {}) });

  it('walks create unit 401 → 400 → 404/403 → 201', async () => {
    const body = { nameZh: '宁海路街道指挥中心', kind: 'command_centre', territoryCode: '320106001' };
    assert.equal((await call('POST', '/api/rosters/units', undefined, body)).statusCode, 401);
    const bad = await call('POST', '/api/rosters/units', duty, { ...body, rules: { maxConsecutiveDays: 0 } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
    assert.match(bad.json().error.field, /maxConsecutiveDays/);
    assert.equal((await call('POST', '/api/rosters/units', outsider, body)).statusCode, 404);
    assert.equal((await call('POST', '/api/rosters/units', supervisor, body)).statusCode, 403);
    const ok = await call('POST', '/api/rosters/units', duty, body);
    assert.equal(ok.statusCode, 201);
    unitId = ok.json().id;
    assert.deepEqual(ok.json().rules, { minRestHours: 11, maxConsecutiveDays: 6, maxWeeklyHours: 44 });
  });

  it('sets up templates and members; a bad start time is a 400 naming the field', async () => {
    const bad = await call('POST', `/api/rosters/units/${unitId}/templates`, duty, { nameZh: '白班', startTime: '25:00', durationMinutes: 720, night: false, requirements: [{ role: '值班员', count: 1 }] });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.field, 'startTime');
    assert.equal((await call('POST', `/api/rosters/units/${unitId}/templates`, supervisor, { nameZh: '白班', startTime: '08:00', durationMinutes: 720, night: false, requirements: [{ role: '值班员', count: 1 }] })).statusCode, 403);
    dayId = (await call('POST', `/api/rosters/units/${unitId}/templates`, duty, { nameZh: '白班', startTime: '08:00', durationMinutes: 720, night: false, requirements: [{ role: '值班员', count: 1 }] })).json().id;
    nightId = (await call('POST', `/api/rosters/units/${unitId}/templates`, duty, { nameZh: '夜班', startTime: '20:00', durationMinutes: 720, night: true, requirements: [{ role: '值班员', count: 1 }] })).json().id;
    for (const p of people.slice(0, 5)) {
      assert.equal((await call('PUT', `/api/rosters/units/${unitId}/members`, duty, { userId: p.id, skills: ['值班员'] })).statusCode, 200);
    }
    const leave = await call('POST', `/api/rosters/units/${unitId}/unavailability`, duty, { userId: people[0]!.id, kind: 'leave', startsAt: '2026-03-04T00:00:00+08:00', endsAt: '2026-03-06T00:00:00+08:00', reason: '年休假' });
    assert.equal(leave.statusCode, 201);
    const unit = await call('GET', `/api/rosters/units/${unitId}`, duty);
    assert.equal(unit.json().members.length, 5);
    assert.equal(unit.json().templates.length, 2);
  });

  it('generates a week with no violations, respecting leave, and a member can read their own unit', async () => {
    const res = await call('POST', `/api/rosters/units/${unitId}/generate`, duty, { from: '2026-03-02', days: 7, seed: 5 });
    assert.equal(res.statusCode, 200, res.body);
    const out = res.json();
    assert.equal(out.feasible, true);
    assert.equal(out.assignments, 14);
    assert.deepEqual(out.violations, []);
    const member = await loginAs(t.app, people[1]!.username, 'correct horse battery');
    const list = await call('GET', `/api/rosters/units/${unitId}/assignments?from=2026-03-02&days=7`, member);
    assert.equal(list.statusCode, 200);
    assert.equal(list.json().assignments.length, 14);
    assert.deepEqual(list.json().violations, []);
    const onLeave = list.json().assignments.filter((a: { userId: string; date: string }) => a.userId === people[0]!.id && (a.date === '2026-03-04' || a.date === '2026-03-05'));
    assert.deepEqual(onLeave, []);
    assert.equal((await call('GET', `/api/rosters/units/${unitId}/assignments?from=2026-03-02`, outsider)).statusCode, 404);
  });

  it('answers who is on duty at a given instant, per unit and for a territory subtree', async () => {
    const list = (await call('GET', `/api/rosters/units/${unitId}/assignments?from=2026-03-03&days=1`, duty)).json().assignments;
    const day = list.find((a: { templateId: string }) => a.templateId === dayId);
    const res = await call('GET', `/api/rosters/units/${unitId}/on-duty?at=2026-03-03T10:00:00%2B08:00`, duty);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().onDuty.map((o: { userId: string }) => o.userId), [day.userId]);
    assert.equal(res.json().onDuty[0].shiftName, '白班');
    const bad = await call('GET', `/api/rosters/units/${unitId}/on-duty?at=yesterday`, duty);
    assert.equal(bad.statusCode, 400);
    const scoped = await call('GET', '/api/rosters/on-duty?scope=320106001&at=2026-03-03T10:00:00%2B08:00', duty);
    assert.equal(scoped.json().onDuty.length, 1);
    assert.equal((await call('GET', '/api/rosters/on-duty?scope=320106001', outsider)).statusCode, 404);
  });

  it('refuses a manual edit that breaks minimum rest, and accepts it only with an audited override', async () => {
    const list = (await call('GET', `/api/rosters/units/${unitId}/assignments?from=2026-03-03&days=1`, duty)).json().assignments;
    const night = list.find((a: { templateId: string }) => a.templateId === nightId);
    // Night 03-03 20:00 → 03-04 08:00, then the day shift of 03-04 starting 08:00: no rest.
    const edit = { templateId: dayId, date: '2026-03-04', role: '值班员', userId: night.userId };
    const refused = await call('POST', `/api/rosters/units/${unitId}/assignments`, duty, edit);
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error.code, 'CONFLICT');
    assert.ok(refused.json().error.details.violations.some((v: { rule: string; personId: string }) => v.rule === 'rest' && v.personId === night.userId));
    const overridden = await call('POST', `/api/rosters/units/${unitId}/assignments`, duty, { ...edit, overrideReason: '突发警情加班' });
    assert.equal(overridden.statusCode, 201);
    assert.equal(overridden.json().overridden, true);
    const audit = await t.storage.db.selectFrom('audit_log').select(['action', 'after_json']).where('action', '=', 'roster.assignment.override').execute();
    assert.equal(audit.length, 1);
    assert.match(audit[0]!.after_json!, /突发警情加班/);
  });

  it('re-checks a swap on approval: a swap breaking rest is refused, a valid one is applied', async () => {
    const unit = (await call('POST', '/api/rosters/units', duty, { nameZh: '巡逻一队', kind: 'patrol_team', territoryCode: '320106001' })).json().id;
    const day = (await call('POST', `/api/rosters/units/${unit}/templates`, duty, { nameZh: '白班', startTime: '08:00', durationMinutes: 720, night: false, requirements: [{ role: '队员', count: 1 }] })).json().id;
    const night = (await call('POST', `/api/rosters/units/${unit}/templates`, duty, { nameZh: '夜班', startTime: '20:00', durationMinutes: 720, night: true, requirements: [{ role: '队员', count: 1 }] })).json().id;
    const [x, y, z] = people;
    for (const p of [x!, y!, z!]) await call('PUT', `/api/rosters/units/${unit}/members`, duty, { userId: p.id, skills: ['队员'] });
    const add = async (templateId: string, date: string, userId: string) => {
      const r = await call('POST', `/api/rosters/units/${unit}/assignments`, duty, { templateId, date, role: '队员', userId });
      assert.equal(r.statusCode, 201, r.body);
      return r.json().id as string;
    };
    const xNight2 = await add(night, '2026-03-09', x!.id);
    const xNight3 = await add(night, '2026-03-10', x!.id);
    const yDay3 = await add(day, '2026-03-10', y!.id);
    const zDay5 = await add(day, '2026-03-12', z!.id);
    const xCookie = await loginAs(t.app, x!.username, 'correct horse battery');
    // y may not ask to swap x's shift.
    const yCookie = await loginAs(t.app, y!.username, 'correct horse battery');
    assert.equal((await call('POST', `/api/rosters/units/${unit}/swaps`, yCookie, { assignmentId: xNight2, withAssignmentId: zDay5 })).statusCode, 403);
    const bad = await call('POST', `/api/rosters/units/${unit}/swaps`, xCookie, { assignmentId: xNight2, withAssignmentId: yDay3, reason: '家里有事' });
    assert.equal(bad.statusCode, 201);
    assert.equal((await call('POST', `/api/rosters/swaps/${bad.json().id}/decide`, xCookie, { decision: 'approve' })).statusCode, 403);
    const refused = await call('POST', `/api/rosters/swaps/${bad.json().id}/decide`, duty, { decision: 'approve' });
    assert.equal(refused.statusCode, 409);
    assert.ok(refused.json().error.details.violations.some((v: { rule: string }) => v.rule === 'rest'));
    assert.equal((await call('POST', `/api/rosters/swaps/${bad.json().id}/decide`, duty, { decision: 'deny', note: '休息不足' })).json().state, 'denied');
    const good = await call('POST', `/api/rosters/units/${unit}/swaps`, xCookie, { assignmentId: xNight3, withAssignmentId: zDay5 });
    const approved = await call('POST', `/api/rosters/swaps/${good.json().id}/decide`, duty, { decision: 'approve' });
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json().state, 'approved');
    const rows = await t.storage.db.selectFrom('roster_assignments').select(['id', 'user_id', 'source']).where('id', 'in', [xNight3, zDay5]).execute();
    assert.equal(rows.find((r) => r.id === xNight3)!.user_id, z!.id);
    assert.equal(rows.find((r) => r.id === zDay5)!.user_id, x!.id);
    assert.equal((await call('POST', `/api/rosters/swaps/${good.json().id}/decide`, duty, { decision: 'deny' })).statusCode, 409);
  });

  it('exports the roster as XLSX with Chinese headers', async () => {
    const res = await call('GET', `/api/rosters/units/${unitId}/export.xlsx?from=2026-03-02&days=7`, duty);
    assert.equal(res.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1, 7), ['日期', '班次', '开始', '结束', '人员', '角色']);
    assert.equal(sheet.rowCount, 1 + 14 + 1);
    assert.equal(sheet.getRow(2).getCell(1).value, '2026-03-02');
  });
});
