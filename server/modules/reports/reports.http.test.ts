import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { seedCaseWorld } from '../cases/caseTestKit.ts';
import { insertTestCase } from '../analytics/testCases.ts';
import { pdfText } from './pdfText.ts';

forEachDatabase('bulletins (安保日报)', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  const cookies: Record<string, string> = {};

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date('2026-11-20T10:00:00.000Z');
    const db = t.storage.db;
    const w = await seedCaseWorld(db);
    for (const [u, p] of [['supervisor', w.supervisor.password], ['worker', w.worker.password]] as const) cookies[u] = await loginAs(t.app, u, p);
    await insertTestCase(db, { case_no: 'R1', grid_code: w.city.gridA1, category_code: '0101', created_at: '2026-11-20T01:00:00.000Z', state: 'closed', closed_at: '2026-11-20T05:00:00.000Z', closed_on_time: 1 });
    await insertTestCase(db, { case_no: 'R2', grid_code: w.city.gridA1, created_at: '2026-11-20T02:00:00.000Z', state: 'in_handling', stage: 'handling', stage_due_at: '2026-11-20T06:00:00.000Z', description: '井盖缺失需要更换' });
    await insertTestCase(db, { case_no: 'R3', grid_code: w.city.gridB1, created_at: '2026-11-18T02:00:00.000Z', state: 'reported' });
  });
  after(async () => t.close());

  const get = (url: string, who?: string) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: cookies[who]! } : {} });

  it('walks 401 → 400 → 403/404 → 200 and counts the day', async () => {
    assert.equal((await get('/api/reports/bulletin?date=2026-11-20')).statusCode, 401);
    const bad = await get('/api/reports/bulletin?date=20261120', 'supervisor');
    assert.equal(bad.statusCode, 400);
    assert.equal((await get('/api/reports/bulletin?date=2026-11-20', 'worker')).statusCode, 403);
    assert.equal((await get('/api/reports/bulletin?date=2026-11-20&scope=320105', 'supervisor')).statusCode, 404);
    const res = await get('/api/reports/bulletin?date=2026-11-20&scope=320106', 'supervisor');
    assert.equal(res.statusCode, 200, res.body);
    const b = res.json();
    assert.equal(b.title, '鼓楼区安保日报');
    assert.deepEqual(b.summary, { reported: 2, closed: 1, open: 2, overdue: 1 });
    assert.deepEqual(b.overdue.map((o: { caseNo: string }) => o.caseNo), ['R2']);
    const weekly = (await get('/api/reports/bulletin?kind=weekly&date=2026-11-20', 'supervisor')).json();
    assert.equal(weekly.summary.reported, 3, 'the 7 days ending on the date');
  });

  it('the XLSX opens and holds the summary and the overdue list', async () => {
    const res = await get('/api/reports/bulletin.xlsx?date=2026-11-20&scope=320106', 'supervisor');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const first = wb.worksheets[0]!;
    assert.equal(first.getCell('A1').value, '鼓楼区安保日报');
    const overdue = wb.worksheets.find((s) => s.name === '超期案件')!;
    assert.equal(overdue.getRow(2).getCell(1).value, 'R2');
  });

  it('the PDF embeds a Chinese font and its text is extractable', async () => {
    const res = await get('/api/reports/bulletin.pdf?date=2026-11-20&scope=320106', 'supervisor');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.match(res.rawPayload.toString('latin1'), /\/FontFile2/, 'font embedded');
    const text = await pdfText(res.rawPayload);
    assert.match(text, /鼓楼区安保日报/);
    assert.match(text, /超期案件/);
    assert.match(text, /井盖缺失需要更换/);
    assert.ok(res.rawPayload.length < 400_000, `subset font keeps the PDF small (${res.rawPayload.length} bytes)`);
  });
});
