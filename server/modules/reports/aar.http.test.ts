import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import ExcelJS from 'exceljs';
import { uuidv7 } from 'uuidv7';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { seedCaseWorld } from '../cases/caseTestKit.ts';
import { insertTestCase } from '../analytics/testCases.ts';
import { pdfText } from './pdfText.ts';

forEachDatabase('after-action review of a campaign (总结评估)', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let w: Awaited<ReturnType<typeof seedCaseWorld>>;
  const cookies: Record<string, string> = {};
  const campaignId = uuidv7();
  let escalatedId = '';

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date('2026-11-20T10:00:00.000Z');
    const db = t.storage.db;
    w = await seedCaseWorld(db);
    for (const [u, p] of [['supervisor', w.supervisor.password], ['worker', w.worker.password]] as const) cookies[u] = await loginAs(t.app, u, p);
    // Campaign 11-10 → 11-15 (5 days); the period before is 11-05 → 11-10.
    await db.insertInto('campaigns').values({ id: campaignId, name: '冬季消防安全专项行动', description: null, territory_code: w.city.county, territory_path: '32/3201/320106/', starts_at: '2026-11-10T00:00:00.000Z', ends_at: '2026-11-15T00:00:00.000Z', event_at: null, daily_report_due: '18:00', cloned_from: null, created_by: null, created_at: '2026-11-01T00:00:00.000Z', updated_at: '2026-11-01T00:00:00.000Z' }).execute();
    const phase = (kind: string, name: string, s: string, e: string, i: number) => ({ id: uuidv7(), campaign_id: campaignId, kind, name, starts_at: s, ends_at: e, sla_multipliers_json: '{}', patrol_multiplier: 1, daily_report: 0, sort_order: i });
    await db.insertInto('campaign_phases').values([phase('preparation', '准备阶段', '2026-11-10T00:00:00.000Z', '2026-11-12T00:00:00.000Z', 0), phase('key_period', '关键期', '2026-11-12T00:00:00.000Z', '2026-11-15T00:00:00.000Z', 1)]).execute();
    // During: C1 closed on time, C2 open and overdue (escalated), C3 new; before: B1 closed late, B2 new; outside both: O1.
    await insertTestCase(db, { case_no: 'C1', grid_code: w.city.gridA1, category_code: '0101', created_at: '2026-11-11T01:00:00.000Z', state: 'closed', closed_at: '2026-11-12T01:00:00.000Z', closed_on_time: 1 });
    escalatedId = (await insertTestCase(db, { case_no: 'C2', grid_code: w.city.gridA1, category_code: '0101', created_at: '2026-11-12T01:00:00.000Z', state: 'in_handling', stage: 'handling', stage_due_at: '2026-11-12T12:00:00.000Z', supervised_at: '2026-11-12T12:00:00.000Z', escalated_at: '2026-11-13T12:00:00.000Z', escalation_level: 1, description: '消防通道长期堵塞' })).id;
    await insertTestCase(db, { case_no: 'C3', grid_code: w.city.gridB1, category_code: '0102', created_at: '2026-11-13T01:00:00.000Z' });
    await insertTestCase(db, { case_no: 'B1', grid_code: w.city.gridB1, category_code: '0102', created_at: '2026-11-06T01:00:00.000Z', state: 'closed', closed_at: '2026-11-08T01:00:00.000Z', closed_on_time: 0 });
    await insertTestCase(db, { case_no: 'B2', grid_code: w.city.gridB1, category_code: '0102', created_at: '2026-11-07T01:00:00.000Z' });
    await insertTestCase(db, { case_no: 'O1', grid_code: w.city.gridA1, created_at: '2026-11-01T01:00:00.000Z' });
    await db.insertInto('directives').values({ id: uuidv7(), title: '关于开展冬季消防检查的通知', body: '…', attachments_json: '[]', priority: 'normal', issuer_id: null, issuer_name: '鼓楼区指挥中心', issuing_code: w.city.county, issuing_path: '32/3201/320106/', target_units_json: null, target_roles_json: null, reply_form_json: null, sign_deadline: null, report_deadline: null, remind_at: null, campaign_id: campaignId, delivered_count: 0, created_at: '2026-11-10T02:00:00.000Z' }).execute();
    const record = (source: string, occurred: string, state: string, measure: string | null) => ({ id: uuidv7(), source_kind: 'case_overdue', source_id: source, case_id: null, person_id: w.handler.id, person_name: '陈静', department_id: null, unit_code: w.city.gridA1, territory_path: '32/3201/320106/320106001/320106001001/320106001001001/', occurred_at: occurred, summary: `案件 ${source} 超时`, state, measure, reason: null, decided_by: null, decided_at: state === 'pending' ? null : '2026-11-14T03:00:00.000Z', created_at: occurred });
    await db.insertInto('accountability_records').values([record('C2', '2026-11-12T12:00:00.000Z', 'confirmed', 'criticism'), record('C2b', '2026-11-13T12:00:00.000Z', 'pending', null), record('B1', '2026-11-07T12:00:00.000Z', 'confirmed', 'reminder')]).execute();
    const f = await t.app.inject({ method: 'POST', url: '/api/followups', headers: { cookie: cookies['supervisor']!, 'idempotency-key': 'aar-f1' }, payload: { campaignId, title: '消防通道常态化巡查', ownerId: w.worker.id, dueAt: '2026-12-31', sourceKind: 'aar' } });
    assert.equal(f.statusCode, 201, f.body);
  });
  after(async () => t.close());

  const get = (url: string, who?: string) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: cookies[who]! } : {} });

  it('walks 401 → 400 → 403 → 404 → 200', async () => {
    assert.equal((await get(`/api/reports/aar?campaign=${campaignId}`)).statusCode, 401);
    const bad = await get('/api/reports/aar?campaign=abc', 'supervisor');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
    assert.equal((await get(`/api/reports/aar?campaign=${campaignId}`, 'worker')).statusCode, 403);
    const missing = await get(`/api/reports/aar?campaign=${uuidv7()}`, 'supervisor');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.field, 'campaign');
    assert.equal((await get(`/api/reports/aar?campaign=${campaignId}`, 'supervisor')).statusCode, 200);
  });

  it('counts KPI deltas, hotspots, the timeline, accountability and follow-ups from the data', async () => {
    const a = (await get(`/api/reports/aar?campaign=${campaignId}`, 'supervisor')).json();
    assert.equal(a.title, '冬季消防安全专项行动总结评估报告');
    assert.deepEqual(a.period, { during: { from: '2026-11-10T00:00:00.000Z', to: '2026-11-15T00:00:00.000Z' }, before: { from: '2026-11-05T00:00:00.000Z', to: '2026-11-10T00:00:00.000Z' } });
    const k = Object.fromEntries(a.kpiDeltas.map((r: { key: string }) => [r.key, r]));
    assert.deepEqual([k.reported.before, k.reported.during, k.reported.delta], [2, 3, 1]);
    assert.deepEqual([k.closed.before, k.closed.during], [1, 1]);
    // During: due = C1 (closed) + C2 (overdue open) = 2 → 结案率 0.5, 按期 0.5; before: B1 closed late → 1 and 0.
    assert.deepEqual([k.closure.before, k.closure.during, k.closure.delta], [1, 0.5, -0.5]);
    assert.deepEqual([k.onTime.before, k.onTime.during, k.onTime.delta], [0, 0.5, 0.5]);
    assert.deepEqual(a.hotspots.grids.map((g: { code: string; during: number; before: number }) => [g.code, g.during, g.before]), [[w.city.gridA1, 2, 0], [w.city.gridB1, 1, 2]]);
    assert.deepEqual(a.hotspots.categories.map((c: { code: string; during: number }) => [c.code, c.during]), [['0101', 2], ['0102', 1]]);
    const kinds = a.timeline.map((e: { kind: string }) => e.kind);
    assert.deepEqual(kinds, ['phase_start', 'directive', 'phase_end', 'phase_start', 'case_escalated', 'accountability', 'phase_end']);
    assert.equal(a.timeline.find((e: { kind: string }) => e.kind === 'case_escalated').ref, escalatedId);
    assert.equal(a.accountability.total, 2, 'the record before the campaign is not counted');
    assert.deepEqual(a.accountability.byKind, [{ kind: 'case_overdue', labelZh: '案件超时', total: 2, pending: 1, confirmed: 1, waived: 0 }]);
    assert.deepEqual(a.accountability.confirmedByMeasure, { reminder: 0, criticism: 1, referral: 0 });
    assert.equal(a.weakestUnits.level, 'street');
    assert.ok(a.weakestUnits.rows.length >= 1);
    for (let i = 1; i < a.weakestUnits.rows.length; i++) assert.ok(a.weakestUnits.rows[i - 1].score <= a.weakestUnits.rows[i].score, 'lowest first');
    assert.equal(a.followups.total, 1);
    assert.equal(a.followups.items[0].title, '消防通道常态化巡查');
    assert.equal(a.followups.items[0].sourceKind, 'aar');
  });

  it('the XLSX opens with Chinese headers and the PDF text is extractable Chinese', async () => {
    const x = await get(`/api/reports/aar.xlsx?campaign=${campaignId}`, 'supervisor');
    assert.equal(x.statusCode, 200, x.body);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    assert.equal(wb.worksheets[0]!.getCell('A1').value, '冬季消防安全专项行动总结评估报告');
    const kpi = wb.worksheets.find((s) => s.name === '指标对比')!;
    assert.deepEqual((kpi.getRow(1).values as unknown[]).slice(1), ['指标', '行动前', '行动期间', '变化']);
    assert.deepEqual([kpi.getRow(2).getCell(1).value, kpi.getRow(2).getCell(4).value], ['新上报案件', '+1']);
    const follow = wb.worksheets.find((s) => s.name === '长效机制（整改项）')!;
    assert.equal(follow.getRow(2).getCell(2).value, '张伟');

    const p = await get(`/api/reports/aar.pdf?campaign=${campaignId}`, 'supervisor');
    assert.equal(p.statusCode, 200, p.body);
    assert.equal(p.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const text = await pdfText(p.rawPayload);
    assert.match(text, /冬季消防安全专项行动总结评估报告/);
    assert.match(text, /大事记/);
    assert.match(text, /消防通道常态化巡查/);
    assert.match(text, /案件 C2 超时升级/);
  });
});
