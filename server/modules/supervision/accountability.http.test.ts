import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { uuidv7 } from 'uuidv7';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { pathOfCode } from '../../../shared/territory/codes.ts';
import { addWorkingTime } from '../../../shared/sla/index.ts';
import { serverJobs } from '../../jobs/scheduler.ts';
import { IN_A1, seedCaseWorld } from '../cases/caseTestKit.ts';

// Monday 2 March 2026, 09:00 China time.
const START = Date.parse('2026-03-02T01:00:00.000Z');
const MIN = 60_000;
const DAY = 86_400_000;
const at = (ms: number) => new Date(ms).toISOString();

interface Link {
  stage: string | null; state: string; holderName: string | null; unitKind: string; unitName: string;
  from: string; to: string | null; dueAt: string | null; overdue: boolean; missedDeadline: boolean; endedBy: string | null;
}

forEachDatabase('accountability (责任追究): every source, the job, history, responsibility chain', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let w: Awaited<ReturnType<typeof seedCaseWorld>>;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let keyN = 0;
  const jobResult: { inserted?: Record<string, number> } = {};

  // Sessions end after idle time on the test clock: sign in again when the clock moved since the last use.
  const lastUse: Record<string, number> = {};
  const fresh = async (who: string) => {
    const now = t.clock.now.getTime();
    if (!cookies[who] || now - (lastUse[who] ?? 0) > 10 * MIN) {
      const u = w[who as 'worker'];
      cookies[who] = await loginAs(t.app, u.username, u.password);
    }
    lastUse[who] = now;
  };
  const relogin = async () => {
    for (const name of ['worker', 'supervisor', 'workerB'] as const) await fresh(name);
  };
  const post = (who: string | null, url: string, payload: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, payload, headers: { ...(who ? { cookie: cookies[who]! } : {}), ...headers } });
  const get = (who: string | null, url: string) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: cookies[who]! } : {} });
  const act = async (who: string, id: string, body: Record<string, unknown>) => {
    await fresh(who);
    const res = await post(who, `/api/cases/${id}/actions`, body);
    assert.equal(res.statusCode, 200, `${String(body['action'])}: ${res.body}`);
    return res.json().case as { state: string };
  };
  const report = async (description: string) => {
    const res = await post('worker', '/api/cases', { categoryCode: '0101', description, location: IN_A1 }, { 'idempotency-key': `acc-${++keyN}` });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().case.id as string;
  };

  before(async () => {
    t = await createTestApp(kind);
    const db = t.storage.db;
    w = await seedCaseWorld(db);
    t.clock.now = new Date(START);
    await relogin();

    // Case 1: filed, dispatched and accepted in time, then handled 10 days late (handling limit 3 working days
    // from the dispatch: 陈静 of 城管局 misses it); the verification fails once (返工); then closed.
    ids['late'] = await report('小区门口暴露垃圾（超期处置）');
    // Case 2: reported and never filed — the filing deadline (2 working hours) passes with the grid.
    ids['unfiled'] = await report('楼道堆物（未立案）');
    t.clock.now = new Date(START + 30 * MIN);
    await act('supervisor', ids['late'], { action: 'file' });
    t.clock.now = new Date(START + 60 * MIN);
    await act('dispatcher', ids['late'], { action: 'dispatch', departmentId: w.deptUrban });
    t.clock.now = new Date(START + 120 * MIN);
    await act('handler', ids['late'], { action: 'accept' });
    t.clock.now = new Date(START + 10 * DAY);
    await relogin();
    await act('handler', ids['late'], { action: 'complete', note: '已清运' });
    t.clock.now = new Date(START + 10 * DAY + 1 * MIN);
    await act('supervisor', ids['late'], { action: 'rework', reason: '周边仍有散落垃圾' });
    t.clock.now = new Date(START + 10 * DAY + 2 * MIN);
    await act('handler', ids['late'], { action: 'complete', note: '已全部清理' });
    t.clock.now = new Date(START + 10 * DAY + 3 * MIN);
    await act('supervisor', ids['late'], { action: 'verify' });
    assert.equal((await act('supervisor', ids['late'], { action: 'close' })).state, 'closed');

    // 指令: delivered to 张伟 (never signed) and 李娜 (signed in time); sign deadline 6 March 09:00.
    const directiveId = uuidv7();
    ids['directive'] = directiveId;
    await db.insertInto('directives').values({
      id: directiveId, title: '节前安全大检查', body: '各网格开展安全检查', attachments_json: '[]', priority: 'normal', issuer_id: w.supervisor.id, issuer_name: '王芳',
      issuing_code: w.city.county, issuing_path: pathOfCode(w.city.county), target_units_json: null, target_roles_json: null, reply_form_json: null,
      sign_deadline: '2026-03-06T01:00:00.000Z', report_deadline: null, remind_at: null, campaign_id: null, delivered_count: 2, created_at: '2026-03-05T01:00:00.000Z',
    }).execute();
    for (const [person, grid, signed] of [[w.worker.id, w.city.gridA1, null], [w.workerB.id, w.city.gridB1, '2026-03-05T08:00:00.000Z']] as const) {
      await db.insertInto('directive_deliveries').values({
        directive_id: directiveId, assignment_id: uuidv7(), person_id: person, role: 'grid_worker', unit_code: grid, territory_path: pathOfCode(grid), delivered_at: '2026-03-05T01:00:00.000Z',
        signed_at: signed, sign_lat: null, sign_lng: null, reported_at: null, report_text: null, report_answers_json: null, report_photos_json: null, escalation_step: 0,
      }).execute();
    }

    // 专项行动 over community A, daily reports on 6 and 7 March: grid A1 filed on the 6th only, grid A2 never.
    const campaignId = uuidv7();
    ids['campaign'] = campaignId;
    await db.insertInto('campaigns').values({
      id: campaignId, name: '两会安保', description: null, territory_code: w.city.communityA, territory_path: pathOfCode(w.city.communityA),
      starts_at: '2026-03-05T16:00:00.000Z', ends_at: '2026-03-07T16:00:00.000Z', event_at: null, daily_report_due: '18:00', cloned_from: null, created_by: null,
      created_at: '2026-03-01T00:00:00.000Z', updated_at: '2026-03-01T00:00:00.000Z',
    }).execute();
    await db.insertInto('campaign_phases').values({
      id: uuidv7(), campaign_id: campaignId, kind: 'main', name: '安保期', starts_at: '2026-03-05T16:00:00.000Z', ends_at: '2026-03-07T16:00:00.000Z',
      sla_multipliers_json: '{}', patrol_multiplier: 1, daily_report: 1, sort_order: 0,
    }).execute();
    await db.insertInto('campaign_daily_reports').values({
      campaign_id: campaignId, grid_code: w.city.gridA1, report_date: '2026-03-06', territory_path: pathOfCode(w.city.gridA1), nothing_to_report: 1, incident_count: 0,
      summary: null, reported_by: w.worker.id, reporter_name: '张伟', reported_at: '2026-03-06T09:00:00.000Z',
    }).execute();

    // 巡逻: 李娜 was planned at a key site of grid B1 on 8 March 09:00–11:00 and never checked in (gap alert).
    const siteId = uuidv7();
    const planId = uuidv7();
    await db.insertInto('patrol_sites').values({
      id: siteId, name: '五台山体育中心', category: 'venue', risk_level: 3, lat: 32.05, lng: 118.77, geofence_json: '{}', dosage_json: '{}', grid_code: w.city.gridB1,
      territory_path: pathOfCode(w.city.gridB1), active: 1, created_by: null, created_at: '2026-03-01T00:00:00.000Z', updated_at: '2026-03-01T00:00:00.000Z',
    }).execute();
    await db.insertInto('patrol_plans').values({
      id: planId, scope_code: w.city.streetB, territory_path: pathOfCode(w.city.streetB), shift_start: '2026-03-08T00:00:00.000Z', shift_end: '2026-03-08T08:00:00.000Z',
      method: 'test', seed: 1, multiplier: 1, required_visits: 1, planned_visits: 1, report_json: '{}', created_by: null, created_at: '2026-03-07T00:00:00.000Z',
    }).execute();
    await db.insertInto('patrol_plan_visits').values({
      id: uuidv7(), plan_id: planId, site_id: siteId, worker_id: w.workerB.id, slot_start: '2026-03-08T01:00:00.000Z', slot_end: '2026-03-08T03:00:00.000Z',
      planned_start: '2026-03-08T01:00:00.000Z', planned_end: '2026-03-08T01:30:00.000Z', seq: 0,
    }).execute();
    await db.insertInto('patrol_gap_alerts').values({ site_id: siteId, slot_start: '2026-03-08T01:00:00.000Z', slot_end: '2026-03-08T03:00:00.000Z', notified: 1, created_at: '2026-03-08T03:05:00.000Z' }).execute();

    // The scheduled job (last 7 days, as the system) an hour after the case closed.
    t.clock.now = new Date(START + 10 * DAY + 60 * MIN);
    const job = serverJobs().find((j) => j.name === 'accountability')!;
    Object.assign(jobResult, await job.run(t.ctx, t.clock.now));
    await relogin();
  });
  after(async () => t.close());

  it('the scheduled job generates records from every source in its window, naming the person and unit from the chain', async () => {
    // Window [3 Mar 10:00, 12 Mar 10:00) China: case 1's missed handling deadline (5 Mar), its rework, the
    // unsigned directive, three missing daily reports, the patrol gap; case 2's filing deadline (2 Mar) is older.
    assert.deepEqual(jobResult.inserted, { case_overdue: 1, case_rework: 1, directive_unsigned: 1, daily_report_missed: 3, patrol_gap: 1 });
    const records = (await get('supervisor', '/api/accountability?scope=320106')).json().records as { sourceKind: string; personName: string | null; departmentName: string | null; unitCode: string; unitName: string; caseId: string | null; caseNo: string | null; summary: string }[];
    const of = (k: string) => records.filter((r) => r.sourceKind === k);
    const overdue = of('case_overdue')[0]!;
    assert.deepEqual([overdue.caseId, overdue.personName, overdue.departmentName, overdue.unitCode], [ids['late'], '陈静', '鼓楼区城管局', w.city.gridA1]);
    assert.match(overdue.summary, /处置时限/);
    assert.ok(overdue.caseNo);
    assert.deepEqual(of('case_rework').map((r) => [r.caseId, r.personName, r.departmentName]), [[ids['late'], '陈静', '鼓楼区城管局']]);
    assert.deepEqual(of('directive_unsigned').map((r) => [r.personName, r.unitCode]), [['张伟', w.city.gridA1]]);
    assert.deepEqual(
      of('daily_report_missed').map((r) => [r.unitCode, r.personName, r.unitName]).sort(),
      [[w.city.gridA1, '赵强', '江苏路社区第一网格'], [w.city.gridA2, null, '江苏路社区第二网格'], [w.city.gridA2, null, '江苏路社区第二网格']],
    );
    assert.deepEqual(of('patrol_gap').map((r) => [r.personName, r.unitCode]), [['李娜', w.city.gridB1]]);
  });

  it('on-demand generation over a wider period adds only what is new: the unfiled case, held by the grid', async () => {
    const gen = { scope: '320106', from: '2026-03-01', to: '2026-04-01' };
    const bad = await post('supervisor', '/api/accountability/generate', { ...gen, scope: 'x' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.field, 'scope');
    const res = await post('supervisor', '/api/accountability/generate', gen);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().inserted, { case_overdue: 1 });
    assert.equal((await post('supervisor', '/api/accountability/generate', gen)).json().total, 0);
    const unfiled = (await get('supervisor', `/api/accountability?scope=320106&sourceKind=case_overdue&unitCode=${w.city.gridA1}`)).json().records.find((r: { caseId: string }) => r.caseId === ids['unfiled']);
    assert.ok(unfiled, 'a record for the case left unfiled');
    assert.equal(unfiled.personId, null, 'nobody held it but the grid');
    assert.equal(unfiled.departmentId, null);
    assert.match(unfiled.summary, /立案时限/);
    // Filters: by department, and bad input names the field.
    const byDept = (await get('supervisor', `/api/accountability?scope=320106&departmentId=${w.deptUrban}`)).json().records;
    assert.deepEqual(byDept.map((r: { sourceKind: string }) => r.sourceKind).sort(), ['case_overdue', 'case_rework']);
    const badKind = await get('supervisor', '/api/accountability?scope=320106&sourceKind=nonsense');
    assert.equal(badKind.statusCode, 400);
    assert.equal(badKind.json().error.field, 'sourceKind');
    assert.equal((await get('worker', '/api/accountability?scope=320106')).statusCode, 403);
  });

  it('history per person, per unit and per department over months, with decisions and source kinds', async () => {
    const list = (await get('supervisor', '/api/accountability?scope=320106&sourceKind=case_rework')).json().records;
    const decided = await post('supervisor', `/api/accountability/${list[0].id}/decision`, { decision: 'confirm', measure: 'criticism' });
    assert.equal(decided.statusCode, 200, decided.body);
    const history = async (by: string) => (await get('supervisor', `/api/accountability/history?scope=320106&by=${by}&from=2026-01-01&to=2026-04-01`)).json().rows as { key: string; name: string; month: string; total: number; pending: number; confirmed: Record<string, number>; kinds: Record<string, number> }[];
    const people = await history('person');
    const chen = people.find((r) => r.name === '陈静')!;
    assert.deepEqual([chen.month, chen.total, chen.pending, chen.confirmed, chen.kinds], ['2026-03', 2, 1, { criticism: 1 }, { case_overdue: 1, case_rework: 1 }]);
    assert.deepEqual(people.find((r) => r.name === '李娜')!.kinds, { patrol_gap: 1 });
    const units = await history('unit');
    const a1 = units.find((r) => r.key === w.city.gridA1)!;
    assert.equal(a1.name, '江苏路社区第一网格');
    // Grid A1: two missed deadlines, a rework, the unsigned directive, the missing report of 7 March.
    assert.deepEqual(a1.kinds, { case_overdue: 2, case_rework: 1, directive_unsigned: 1, daily_report_missed: 1 });
    assert.equal(units.find((r) => r.key === w.city.gridA2)!.total, 2);
    const depts = await history('department');
    assert.deepEqual(depts.find((r) => r.key === w.deptUrban)!.kinds, { case_overdue: 1, case_rework: 1 });
    assert.equal(depts.find((r) => r.key === 'none')!.total, 6);
    const bad = await get('supervisor', '/api/accountability/history?scope=320106&by=street&from=2026-01-01&to=2026-04-01');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.field, 'by');
  });

  it('the responsibility chain names who held the case in each state, its unit, the deadline and who missed it', async () => {
    assert.equal((await get(null, `/api/cases/${ids['late']}/responsibility`)).statusCode, 401);
    assert.equal((await get('workerB', `/api/cases/${ids['late']}/responsibility`)).statusCode, 404, 'another grid sees nothing');
    const res = await get('supervisor', `/api/cases/${ids['late']}/responsibility`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { chain: Link[]; accountability: { sourceKind: string }[] };
    assert.deepEqual(
      body.chain.map((l) => [l.state, l.holderName, l.unitKind, l.unitName, l.endedBy, l.overdue, l.missedDeadline]),
      [
        ['reported', '王芳', 'grid', '江苏路社区第一网格', 'file', false, false],
        ['filed', '刘洋', 'grid', '江苏路社区第一网格', 'dispatch', false, false],
        ['dispatched', '陈静', 'department', '鼓楼区城管局', 'accept', false, false],
        ['in_handling', '陈静', 'department', '鼓楼区城管局', 'complete', true, true],
        ['handled', '王芳', 'grid', '江苏路社区第一网格', 'rework', false, false],
        ['in_handling', '陈静', 'department', '鼓楼区城管局', 'complete', false, false],
        ['handled', '王芳', 'grid', '江苏路社区第一网格', 'verify', false, false],
        ['verified', '王芳', 'grid', '江苏路社区第一网格', 'close', false, false],
        ['closed', null, 'grid', '江苏路社区第一网格', null, false, false],
      ],
    );
    // Durations and deadlines: filed 30 min after the report, the handling deadline 3 working days after the dispatch.
    assert.equal((body.chain[0] as Link & { minutes: number }).minutes, 30);
    assert.equal(body.chain[0]!.dueAt, at(START + 120 * MIN), 'filing: 2 working hours');
    assert.equal(body.chain[2]!.dueAt, at(addWorkingTime(new Date(START + 60 * MIN), '3wd').dueAtMs), 'handling: 3 working days from the dispatch');
    assert.equal(body.chain[3]!.dueAt, body.chain[2]!.dueAt, 'dispatched and in_handling share the handling stage');
    assert.deepEqual(body.accountability.map((r) => r.sourceKind).sort(), ['case_overdue', 'case_rework']);
    // The grid worker who reported it reads the chain, but not the accountability records.
    await fresh('worker');
    const asWorker = (await get('worker', `/api/cases/${ids['late']}/responsibility`)).json();
    assert.equal(asWorker.chain.length, 9);
    assert.equal(asWorker.accountability, null);

    // The unfiled case: one open link, overdue, held by nobody but the grid.
    const open = (await get('supervisor', `/api/cases/${ids['unfiled']}/responsibility`)).json() as { chain: Link[] };
    assert.deepEqual(open.chain.map((l) => [l.state, l.holderName, l.unitKind, l.to, l.overdue, l.missedDeadline]), [['reported', null, 'grid', null, true, true]]);
  });
});
