import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { uuidv7 } from 'uuidv7';
import { createTestStorage, type TestStorage } from '../../../test/harness.ts';
import { seedSmallCity } from '../../../test/factories.ts';
import { insertTestCase } from '../analytics/testCases.ts';
import { pdfText } from './pdfText.ts';
import { runWangge } from '../../../test/cli.ts';


const wangge = runWangge;

// The CLI opens the SQLite file in WANGGE_DATA_DIR itself: SQLite only; the use case runs on both databases in aar.http.test.ts.
describe('wangge report aar (command line, SQLite file)', () => {
  let ts: TestStorage;
  const campaignId = uuidv7();
  before(async () => {
    ts = await createTestStorage('sqlite');
    const city = await seedSmallCity(ts.storage.db);
    await ts.storage.db.insertInto('campaigns').values({ id: campaignId, name: '春节安保', description: null, territory_code: city.county, territory_path: '32/3201/320106/', starts_at: '2026-01-20T00:00:00.000Z', ends_at: '2026-02-05T00:00:00.000Z', event_at: null, daily_report_due: '18:00', cloned_from: null, created_by: null, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' }).execute();
    await insertTestCase(ts.storage.db, { case_no: 'A1', grid_code: city.gridA1, created_at: '2026-01-25T01:00:00.000Z', description: '烟花爆竹违规燃放' });
  });
  after(async () => ts.cleanup());

  it('writes the PDF and the XLSX', async () => {
    const pdf = path.join(ts.dataDir, 'aar.pdf');
    const r = await wangge(ts.dataDir, 'report', 'aar', '--campaign', campaignId, '--format', 'pdf', '--out', pdf);
    assert.equal(r.code, 0, r.stderr);
    assert.match(await pdfText(fs.readFileSync(pdf)), /春节安保总结评估报告/);
    const xlsx = path.join(ts.dataDir, 'aar.xlsx');
    assert.equal((await wangge(ts.dataDir, 'report', 'aar', '--campaign', campaignId, '--format', 'xlsx', '--out', xlsx)).code, 0);
    assert.equal(fs.readFileSync(xlsx).subarray(0, 2).toString(), 'PK');
  });

  it('rejects bad input with exit code 2 naming the option', async () => {
    const out = path.join(ts.dataDir, 'x.pdf');
    const noCampaign = await wangge(ts.dataDir, 'report', 'aar', '--out', out);
    assert.equal(noCampaign.code, 2);
    assert.match(noCampaign.stderr, /--campaign/);
    const unknown = await wangge(ts.dataDir, 'report', 'aar', '--campaign', uuidv7(), '--out', out);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--campaign: .*not found/);
    const format = await wangge(ts.dataDir, 'report', 'aar', '--campaign', campaignId, '--format', 'doc', '--out', out);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format/);
    assert.equal(fs.existsSync(out), false);
  });
});
