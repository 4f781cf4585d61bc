import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { seedCaseWorld } from '../cases/caseTestKit.ts';
import { insertTestCase } from '../analytics/testCases.ts';
import { startScheduler } from '../../jobs/scheduler.ts';
import { ConfigError, loadConfig } from '../../config.ts';
import { dueBulletins, dueBulletinsBackfilled, generateScheduledBulletins } from './scheduledBulletins.ts';
import { pdfText } from './pdfText.ts';

it('due bulletins: yesterday after the run time, the day before before it; the week ending on the last Sunday', () => {
  // 2026-11-23 is a Monday. 07:29 China time = 23:29 UTC the day before.
  assert.deepEqual(dueBulletins(new Date('2026-11-22T23:31:00Z'), '07:30'), { daily: '2026-11-22', weekly: '2026-11-22' });
  assert.deepEqual(dueBulletins(new Date('2026-11-22T23:29:00Z'), '07:30'), { daily: '2026-11-21', weekly: '2026-11-15' });
  assert.deepEqual(dueBulletins(new Date('2026-11-26T04:00:00Z'), '07:30'), { daily: '2026-11-25', weekly: '2026-11-22' });
});

it('back-fill: the last N days oldest first, a Sunday weekly after its daily, and always the latest weekly', () => {
  // Thursday 2026-11-26 12:00 China time.
  const thursday = new Date('2026-11-26T04:00:00Z');
  assert.deepEqual(dueBulletinsBackfilled(thursday, '07:30', 7).map((d) => `${d.kind} ${d.date}`), [
    'daily 2026-11-19', 'daily 2026-11-20', 'daily 2026-11-21', 'daily 2026-11-22', 'weekly 2026-11-22', 'daily 2026-11-23', 'daily 2026-11-24', 'daily 2026-11-25',
  ]);
  // N = 1 is the old behaviour: only the latest daily and the latest weekly.
  assert.deepEqual(dueBulletinsBackfilled(thursday, '07:30', 1).map((d) => `${d.kind} ${d.date}`), ['weekly 2026-11-22', 'daily 2026-11-25']);
  // Monday 2026-11-30 07:29 China time: the Monday run has not happened yet, so the latest run day is Sunday.
  assert.deepEqual(dueBulletinsBackfilled(new Date('2026-11-29T23:29:00Z'), '07:30', 2).map((d) => `${d.kind} ${d.date}`), ['weekly 2026-11-22', 'daily 2026-11-27', 'daily 2026-11-28']);
  assert.deepEqual(dueBulletinsBackfilled(new Date('2026-11-29T23:31:00Z'), '07:30', 2).map((d) => `${d.kind} ${d.date}`), ['daily 2026-11-28', 'daily 2026-11-29', 'weekly 2026-11-29']);
});

it('WANGGE_BULLETIN_BACKFILL_DAYS: default 7, a whole number from 1 to 90, a bad value names the variable', () => {
  assert.equal(loadConfig({}).bulletinBackfillDays, 7);
  assert.equal(loadConfig({ WANGGE_BULLETIN_BACKFILL_DAYS: '14' }).bulletinBackfillDays, 14);
  for (const bad of ['0', '91', '2.5', 'week', '-3']) {
    assert.throws(() => loadConfig({ WANGGE_BULLETIN_BACKFILL_DAYS: bad }), (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.startsWith('WANGGE_BULLETIN_BACKFILL_DAYS:')), bad);
  }
});

forEachDatabase('scheduled bulletins (定时简报)', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  const cookies: Record<string, string> = {};

  before(async () => {
    // No back-fill here (N = 1): exactly the latest daily and weekly; back-filling is tested below.
    t = await createTestApp(kind, { WANGGE_BULLETIN_BACKFILL_DAYS: '1' });
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

forEachDatabase('scheduled bulletins back-fill days missed while the server was down (补发)', (kind) => {
  let t: TestApp & { close(): Promise<void> };

  before(async () => {
    // One scope keeps the test quick; the default back-fill window (7 days) applies.
    t = await createTestApp(kind, { WANGGE_BULLETIN_SCOPES: '320106' });
    const w = await seedCaseWorld(t.storage.db);
    await insertTestCase(t.storage.db, { case_no: 'B1', grid_code: w.city.gridA1, created_at: '2026-11-24T02:00:00.000Z', description: '井盖缺失' });
  });
  after(async () => t.close());

  const dailies = async () =>
    (await t.storage.db.selectFrom('scheduled_bulletins').select(['bulletin_date']).where('kind', '=', 'daily').orderBy('bulletin_date').execute()).map((r) => r.bulletin_date);

  it('a server down for 3 days writes the 3 missing daily bulletins, oldest first, on its first run; a second run writes nothing', async () => {
    // Monday 2026-11-23 08:00 China time, the last run before the outage: the window 11-16 … 11-22 and the week ending 11-22.
    t.clock.now = new Date('2026-11-23T00:00:00.000Z');
    assert.deepEqual(await generateScheduledBulletins(t.ctx, t.clock.now), { generated: 8, skipped: 0 });
    // Down Tuesday, Wednesday and Thursday (no run at 07:30 on any of them); back on Friday 2026-11-27 at 06:00,
    // before that day's run time: the runs of 11-24, 11-25 and 11-26 were missed.
    t.clock.now = new Date('2026-11-26T22:00:00.000Z');
    const before = (await t.storage.db.selectFrom('scheduled_bulletins').select('id').execute()).length;
    assert.deepEqual(await generateScheduledBulletins(t.ctx, t.clock.now), { generated: 3, skipped: 5 });
    const written = await t.storage.db.selectFrom('scheduled_bulletins').select(['kind', 'bulletin_date', 'id', 'summary_json']).orderBy('id').offset(before).limit(100).execute();
    assert.deepEqual(written.map((r) => `${r.kind} ${r.bulletin_date}`), ['daily 2026-11-23', 'daily 2026-11-24', 'daily 2026-11-25'], 'oldest first (UUIDv7 ids follow insertion order)');
    assert.equal(JSON.parse(written[1]!.summary_json).reported, 1, 'a back-filled bulletin counts the cases of its own day');
    assert.equal(JSON.parse(written[0]!.summary_json).reported, 0);
    assert.deepEqual(await generateScheduledBulletins(t.ctx, t.clock.now), { generated: 0, skipped: 8 });
    assert.deepEqual(await dailies(), ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25']);
    const audit = await t.storage.db.selectFrom('audit_log').select(['after_json']).where('action', '=', 'bulletin.schedule').orderBy('seq').execute();
    const last3 = audit.slice(-3).map((a) => JSON.parse(a.after_json!) as { date: string; backfill: boolean });
    assert.deepEqual(last3.map((a) => [a.date, a.backfill]), [['2026-11-23', true], ['2026-11-24', true], ['2026-11-25', false]]);
  });

  it('a missed Monday run is made up with its weekly bulletin', async () => {
    // Back on Wednesday 2026-12-02 at 08:00 China time after missing Friday … Tuesday (Monday 11-30 included).
    t.clock.now = new Date('2026-12-02T00:00:00.000Z');
    assert.deepEqual(await generateScheduledBulletins(t.ctx, t.clock.now), { generated: 7, skipped: 1 });
    const weeklies = await t.storage.db.selectFrom('scheduled_bulletins').select('bulletin_date').where('kind', '=', 'weekly').orderBy('bulletin_date').execute();
    assert.deepEqual(weeklies.map((r) => r.bulletin_date), ['2026-11-22', '2026-11-29']);
    assert.deepEqual((await dailies()).slice(-6), ['2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01']);
  });
});
