import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { insertUser, seedSmallCity } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';
import { pathOfCode } from '../../../shared/territory/codes.ts';
import { insertTestCase, insertTestEvent, insertTestLedger } from './testCases.ts';

const PERIOD = 'from=2026-11-01&to=2026-12-01';

forEachDatabase('KPIs and exports', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date('2026-12-15T00:00:00.000Z');
    const db = t.storage.db;
    const city = await seedSmallCity(db);
    const now = new Date().toISOString();
    for (const [id, name] of [['dep-housing', '鼓楼区住建局'], ['dep-market', '鼓楼区市场监管局']] as const) {
      await db.insertInto('departments').values({ id, code: id, kind: 'housing', name_zh: name, name_en: null, territory_code: city.county, territory_path: pathOfCode(city.county), created_at: now }).execute();
    }
    const users = [
      await insertUser(db, { username: 'leader', role: 'leader', scope: city.county }),
      await insertUser(db, { username: 'dispB', role: 'dispatcher', scope: city.streetB }),
      await insertUser(db, { username: 'worker', role: 'grid_worker', scope: city.gridA1 }),
      await insertUser(db, { username: 'inspector', role: 'inspector', scope: city.county }),
    ];
    for (const u of users) cookies[u.username] = await loginAs(t.app, u.username, u.password);
    const handler = await insertUser(db, { username: 'handler1', role: 'handler', scope: city.county, departmentId: 'dep-housing', displayName: '张处置' });
    ids['handler'] = handler.id;

    // C1: full timeline, closed on time on 11-05 (China time 10:00).
    const c1 = await insertTestCase(db, { case_no: 'C1', grid_code: city.gridA1, state: 'closed', closed_at: '2026-11-05T02:00:00.000Z', closed_on_time: 1, department_id: 'dep-housing', handler_id: handler.id, reporter_name: '李四', reporter_phone: '13900001111' });
    await insertTestEvent(db, c1.id, 'report', null, 'reported', '2026-11-03T00:00:00.000Z');
    await insertTestEvent(db, c1.id, 'file', 'reported', 'filed', '2026-11-03T01:00:00.000Z');
    await insertTestEvent(db, c1.id, 'dispatch', 'filed', 'dispatched', '2026-11-03T03:00:00.000Z');
    await insertTestEvent(db, c1.id, 'accept', 'dispatched', 'in_handling', '2026-11-03T04:00:00.000Z');
    await insertTestEvent(db, c1.id, 'complete', 'in_handling', 'handled', '2026-11-04T04:00:00.000Z');
    await insertTestEvent(db, c1.id, 'verify', 'handled', 'verified', '2026-11-05T01:00:00.000Z');
    await insertTestEvent(db, c1.id, 'close', 'verified', 'closed', '2026-11-05T02:00:00.000Z');
    // C2: reworked once, extension approved, closed late at 2026-11-09T17:00Z = 11-10 01:00 China time.
    const c2 = await insertTestCase(db, { case_no: 'C2', grid_code: city.gridA1, state: 'closed', closed_at: '2026-11-09T17:00:00.000Z', closed_on_time: 0, rework_count: 1, department_id: 'dep-housing' });
    await insertTestEvent(db, c2.id, 'dispatch', 'filed', 'dispatched', '2026-11-08T00:00:00.000Z');
    await insertTestEvent(db, c2.id, 'verify', 'handled', 'verified', '2026-11-09T16:30:00.000Z');
    await insertTestLedger(db, c2.id, 'extension', 'request', '2026-11-08T05:00:00.000Z');
    await insertTestLedger(db, c2.id, 'extension', 'approve', '2026-11-08T06:00:00.000Z');
    // C3: open, its handling deadline passed inside the period → due, not closed.
    const c3 = await insertTestCase(db, { case_no: 'C3', grid_code: city.gridA2, state: 'in_handling', stage: 'handling', stage_due_at: '2026-11-20T00:00:00.000Z', department_id: 'dep-market' });
    await insertTestEvent(db, c3.id, 'dispatch', 'filed', 'dispatched', '2026-11-15T00:00:00.000Z');
    // C4: open, deadline after the period → not due.
    await insertTestCase(db, { case_no: 'C4', grid_code: city.gridA2, state: 'in_handling', stage: 'handling', stage_due_at: '2026-12-05T00:00:00.000Z' });
    // C5: dispute resolved at grid level, self-resolved on the spot.
    const c5 = await insertTestCase(db, { case_no: 'C5', kind: 'dispute', grid_code: city.gridB1, state: 'closed', closed_at: '2026-11-12T00:00:00.000Z', closed_on_time: 1, dispute_level: 'grid', self_resolved: 1 });
    await insertTestEvent(db, c5.id, 'self_resolve', 'reported', 'handled', '2026-11-11T00:00:00.000Z');
    await insertTestEvent(db, c5.id, 'verify', 'handled', 'verified', '2026-11-11T23:00:00.000Z');
    // C6: dispute that climbed to the community, closed on time.
    await insertTestCase(db, { case_no: 'C6', kind: 'dispute', grid_code: city.gridB1, state: 'closed', closed_at: '2026-11-20T00:00:00.000Z', closed_on_time: 1, dispute_level: 'community' });
    // C7: closed before the period; C8: voided.
    await insertTestCase(db, { case_no: 'C7', grid_code: city.gridA1, state: 'closed', closed_at: '2026-10-28T00:00:00.000Z', closed_on_time: 1 });
    await insertTestCase(db, { case_no: 'C8', grid_code: city.gridB1, state: 'voided', stage_due_at: null });
  });
  after(async () => t.close());

  const get = (url: string, who?: string) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: cookies[who]! } : {} });

  it('walks GET /api/kpis 401 → 400 → 403 → 404 → 200', async () => {
    assert.equal((await get(`/api/kpis?${PERIOD}`)).statusCode, 401);
    const bad = await get('/api/kpis?from=yesterday&to=2026-12-01', 'leader');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
    assert.equal(bad.json().error.field, 'from');
    const reversed = await get('/api/kpis?from=2026-12-01&to=2026-11-01', 'leader');
    assert.equal(reversed.statusCode, 400);
    assert.equal(reversed.json().error.field, 'to');
    const badGroup = await get(`/api/kpis?${PERIOD}&groupBy=planet`, 'leader');
    assert.equal(badGroup.statusCode, 400);
    assert.equal(badGroup.json().error.code, 'VALIDATION_FAILED');
    const worker = await get(`/api/kpis?${PERIOD}`, 'worker');
    assert.equal(worker.statusCode, 403);
    assert.equal(worker.json().error.code, 'FORBIDDEN');
    const outside = await get(`/api/kpis?${PERIOD}&scope=320106001`, 'dispB');
    assert.equal(outside.statusCode, 404);
    assert.equal(outside.json().error.field, 'scope');
    assert.equal((await get(`/api/kpis?${PERIOD}&scope=320106009`, 'leader')).statusCode, 404);
    assert.equal((await get(`/api/kpis?${PERIOD}`, 'inspector')).statusCode, 200);
  });

  it('computes the totals counted by hand', async () => {
    const res = await get(`/api/kpis?${PERIOD}`, 'leader');
    assert.equal(res.statusCode, 200);
    const total = res.json().total;
    // due = C1, C2, C5, C6 (closed in period) + C3 (open, deadline passed in period)
    assert.deepEqual(total.counts, {
      due: 5,
      closed: 4,
      closed_on_time: 3,
      overdue_unclosed: 1,
      verified: 3,
      reworked: 1,
      dispatched: 3,
      extended: 1,
      self_resolved: 1,
      disputes_closed: 2,
      disputes_at_grid: 1,
    });
    assert.deepEqual(total.rates, { closure: 0.8, onTime: 0.6, rework: 0.3333, extension: 0.3333, gridResolution: 0.5 });
    // Only C1 has both ends of each stage: 60, 120, 60, 1440, 1260, 60 minutes; C5 adds one
    // verification pass (self-resolved 11-11 00:00 → verified 23:00 = 1380): (1260 + 1380) / 2 = 1320.
    assert.deepEqual(total.stageMinutes, {
      filing: { avgMinutes: 60, n: 1 },
      dispatch: { avgMinutes: 120, n: 1 },
      acceptance: { avgMinutes: 60, n: 1 },
      handling: { avgMinutes: 1440, n: 1 },
      verification: { avgMinutes: 1320, n: 2 },
      closing: { avgMinutes: 60, n: 1 },
    });
  });

  it('groups by street, grid, department, handler and China-time day', async () => {
    const streets = (await get(`/api/kpis?${PERIOD}&groupBy=street`, 'leader')).json();
    assert.deepEqual(
      streets.rows.map((r: { key: string; name: string; counts: { due: number; closed: number; closed_on_time: number } }) => [r.key, r.name, r.counts.due, r.counts.closed, r.counts.closed_on_time]),
      [
        ['320106001', '宁海路街道', 3, 2, 1],
        ['320106002', '华侨路街道', 2, 2, 2],
      ],
    );
    const grids = (await get(`/api/kpis?${PERIOD}&groupBy=grid`, 'leader')).json();
    const a1 = grids.rows.find((r: { key: string }) => r.key === '320106001001001');
    assert.equal(a1.counts.due, 2);
    assert.equal(a1.rates.onTime, 0.5);
    const deps = (await get(`/api/kpis?${PERIOD}&groupBy=department`, 'leader')).json();
    const housing = deps.rows.find((r: { key: string }) => r.key === 'dep-housing');
    assert.equal(housing.name, '鼓楼区住建局');
    assert.equal(housing.counts.closed, 2);
    assert.equal(housing.rates.extension, 0.5);
    const handlers = (await get(`/api/kpis?${PERIOD}&groupBy=handler`, 'leader')).json();
    assert.equal(handlers.rows.find((r: { key: string }) => r.key === ids['handler']).name, '张处置');
    const days = (await get(`/api/kpis?${PERIOD}&groupBy=day`, 'leader')).json();
    // C2 closed at 17:00 UTC on 11-09 = 01:00 China time on 11-10.
    const nov10 = days.rows.find((r: { key: string }) => r.key === '2026-11-10');
    assert.equal(nov10.counts.closed, 1);
    assert.equal(nov10.counts.verified, 1);
    assert.equal(days.rows.find((r: { key: string }) => r.key === '2026-11-09'), undefined);
    const months = (await get(`/api/kpis?${PERIOD}&groupBy=month`, 'leader')).json();
    assert.deepEqual(months.rows.map((r: { key: string }) => r.key), ['2026-11']);
  });

  it('limits figures to the caller scope', async () => {
    const b = (await get(`/api/kpis?${PERIOD}`, 'dispB')).json();
    assert.equal(b.total.counts.due, 2);
    assert.equal(b.total.counts.disputes_closed, 2);
    const narrowed = (await get(`/api/kpis?${PERIOD}&scope=320106001`, 'leader')).json();
    assert.equal(narrowed.total.counts.due, 3);
  });

  it('lists the cases behind each figure', async () => {
    const onTime = await get(`/api/kpis/cases?${PERIOD}&metric=closed_on_time&group=320106001`, 'leader');
    assert.equal(onTime.statusCode, 200);
    assert.deepEqual(onTime.json().cases.map((c: { caseNo: string }) => c.caseNo), ['C1']);
    const due = (await get(`/api/kpis/cases?${PERIOD}&metric=due&group=total`, 'leader')).json();
    assert.deepEqual(due.cases.map((c: { caseNo: string }) => c.caseNo), ['C1', 'C2', 'C3', 'C5', 'C6']);
    const day = (await get(`/api/kpis/cases?${PERIOD}&metric=closed&groupBy=day&group=2026-11-10`, 'leader')).json();
    assert.deepEqual(day.cases.map((c: { caseNo: string }) => c.caseNo), ['C2']);
    const bad = await get(`/api/kpis/cases?${PERIOD}&metric=closed&group=dep-housing`, 'leader');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.field, 'groupBy');
    const noMetric = await get(`/api/kpis/cases?${PERIOD}&group=total`, 'leader');
    assert.equal(noMetric.statusCode, 400);
    assert.equal(noMetric.json().error.field, 'metric');
    assert.equal((await get(`/api/kpis/cases?${PERIOD}&metric=due&group=total`)).statusCode, 401);
    assert.equal((await get(`/api/kpis/cases?${PERIOD}&metric=due&group=total`, 'worker')).statusCode, 403);
    // Outside the caller's scope the cases are simply not there.
    const other = (await get(`/api/kpis/cases?${PERIOD}&metric=due&group=320106001`, 'dispB')).json();
    assert.deepEqual(other.cases, []);
  });

  it('exports the KPI table as XLSX and CSV with Chinese headers', async () => {
    assert.equal((await get(`/api/kpis/export.xlsx?${PERIOD}`)).statusCode, 401);
    assert.equal((await get(`/api/kpis/export.csv?${PERIOD}`, 'worker')).statusCode, 403);
    const xlsx = await get(`/api/kpis/export.xlsx?${PERIOD}&groupBy=street`, 'leader');
    assert.equal(xlsx.statusCode, 200);
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    assert.deepEqual(header.slice(0, 7), ['编码', '街道', '应结案数', '结案数', '结案率', '按期结案数', '按期结案率']);
    const rowA = (sheet.getRow(2).values as unknown[]).slice(1);
    assert.deepEqual(rowA.slice(0, 7), ['320106001', '宁海路街道', 3, 2, '66.7%', 1, '33.3%']);
    const totalRow = (sheet.getRow(4).values as unknown[]).slice(1);
    assert.deepEqual(totalRow.slice(0, 5), ['total', '合计', 5, 4, '80.0%']);
    const csv = await get(`/api/kpis/export.csv?${PERIOD}`, 'leader');
    assert.equal(csv.statusCode, 200);
    assert.deepEqual([...csv.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const records = parse(csv.rawPayload, { bom: true, columns: true }) as Record<string, string>[];
    assert.equal(records.length, 1);
    assert.equal(records[0]!['单位'], '合计');
    assert.equal(records[0]!['应结案数'], '5');
    assert.equal(records[0]!['就地化解率'], '50.0%');
  });

  it('exports case lists without personal data unless a purpose is given and allowed', async () => {
    assert.equal((await get('/api/cases/export.csv')).statusCode, 401);
    const badState = await get('/api/cases/export.csv?state=lost', 'leader');
    assert.equal(badState.statusCode, 400);
    assert.equal(badState.json().error.field, 'state');
    const shortPurpose = await get('/api/cases/export.csv?purpose=x', 'leader');
    assert.equal(shortPurpose.statusCode, 400);
    assert.equal(shortPurpose.json().error.field, 'purpose');
    const denied = await get('/api/cases/export.csv?purpose=%E5%9B%9E%E8%AE%BF%E6%A0%B8%E5%AE%9E', 'worker');
    assert.equal(denied.statusCode, 403);
    assert.equal((await get('/api/cases/export.csv?scope=320106001', 'dispB')).statusCode, 404);

    const plain = await get('/api/cases/export.xlsx?scope=320106001', 'leader');
    assert.equal(plain.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(plain.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    assert.deepEqual(header, ['案件编号', '类型', '类别', '状态', '网格编码', '网格', '来源', '上报时间', '处置时限', '结案时间', '是否按期', '返工次数', '处置部门']);
    assert.equal(sheet.rowCount, 1 + 5); // C1, C2, C3, C4, C7 under street A
    const c1 = (sheet.getRow(2).values as unknown[]).slice(1);
    assert.deepEqual([c1[0], c1[3], c1[4], c1[5], c1[9], c1[10], c1[12]], ['C1', '已结案', '320106001001001', '江苏路社区第一网格', '2026-11-05 10:00', '是', '鼓楼区住建局']);
    assert.ok(!JSON.stringify(sheet.getSheetValues()).includes('13900001111'));

    // The grid worker sees only their grid's cases.
    const mine = parse((await get('/api/cases/export.csv', 'worker')).rawPayload, { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(mine.map((r) => r['案件编号']), ['C1', 'C2', 'C7']);

    const purpose = '回访核实';
    const personal = await get(`/api/cases/export.csv?state=closed&purpose=${encodeURIComponent(purpose)}`, 'leader');
    assert.equal(personal.statusCode, 200);
    const rows = parse(personal.rawPayload, { bom: true, columns: true }) as Record<string, string>[];
    const row = rows.find((r) => r['案件编号'] === 'C1')!;
    assert.equal(row['联系电话'], '13900001111');
    assert.equal(row['报告人'], '李四');
    const audit = await t.storage.db.selectFrom('audit_log').select(['action', 'after_json']).where('action', '=', 'case.exportPersonal').execute();
    assert.equal(audit.length, 1);
    assert.equal(JSON.parse(audit[0]!.after_json!).purpose, purpose);
    assert.equal(JSON.parse(audit[0]!.after_json!).rows, rows.length);
  });
});
