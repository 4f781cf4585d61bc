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
});
