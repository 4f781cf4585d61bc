import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import pg from 'pg';
import { createTestStorage, forEachDatabase, type TestStorage } from '../../test/harness.ts';
import { loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { lockKeyOf, startScheduler, type ScheduledJob } from './scheduler.ts';

forEachDatabase('job scheduler', (kind) => {
  let ts: TestStorage;
  let ctx: AppContext;
  before(async () => {
    ts = await createTestStorage(kind);
    ctx = { config: loadConfig({ WANGGE_DATA_DIR: ts.dataDir, LOG_LEVEL: 'silent' }), storage: ts.storage, now: () => new Date('2026-03-02T01:00:00Z') };
  });
  after(async () => ts.cleanup());

  it('runs a registered job with the context clock and never overlaps a tick with itself', async () => {
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const job: ScheduledJob = { name: 'probe', intervalSeconds: 3600, run: async (_c, now) => { seen.push(now.toISOString()); await gate; } };
    const scheduler = startScheduler(ctx, [job], { error: () => {} });
    const first = scheduler.runOnce('probe');
    const second = scheduler.runOnce('probe');
    release();
    assert.equal(await first, true);
    assert.equal(await second, false, 'a tick already running is not started again');
    assert.deepEqual(seen, ['2026-03-02T01:00:00.000Z']);
    await scheduler.stop();
  });

  it('skips a tick while another process holds the job lock (shared PostgreSQL only)', async () => {
    let runs = 0;
    const job: ScheduledJob = { name: 'locked', intervalSeconds: 3600, run: async () => { runs += 1; } };
    const scheduler = startScheduler(ctx, [job], { error: () => {} });
    if (!ts.storage.capabilities.multiProcess) {
      assert.equal(await scheduler.runOnce('locked'), true);
      assert.equal(runs, 1);
      await scheduler.stop();
      return;
    }
    const other = new pg.Client({ connectionString: ts.databaseUrl! });
    await other.connect();
    await other.query('select pg_advisory_lock($1)', [lockKeyOf('locked')]);
    assert.equal(await scheduler.runOnce('locked'), false);
    assert.equal(runs, 0);
    await other.query('select pg_advisory_unlock($1)', [lockKeyOf('locked')]);
    await other.end();
    assert.equal(await scheduler.runOnce('locked'), true);
    assert.equal(runs, 1);
    await scheduler.stop();
  });
});
