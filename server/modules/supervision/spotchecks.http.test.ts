import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { startSupervisionSuite } from '../../../test/supervisionSuite.ts';
import { insertUser } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';
import { seedCaseWorld } from '../cases/caseTestKit.ts';
import { insertTestCase } from '../analytics/testCases.ts';

forEachDatabase('spot checks (随机抽查)', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let world: Awaited<ReturnType<typeof seedCaseWorld>>;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};

  before(async () => {
    ({ t, world } = await startSupervisionSuite(kind));
    const db = t.storage.db;
    const inspB = await insertUser(db, { username: 'inspb', role: 'inspector', scope: world.city.streetB, displayName: '督查乙' });
    const inspX = await insertUser(db, { username: 'inspx', role: 'inspector', scope: '320105', displayName: '督查外区' });
    ids['inspB'] = inspB.id;
    ids['inspX'] = inspX.id;
    for (const [u, p] of [['supervisor', world.supervisor.password], ['worker', world.worker.password], ['inspb', inspB.password], ['inspx', inspX.password], ['inspector', world.inspector.password]] as const) {
      cookies[u] = await loginAs(t.app, u, p);
    }
    // 15 closed cases in street A (grids A1, A2), 5 in street B; one closed outside the period; one still open.
    for (let i = 0; i < 20; i++) {
      const grid = i < 15 ? (i % 2 ? world.city.gridA2 : world.city.gridA1) : world.city.gridB1;
      await insertTestCase(db, {
        case_no: `S${String(i).padStart(2, '0')}`, grid_code: grid, state: 'closed', closed_on_time: 1,
        closed_at: `2026-11-${String(10 + (i % 5)).padStart(2, '0')}T03:00:00.000Z`, department_id: world.deptUrban, handler_id: world.handler.id,
      });
    }
    await insertTestCase(db, { case_no: 'OUT', grid_code: world.city.gridA1, state: 'closed', closed_at: '2026-10-01T03:00:00.000Z' });
    await insertTestCase(db, { case_no: 'OPEN', grid_code: world.city.gridA1, state: 'in_handling' });
  });
  after(async () => t.close());

  const body = { seed: 20261127, period: '2026-11-01..2026-11-30', scope: '320106', margin: 0.2 };

  it('walks 401 → 400 → 403/404 → 201 and draws the documented sample size', async () => {
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/spotchecks', payload: body })).statusCode, 401);
    const bad = await t.app.inject({ method: 'POST', url: '/api/spotchecks', headers: { cookie: cookies['supervisor']! }, payload: { ...body, period: '2026-13-01' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.field, 'period');
    const badMargin = await t.app.inject({ method: 'POST', url: '/api/spotchecks', headers: { cookie: cookies['supervisor']! }, payload: { ...body, margin: 0 } });
    assert.equal(badMargin.statusCode, 400);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/spotchecks', headers: { cookie: cookies['worker']! }, payload: body })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/spotchecks', headers: { cookie: cookies['supervisor']! }, payload: { ...body, scope: '320105' } })).statusCode, 404);

    const res = await t.app.inject({ method: 'POST', url: '/api/spotchecks', headers: { cookie: cookies['supervisor']! }, payload: body });
    assert.equal(res.statusCode, 201, res.body);
    const draw = res.json();
    // N = 20, 95 %, e = 0.2: n0 = 24.01, n = 24.01 / (1 + 23.01 / 20) = 11.2 → 12; street A 15 → 9, street B 5 → 3.
    assert.equal(draw.population, 20);
    assert.equal(draw.sampleSize, 12);
    assert.deepEqual(draw.strata.map((s: { stratum: string; population: number; sample: number }) => [s.stratum, s.population, s.sample]), [['320106001', 15, 9], ['320106002', 5, 3]]);
    assert.equal(draw.items.length, 12);
    assert.ok(draw.items.every((i: { caseNo: string }) => i.caseNo.startsWith('S')), 'only closed cases of the period');
    ids['batch'] = draw.id;

    // Inspectors never from the inspected grid or unit: street A → 督查乙 (street B) or the other district; street B → other district only.
    for (const item of draw.items) {
      assert.notEqual(item.inspectorId, world.inspector.id, 'the county inspector covers every case: never assigned');
      if (item.stratum === '320106002') assert.equal(item.inspectorId, ids['inspX']);
      else assert.ok([ids['inspB'], ids['inspX']].includes(item.inspectorId));
    }

    // Same seed → same sample (preview records nothing); another seed → another sample.
    const q = (seed: number) => `/api/spotchecks/preview?seed=${seed}&period=2026-11-01..2026-11-30&scope=320106&margin=0.2`;
    const same = (await t.app.inject({ method: 'GET', url: q(body.seed), headers: { cookie: cookies['supervisor']! } })).json();
    assert.deepEqual(same.items.map((i: { caseId: string }) => i.caseId), draw.items.map((i: { caseId: string }) => i.caseId));
    const other = (await t.app.inject({ method: 'GET', url: q(7), headers: { cookie: cookies['supervisor']! } })).json();
    assert.notDeepEqual(other.items.map((i: { caseId: string }) => i.caseId).sort(), draw.items.map((i: { caseId: string }) => i.caseId).sort());
  });

  it('a failed field re-check reopens the case as rework; results are recorded once, by the assigned inspector', async () => {
    const batch = (await t.app.inject({ method: 'GET', url: `/api/spotchecks/${ids['batch']}`, headers: { cookie: cookies['supervisor']! } })).json();
    const item = batch.items.find((i: { inspectorId: string }) => i.inspectorId === ids['inspB']);
    assert.ok(item, 'one item assigned to 督查乙');
    const url = `/api/spotchecks/items/${item.id}/result`;
    const fail = { callbackReached: true, callbackSatisfied: false, callbackMatches: false, recheckFixed: false, note: '路灯仍未修复，回访王建国先生13812345678称无人来修' };
    assert.equal((await t.app.inject({ method: 'POST', url, payload: fail })).statusCode, 401);
    const noNote = await t.app.inject({ method: 'POST', url, headers: { cookie: cookies['inspb']! }, payload: { ...fail, note: undefined } });
    assert.equal(noNote.statusCode, 400);
    assert.equal(noNote.json().error.field, 'note');
    // The county inspector may record spot checks here but is not assigned: 403; one from another district sees nothing: 404.
    assert.equal((await t.app.inject({ method: 'POST', url, headers: { cookie: cookies['inspector']! }, payload: fail })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'POST', url, headers: { cookie: cookies['inspx']! }, payload: fail })).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'POST', url, headers: { cookie: cookies['worker']! }, payload: fail })).statusCode, 404);

    const res = await t.app.inject({ method: 'POST', url, headers: { cookie: cookies['inspb']! }, payload: fail });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { itemId: item.id, caseId: item.caseId, result: 'failed', reopened: true });
    const row = await t.storage.db.selectFrom('cases').selectAll().where('id', '=', item.caseId).executeTakeFirstOrThrow();
    assert.equal(row.state, 'in_handling');
    assert.equal(row.rework_count, 1);
    assert.equal(row.closed_at, null);
    assert.equal(row.stage, 'handling');
    assert.equal(row.handler_id, world.handler.id, 'back to the same handler');
    const event = await t.storage.db.selectFrom('case_events').selectAll().where('case_id', '=', item.caseId).where('action', '=', 'reopen').executeTakeFirstOrThrow();
    assert.equal(event.from_state, 'closed');
    assert.deepEqual(JSON.parse(event.data_json!).source, { kind: 'spotcheck', id: item.id });
    const audit = await t.storage.db.selectFrom('audit_log').select('action').where('record_id', '=', item.caseId).execute();
    assert.ok(audit.some((a) => a.action === 'case.reopen'));
    const note = await t.storage.db.selectFrom('notifications').select(['kind', 'body']).where('user_id', '=', world.handler.id).where('case_id', '=', item.caseId).execute();
    assert.deepEqual(note.map((n) => n.kind), ['rework']);
    // The handler need not hold people.readPersonal: the reason is quoted scrubbed.
    assert.ok(note[0]!.body.includes('路灯仍未修复，回访某先生[电话]称无人来修'), note[0]!.body);
    assert.ok(!note[0]!.body.includes('13812345678') && !note[0]!.body.includes('王建国'), note[0]!.body);

    const again = await t.app.inject({ method: 'POST', url, headers: { cookie: cookies['inspb']! }, payload: fail });
    assert.equal(again.statusCode, 409);

    const passItem = batch.items.find((i: { id: string; inspectorId: string }) => i.inspectorId === ids['inspX']);
    const pass = await t.app.inject({ method: 'POST', url: `/api/spotchecks/items/${passItem.id}/result`, headers: { cookie: cookies['inspx']! }, payload: { callbackReached: true, callbackSatisfied: true, callbackMatches: true, recheckFixed: true } });
    assert.equal(pass.json().result, 'passed');
    const after = (await t.app.inject({ method: 'GET', url: `/api/spotchecks/${ids['batch']}`, headers: { cookie: cookies['supervisor']! } })).json();
    assert.equal(after.passRate, 0.5);
  });

  it('generates accountability records idempotently, naming the person; a supervisor confirms or waives with a reason', async () => {
    const db = t.storage.db;
    const late = await insertTestCase(db, { case_no: 'LATE', grid_code: world.city.gridA1, state: 'in_handling', stage: 'handling', stage_started_at: '2026-11-16T00:00:00.000Z', stage_due_at: '2026-11-20T00:00:00.000Z', supervised_at: '2026-11-20T00:00:00.000Z', department_id: world.deptUrban, handler_id: world.handler.id });
    const gen = { scope: '320106', from: '2026-11-01', to: '2026-12-01' };
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/accountability/generate', payload: gen })).statusCode, 401);
    const badGen = await t.app.inject({ method: 'POST', url: '/api/accountability/generate', headers: { cookie: cookies['supervisor']! }, payload: { ...gen, to: '2026-10-01' } });
    assert.equal(badGen.statusCode, 400);
    assert.equal(badGen.json().error.field, 'to');
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/accountability/generate', headers: { cookie: cookies['worker']! }, payload: gen })).statusCode, 403);
    const first = await t.app.inject({ method: 'POST', url: '/api/accountability/generate', headers: { cookie: cookies['supervisor']! }, payload: gen });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json().inserted, { case_overdue: 1, spotcheck_failed: 1 });
    const second = await t.app.inject({ method: 'POST', url: '/api/accountability/generate', headers: { cookie: cookies['supervisor']! }, payload: gen });
    assert.equal(second.json().total, 0, 'idempotent: one record per source');

    const list = (await t.app.inject({ method: 'GET', url: '/api/accountability?scope=320106', headers: { cookie: cookies['supervisor']! } })).json().records;
    assert.equal(list.length, 2);
    for (const r of list) assert.equal(r.personName, '陈静', 'the handler who held the case');
    const overdue = list.find((r: { sourceKind: string }) => r.sourceKind === 'case_overdue');
    assert.equal(overdue.caseId, late.id);

    const decide = (who: string, id: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/accountability/${id}/decision`, headers: { cookie: cookies[who]! }, payload });
    const noReason = await decide('supervisor', overdue.id, { decision: 'waive', reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.equal((await decide('worker', overdue.id, { decision: 'confirm', measure: 'reminder' })).statusCode, 404);
    const waived = await decide('supervisor', overdue.id, { decision: 'waive', reason: '系统停电导致超期，非主观原因' });
    assert.equal(waived.statusCode, 200, waived.body);
    assert.equal(waived.json().state, 'waived');
    assert.equal((await decide('supervisor', overdue.id, { decision: 'confirm', measure: 'criticism' })).statusCode, 409);
    const spot = list.find((r: { sourceKind: string }) => r.sourceKind === 'spotcheck_failed');
    assert.equal((await decide('supervisor', spot.id, { decision: 'confirm', measure: 'criticism' })).json().measure, 'criticism');
    const audit = await db.selectFrom('audit_log').select(['action', 'after_json']).where('action', 'in', ['accountability.waive', 'accountability.confirm']).execute();
    assert.equal(audit.length, 2);
    assert.match(audit.find((a) => a.action === 'accountability.waive')!.after_json!, /系统停电/);

    const history = (await t.app.inject({ method: 'GET', url: '/api/accountability/history?scope=320106&by=person&from=2026-11-01&to=2026-12-01', headers: { cookie: cookies['supervisor']! } })).json();
    assert.deepEqual(history.rows.map((r: { name: string; month: string; total: number; waived: number; confirmed: Record<string, number> }) => [r.name, r.month, r.total, r.waived, r.confirmed]), [['陈静', '2026-11', 2, 1, { criticism: 1 }]]);

    const chain = await t.app.inject({ method: 'GET', url: `/api/cases/${spot.caseId}/responsibility`, headers: { cookie: cookies['supervisor']! } });
    assert.equal(chain.statusCode, 200);
    assert.equal(chain.json().accountability.length, 1);
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/cases/${spot.caseId}/responsibility`, headers: { cookie: cookies['workerb'] ?? cookies['inspx']! } })).statusCode, 404);
  });

  it('lists recorded spot checks in scope and each inspector\'s own assignments (pending first)', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/spotchecks?scope=320106' })).statusCode, 401);
    const bad = await t.app.inject({ method: 'GET', url: '/api/spotchecks?scope=abc', headers: { cookie: cookies['supervisor']! } });
    assert.equal(bad.statusCode, 400);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/spotchecks?scope=320106', headers: { cookie: cookies['worker']! } })).statusCode, 403);
    const list = await t.app.inject({ method: 'GET', url: '/api/spotchecks?scope=320106', headers: { cookie: cookies['supervisor']! } });
    assert.equal(list.statusCode, 200, list.body);
    const batch = list.json().batches.find((b: { id: string }) => b.id === ids['batch']);
    assert.deepEqual([batch.seed, batch.sampleSize, batch.pending, batch.passed, batch.failed, batch.passRate], [20261127, 12, 10, 1, 1, 0.5]);

    const mine = (await t.app.inject({ method: 'GET', url: '/api/spotchecks/mine', headers: { cookie: cookies['inspb']! } })).json().items;
    const full = (await t.app.inject({ method: 'GET', url: `/api/spotchecks/${ids['batch']}`, headers: { cookie: cookies['supervisor']! } })).json();
    const expected = full.items.filter((i: { inspectorId: string }) => i.inspectorId === ids['inspB']);
    assert.equal(mine.length, expected.length);
    assert.equal(mine.at(-1).result, 'failed', 'the recorded one comes after the pending ones');
    assert.ok(mine.slice(0, -1).every((i: { result: string }) => i.result === 'pending'));
    assert.deepEqual((await t.app.inject({ method: 'GET', url: '/api/spotchecks/mine', headers: { cookie: cookies['worker']! } })).json().items, []);
  });

  it('falls back to an upper-level inspector when no independent one is left, never to one from the inspected unit', async () => {
    const db = t.storage.db;
    await db.updateTable('users').set({ disabled: 1 }).where('id', '=', ids['inspX']!).execute();
    try {
      const res = await t.app.inject({ method: 'GET', url: `/api/spotchecks/preview?seed=5&period=2026-11-01..2026-11-30&scope=320106&margin=0.2`, headers: { cookie: cookies['supervisor']! } });
      const items = res.json().items as { stratum: string; inspectorId: string | null }[];
      // Street B: 督查乙 sits inside it (excluded); the county inspector covers it from above → assigned.
      const b = items.filter((i) => i.stratum === '320106002');
      assert.ok(b.length > 0);
      assert.ok(b.every((i) => i.inspectorId === world.inspector.id));
      // Street A: 督查乙 (street B) is independent of it, so preferred over the county inspector.
      assert.ok(items.filter((i) => i.stratum === '320106001').every((i) => i.inspectorId === ids['inspB']));
      assert.equal(res.json().unassigned, 0);
    } finally {
      await db.updateTable('users').set({ disabled: 0 }).where('id', '=', ids['inspX']!).execute();
    }
  });
});
