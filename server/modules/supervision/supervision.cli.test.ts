import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestStorage, type TestStorage } from '../../../test/harness.ts';
import { seedSmallCity } from '../../../test/factories.ts';
import { insertTestCase } from '../analytics/testCases.ts';
import { runWangge } from '../../../test/cli.ts';


const wangge = runWangge;

// The CLI opens the SQLite file in WANGGE_DATA_DIR itself: SQLite only; the use cases run on both databases in the HTTP suites.
describe('wangge spotcheck sample / report (command line, SQLite file)', () => {
  let ts: TestStorage;
  before(async () => {
    ts = await createTestStorage('sqlite');
    const city = await seedSmallCity(ts.storage.db);
    for (let i = 0; i < 30; i++) {
      await insertTestCase(ts.storage.db, { case_no: `K${i}`, grid_code: i % 3 ? city.gridA1 : city.gridB1, state: 'closed', closed_at: `2026-11-${String(1 + (i % 9)).padStart(2, '0')}T04:00:00.000Z`, created_at: '2026-11-01T01:00:00.000Z' });
    }
  });
  after(async () => ts.cleanup());

  it('prints the same sample for the same seed, and the documented size', async () => {
    const args = ['spotcheck', 'sample', '--seed', '42', '--period', '2026-11-01..2026-11-30', '--margin', '0.1', '--json'];
    const a = await wangge(ts.dataDir, ...args);
    assert.equal(a.code, 0, a.stderr);
    const b = await wangge(ts.dataDir, ...args);
    assert.equal(a.stdout, b.stdout);
    const draw = JSON.parse(a.stdout);
    // N = 30, 95 %, e = 0.1: n0 = 96.04, n = 96.04 / (1 + 95.04 / 30) = 23.05 → 24.
    assert.equal(draw.population, 30);
    assert.equal(draw.sampleSize, 24);
    assert.equal(draw.items.length, 24);
    assert.equal(draw.seed, 42);
    const other = JSON.parse((await wangge(ts.dataDir, ...args.map((x) => (x === '42' ? '43' : x)))).stdout);
    assert.notDeepEqual(other.items.map((i: { caseId: string }) => i.caseId), draw.items.map((i: { caseId: string }) => i.caseId));
  });

  it('rejects a bad period and a bad seed with a message naming the option', async () => {
    const bad = await wangge(ts.dataDir, 'spotcheck', 'sample', '--seed', '1', '--period', '2026-11-31x', '--json');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--period/);
    const seed = await wangge(ts.dataDir, 'spotcheck', 'sample', '--seed', '-5', '--period', '2026-11-01');
    assert.notEqual(seed.code, 0);
    assert.match(seed.stderr, /--seed/);
  });

  it('report daily writes an XLSX and a PDF', async () => {
    const xlsx = path.join(ts.dataDir, 'd.xlsx');
    const r = await wangge(ts.dataDir, 'report', 'daily', '--date', '2026-11-01', '--format', 'xlsx', '--out', xlsx);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(xlsx).subarray(0, 2).toString(), 'PK');
    const pdf = path.join(ts.dataDir, 'd.pdf');
    const p = await wangge(ts.dataDir, 'report', 'weekly', '--date', '2026-11-07', '--format', 'pdf', '--out', pdf);
    assert.equal(p.code, 0, p.stderr);
    assert.equal(fs.readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
    const missingFont = await wangge(ts.dataDir, 'report', 'daily', '--date', '2026-11-01', '--format', 'pdf', '--out', pdf, '--font', '/nonexistent.ttf');
    assert.equal(missingFont.code, 2);
    assert.match(missingFont.stderr, /font/);
  });
});
