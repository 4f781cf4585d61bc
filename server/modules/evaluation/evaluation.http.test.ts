import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { uuidv7 } from 'uuidv7';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { insertUser } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';
import { pathOfCode } from '../../../shared/territory/codes.ts';
import { seedCaseWorld } from '../cases/caseTestKit.ts';
import { insertTestCase, insertTestEvent } from '../analytics/testCases.ts';

forEachDatabase('evaluation (综合评价)', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const PERIOD = 'from=2026-11-01&to=2026-12-01';

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date('2026-12-15T00:00:00.000Z');
    const db = t.storage.db;
    const w = await seedCaseWorld(db);
    const boss = await insertUser(db, { username: 'boss', role: 'leader', scope: w.city.county });
    for (const [u, p] of [['supervisor', w.supervisor.password], ['worker', w.worker.password], ['boss', boss.password]] as const) cookies[u] = await loginAs(t.app, u, p);
    const A = await insertTestCase(db, { case_no: 'EA', grid_code: w.city.gridA1, state: 'closed', closed_at: '2026-11-05T02:00:00.000Z', closed_on_time: 1 });
    await insertTestEvent(db, A.id, 'verify', 'handled', 'verified', '2026-11-04T02:00:00.000Z');
    const B = await insertTestCase(db, { case_no: 'EB', grid_code: w.city.gridA2, state: 'closed', closed_at: '2026-11-07T02:00:00.000Z', closed_on_time: 0, rework_count: 1 });
    await insertTestEvent(db, B.id, 'verify', 'handled', 'verified', '2026-11-06T02:00:00.000Z');
    const C = await insertTestCase(db, { case_no: 'EC', grid_code: w.city.gridA1, state: 'in_handling', stage: 'handling', stage_due_at: '2026-11-10T00:00:00.000Z' });
    const D = await insertTestCase(db, { case_no: 'ED', kind: 'dispute', grid_code: w.city.gridA1, state: 'closed', closed_at: '2026-11-08T02:00:00.000Z', closed_on_time: 1, dispute_level: 'grid' });
    const E = await insertTestCase(db, { case_no: 'EE', grid_code: w.city.gridB1, state: 'closed', closed_at: '2026-11-09T02:00:00.000Z', closed_on_time: 1 });
    await insertTestEvent(db, E.id, 'verify', 'handled', 'verified', '2026-11-09T01:00:00.000Z');
    Object.assign(ids, { A: A.id, B: B.id, C: C.id, D: D.id, E: E.id });
    // Two recorded spot checks in street A: one passed, one failed → 抽查合格率 0.5.
    for (const [caseRow, result] of [[A, 'passed'], [B, 'failed']] as const) {
      const id = uuidv7();
      ids[`spot-${result}`] = id;
      await db.insertInto('spotcheck_items').values({
        id, batch_id: 'b1', case_id: caseRow.id, stratum: w.city.streetA, territory_path: pathOfCode(caseRow.grid_code), department_id: null, handler_id: null, inspector_id: null,
        result, callback_reached: 1, callback_satisfied: 1, callback_matches: 1, recheck_fixed: result === 'passed' ? 1 : 0, note: null, photos_json: null, recorded_by: null,
        recorded_at: '2026-11-20T00:00:00.000Z', created_at: '2026-11-19T00:00:00.000Z',
      }).execute();
    }
  });
  after(async () => t.close());

  const get = (url: string, who?: string) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: cookies[who]! } : {} });

  it('walks 401 → 400 → 403/404 → 200', async () => {
    assert.equal((await get(`/api/evaluation/scores?${PERIOD}`)).statusCode, 401);
    const bad = await get('/api/evaluation/scores?from=2026-13-01&to=2026-12-01', 'supervisor');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.field, 'from');
    assert.equal((await get(`/api/evaluation/scores?${PERIOD}`, 'worker')).statusCode, 403);
    assert.equal((await get(`/api/evaluation/scores?${PERIOD}&scope=320105`, 'supervisor')).statusCode, 404);
    assert.equal((await get(`/api/evaluation/scores?${PERIOD}&level=street`, 'supervisor')).statusCode, 200);
  });

  it('a score equals the hand-computed weighted sum, renormalised over the components with data; grades and ranks', async () => {
    const body = (await get(`/api/evaluation/scores?${PERIOD}&level=street`, 'supervisor')).json();
    const a = body.rows.find((r: { key: string }) => r.key === '320106001');
    const b = body.rows.find((r: { key: string }) => r.key === '320106002');
    // Street A: 结案率 3/4, 按期 2/4, 返工 1/2 → 0.5, 就地化解 1/1, 抽查 1/2; no directives, daily reports, patrols.
    // (0.2·0.75 + 0.2·0.5 + 0.1·0.5 + 0.1·1 + 0.1·0.5) / 0.7 = 0.642857 → 64.3 (中).
    assert.equal(a.score, 64.3);
    assert.equal(a.grade.grade, '中');
    const comp = Object.fromEntries(a.components.map((c: { key: string; numerator: number | null; denominator: number | null; value: number | null; effectiveWeight: number }) => [c.key, c]));
    assert.deepEqual([comp.closure.numerator, comp.closure.denominator], [3, 4]);
    assert.equal(comp.rework.value, 0.5);
    assert.equal(comp.directiveSign.value, null);
    assert.equal(comp.closure.effectiveWeight, 0.2857);
    assert.equal(comp.directiveSign.effectiveWeight, 0);
    // Street B: everything with data is perfect → 100 (优), ranked first.
    assert.equal(b.score, 100);
    assert.equal(b.grade.grade, '优');
    assert.deepEqual([b.rank, a.rank], [1, 2]);
    assert.equal(a.name, '宁海路街道');
  });

  it('the trace lists exactly the cases and spot checks behind each component', async () => {
    const trace = (await get(`/api/evaluation/trace?${PERIOD}&level=street&key=320106001`, 'supervisor')).json();
    assert.equal(trace.score, 64.3);
    const sorted = (x: string[]) => [...x].sort();
    assert.deepEqual(sorted(trace.cases.closure.numerator), sorted([ids['A']!, ids['B']!, ids['D']!]));
    assert.deepEqual(sorted(trace.cases.closure.denominator), sorted([ids['A']!, ids['B']!, ids['C']!, ids['D']!]));
    assert.deepEqual(sorted(trace.cases.onTime.numerator), sorted([ids['A']!, ids['D']!]));
    assert.deepEqual(trace.cases.rework.numerator, [ids['B']]);
    assert.deepEqual(sorted(trace.cases.rework.denominator), sorted([ids['A']!, ids['B']!]));
    assert.deepEqual(trace.cases.gridResolution.numerator, [ids['D']]);
    assert.deepEqual(sorted(trace.spotCheckItems.map((i: { id: string }) => i.id)), sorted([ids['spot-passed']!, ids['spot-failed']!]));
    // Street B's trace does not contain street A's cases.
    const traceB = (await get(`/api/evaluation/trace?${PERIOD}&level=street&key=320106002`, 'supervisor')).json();
    assert.deepEqual(traceB.cases.closure.numerator, [ids['E']]);
  });

  it('weights are configurable by evaluation.manage only, audited, and change the score', async () => {
    const put = (who: string, weights: Record<string, number>) => t.app.inject({ method: 'PUT', url: '/api/evaluation/weights', headers: { cookie: cookies[who]! }, payload: { weights } });
    assert.equal((await put('supervisor', { spotCheckPass: 0 })).statusCode, 403);
    const bad = await t.app.inject({ method: 'PUT', url: '/api/evaluation/weights', headers: { cookie: cookies['boss']! }, payload: { weights: { nonsense: 1 } } });
    assert.equal(bad.statusCode, 400);
    const ok = await put('boss', { spotCheckPass: 0 });
    assert.equal(ok.statusCode, 200, ok.body);
    const body = (await get(`/api/evaluation/scores?${PERIOD}&level=street`, 'supervisor')).json();
    // (0.15 + 0.1 + 0.05 + 0.1) / 0.6 = 0.66667 → 66.7
    assert.equal(body.rows.find((r: { key: string }) => r.key === '320106001').score, 66.7);
    const audit = await t.storage.db.selectFrom('audit_log').select('action').where('action', '=', 'evaluation.setWeights').execute();
    assert.equal(audit.length, 1);
  });

  it('every other figure drills down to the records behind it: deliveries, expected daily reports, patrol visits; cases come with their numbers', async () => {
    const db = t.storage.db;
    const w = { gridA1: '320106001001001', gridA2: '320106001001002', communityA: '320106001001' };
    // 指令: two deliveries in street A, one signed in time, one never.
    const directiveId = uuidv7();
    await db.insertInto('directives').values({
      id: directiveId, title: '防汛检查', body: '检查', attachments_json: '[]', priority: 'normal', issuer_id: null, issuer_name: '测试', issuing_code: '320106', issuing_path: pathOfCode('320106'),
      target_units_json: null, target_roles_json: null, reply_form_json: null, sign_deadline: '2026-11-11T00:00:00.000Z', report_deadline: null, remind_at: null, campaign_id: null, delivered_count: 2, created_at: '2026-11-10T00:00:00.000Z',
    }).execute();
    for (const [grid, signed] of [[w.gridA1, '2026-11-10T05:00:00.000Z'], [w.gridA2, null]] as const) {
      const person = await insertUser(db, { username: `recv${grid.slice(-1)}`, role: 'grid_worker', scope: grid });
      await db.insertInto('directive_deliveries').values({
        directive_id: directiveId, assignment_id: uuidv7(), person_id: person.id, role: 'grid_worker', unit_code: grid, territory_path: pathOfCode(grid), delivered_at: '2026-11-10T00:00:00.000Z',
        signed_at: signed, sign_lat: null, sign_lng: null, reported_at: null, report_text: null, report_answers_json: null, report_photos_json: null, escalation_step: 0,
      }).execute();
    }
    // 日报: one duty day (12 Nov) over community A's two grids, filed by A1 only.
    const campaignId = uuidv7();
    await db.insertInto('campaigns').values({
      id: campaignId, name: '进博会安保', description: null, territory_code: w.communityA, territory_path: pathOfCode(w.communityA), starts_at: '2026-11-11T16:00:00.000Z', ends_at: '2026-11-12T16:00:00.000Z',
      event_at: null, daily_report_due: '18:00', cloned_from: null, created_by: null, created_at: '2026-11-01T00:00:00.000Z', updated_at: '2026-11-01T00:00:00.000Z',
    }).execute();
    await db.insertInto('campaign_phases').values({ id: uuidv7(), campaign_id: campaignId, kind: 'main', name: '安保期', starts_at: '2026-11-11T16:00:00.000Z', ends_at: '2026-11-12T16:00:00.000Z', sla_multipliers_json: '{}', patrol_multiplier: 1, daily_report: 1, sort_order: 0 }).execute();
    await db.insertInto('campaign_daily_reports').values({ campaign_id: campaignId, grid_code: w.gridA1, report_date: '2026-11-12', territory_path: pathOfCode(w.gridA1), nothing_to_report: 1, incident_count: 0, summary: null, reported_by: null, reporter_name: '张伟', reported_at: '2026-11-12T09:00:00.000Z' }).execute();
    // 巡逻: two planned visits at a key site of grid A1; the worker checked in during the first slot only.
    const siteId = uuidv7();
    const planId = uuidv7();
    const walker = await insertUser(db, { username: 'walker', role: 'grid_worker', scope: w.gridA1, displayName: '巡逻员' });
    await db.insertInto('patrol_sites').values({ id: siteId, name: '鼓楼广场', category: 'square', risk_level: 2, lat: 32.06, lng: 118.77, geofence_json: '{}', dosage_json: '{}', grid_code: w.gridA1, territory_path: pathOfCode(w.gridA1), active: 1, created_by: null, created_at: '2026-11-01T00:00:00.000Z', updated_at: '2026-11-01T00:00:00.000Z' }).execute();
    await db.insertInto('patrol_plans').values({ id: planId, scope_code: w.gridA1, territory_path: pathOfCode(w.gridA1), shift_start: '2026-11-13T00:00:00.000Z', shift_end: '2026-11-13T08:00:00.000Z', method: 'test', seed: 1, multiplier: 1, required_visits: 2, planned_visits: 2, report_json: '{}', created_by: null, created_at: '2026-11-12T00:00:00.000Z' }).execute();
    for (const [seq, start] of [[0, '2026-11-13T01:00:00.000Z'], [1, '2026-11-13T03:00:00.000Z']] as const) {
      const end = new Date(Date.parse(start) + 2 * 3600_000).toISOString();
      await db.insertInto('patrol_plan_visits').values({ id: uuidv7(), plan_id: planId, site_id: siteId, worker_id: walker.id, slot_start: start, slot_end: end, planned_start: start, planned_end: start, seq }).execute();
    }
    await db.insertInto('patrol_checkins').values({ id: uuidv7(), site_id: siteId, worker_id: walker.id, kind: 'arrive', method: 'gps', at: '2026-11-13T01:30:00.000Z', lat: 32.06, lng: 118.77, accuracy_m: 10, client_nonce: uuidv7(), fingerprint: 'x', territory_path: pathOfCode(w.gridA1), received_at: '2026-11-13T01:30:00.000Z' }).execute();

    const row = (await get(`/api/evaluation/scores?${PERIOD}&level=street`, 'supervisor')).json().rows.find((r: { key: string }) => r.key === '320106001');
    const comp = Object.fromEntries(row.components.map((c: { key: string; numerator: number; denominator: number }) => [c.key, [c.numerator, c.denominator]]));
    assert.deepEqual([comp.directiveSign, comp.dailyReport, comp.patrolCompliance], [[1, 2], [1, 2], [1, 2]]);

    const trace = (await get(`/api/evaluation/trace?${PERIOD}&level=street&key=320106001`, 'supervisor')).json();
    // Each figure's records: as many as the denominator, `counted` as many as the numerator.
    for (const key of ['directiveSign', 'dailyReport', 'patrolCompliance', 'spotCheckPass']) {
      const c = trace.components.find((x: { key: string }) => x.key === key);
      const records = trace.records[key] as { counted: boolean }[];
      assert.equal(records.length, c.denominator, `${key} denominator`);
      assert.equal(records.filter((r) => r.counted).length, c.numerator, `${key} numerator`);
    }
    assert.deepEqual(trace.records.directiveSign.map((r: { unitCode: string; counted: boolean; title: string }) => [r.unitCode, r.counted, r.title]), [[w.gridA1, true, '防汛检查'], [w.gridA2, false, '防汛检查']]);
    assert.deepEqual(trace.records.dailyReport.map((r: { gridCode: string; date: string; counted: boolean }) => [r.gridCode, r.date, r.counted]), [[w.gridA1, '2026-11-12', true], [w.gridA2, '2026-11-12', false]]);
    assert.deepEqual(trace.records.patrolCompliance.map((r: { site: string; worker: string; counted: boolean }) => [r.site, r.worker, r.counted]), [['鼓楼广场', '巡逻员', true], ['鼓楼广场', '巡逻员', false]]);
    // Every case id behind a figure comes with its number and state.
    const allIds = new Set(Object.values(trace.cases as Record<string, { numerator: string[]; denominator: string[] }>).flatMap((c) => [...c.numerator, ...c.denominator]));
    assert.deepEqual([...allIds].sort(), Object.keys(trace.caseInfo).sort());
    assert.equal(trace.caseInfo[ids['C']!].caseNo, 'EC');
    assert.equal(trace.caseInfo[ids['C']!].state, 'in_handling');
    // Street B sees none of street A's records.
    const traceB = (await get(`/api/evaluation/trace?${PERIOD}&level=street&key=320106002`, 'supervisor')).json();
    assert.deepEqual([traceB.records.directiveSign, traceB.records.dailyReport, traceB.records.patrolCompliance], [[], [], []]);
  });
});
