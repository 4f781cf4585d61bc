import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { seedCaseWorld } from '../cases/caseTestKit.ts';
import { insertTestCase } from '../analytics/testCases.ts';
import { startScheduler } from '../../jobs/scheduler.ts';
import { dueBulletins, generateScheduledBulletins } from './scheduledBulletins.ts';
import { pdfText } from './pdfText.ts';

it('due bulletins: yesterday after the run time, the day before before it; the week ending on the last Sunday', () => {
  // 2026-11-23 is a Monday. 07:29 China time = 23:29 UTC the day before.
  assert.deepEqual(dueBulletins(new Date('2026-11-22T23:31:00Z'), '07:30'), { daily: '2026-11-22', weekly: '2026-11-22' });
  assert.deepEqual(dueBulletins(new Date('2026-11-22T23:29:00Z'), '07:30'), { daily: '2026-11-21', weekly: '2026-11-15' });
  assert.deepEqual(dueBulletins(new Date('2026-11-26T04:00:00Z'), '07:30'), { daily: '2026-11-25', weekly: '2026-11-22' });
});

forEachDatabase('scheduled bulletins (定时简报)', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  const cookies: Record<string, string> = {};

  before(async () => {
    t = await createTestApp(kind);
    // Thursday 2026-11-26 12:00 China time: due = daily of 11-25, weekly ending Sunday 11-22.
    t.clock.now = new Date('2026-11-26T04:00:00.000Z');
    const db = t.storage.db;
    const w = await seedCaseWorld(db);
    for (const [u, p] of [['supervisor', w.supervisor.password], ['communityduty', w.communityDuty.password], ['worker', w.worker.password]] as const) cookies[u] = await loginAs(t.app, u, p);
    await insertTestCase(db, { case_no: 'S1', grid_code: w.city.gridA1, created_at: '2026-11-25T02:00:00.000Z', description: '路灯不亮' });
  });
  after(async () => t.close());

  const get = (url: string, who?: string) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: cookies[who]! } : {} });

  it('the scheduled job writes exactly one bulletin per kind, day and scope, even when run twice', async () => {
    const scheduler = startScheduler(t.ctx, [{ name: 'scheduled-bulletins', intervalSeconds: 3600, run: (ctx, now) => generateScheduledBulletins(ctx, now) }], { error: (e) => assert.fail(String((e as { err: Error }).err)) });
    assert.equal(await scheduler.runOnce('scheduled-bulletins'), true);
    assert.equal(await scheduler.runOnce('scheduled-bulletins'), true);
    await scheduler.stop();
    // And a third, direct run reports everything as already there.
    assert.deepEqual(await generateScheduledBulletins(t.ctx, t.clock.now), { generated: 0, skipped: 4 });
    const rows = await t.storage.db.selectFrom('scheduled_bulletins').select(['kind', 'bulletin_date', 'scope_code', 'title']).orderBy('scope_code').orderBy('kind').execute();
    // Default scopes 'city,county': 南京市 (3201) and 鼓楼区 (320106).
    assert.deepEqual(rows.map((r) => [r.scope_code, r.kind, r.bulletin_date]), [['3201', 'daily', '2026-11-25'], ['3201', 'weekly', '2026-11-22'], ['320106', 'daily', '2026-11-25'], ['320106', 'weekly', '2026-11-22']]);
    assert.equal(rows[2]!.title, '鼓楼区安保日报');
    const audit = await t.storage.db.selectFrom('audit_log').select('action').where('action', '=', 'bulletin.schedule').execute();
    assert.equal(audit.length, 4);
  });

  it('lists stored bulletins by scope and serves their XLSX and PDF', async () => {
    assert.equal((await get('/api/reports/bulletins')).statusCode, 401);
    assert.equal((await get('/api/reports/bulletins', 'worker')).statusCode, 403);
    assert.equal((await get('/api/reports/bulletins?from=yesterday', 'supervisor')).statusCode, 400);
    const list = (await get('/api/reports/bulletins?kind=daily', 'supervisor')).json();
    assert.deepEqual(list.items.map((i: { scopeCode: string }) => i.scopeCode), ['320106'], 'a county supervisor sees the county bulletin, not the city one');
    const item = list.items[0];
    assert.deepEqual(item.summary, { reported: 1, closed: 0, open: 1, overdue: 0 });
    assert.equal((await get('/api/reports/bulletins', 'communityduty')).json().items.length, 0, 'a community duty officer sees no county bulletin');
    assert.equal((await get(item.xlsxUrl, 'communityduty')).statusCode, 404);
    const x = await get(item.xlsxUrl, 'supervisor');
    assert.equal(x.statusCode, 200);
    assert.equal(x.rawPayload.length, item.xlsxSize);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    assert.equal(wb.worksheets[0]!.getCell('A1').value, '鼓楼区安保日报');
    const p = await get(item.pdfUrl, 'supervisor');
    assert.equal(p.statusCode, 200);
    assert.match(await pdfText(p.rawPayload), /鼓楼区安保日报/);
    assert.equal((await get(`/api/reports/bulletins/${item.id}/doc`, 'supervisor')).statusCode, 400);
  });
});
