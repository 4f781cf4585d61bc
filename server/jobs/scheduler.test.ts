import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import pg from 'pg';
import { createTestStorage, forEachDatabase, type TestStorage } from '../../test/harness.ts';
import { loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { lockKeyOf, serverJobs, startScheduler, type ScheduledJob } from './scheduler.ts';
import { DEFAULT_SLA_POLICY } from '../../shared/sla/policy.ts';

forEachDatabase('job scheduler', (kind) => {
  let ts: TestStorage;
  let ctx: AppContext;
  before(async () => {
    ts = await createTestStorage(kind);
    ctx = { config: loadConfig({ WANGGE_DATA_DIR: ts.dataDir, LOG_LEVEL: 'silent' }), storage: ts.storage, now: () => new Date('2026-03-02T01:00:00Z'), slaPolicy: DEFAULT_SLA_POLICY };
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

  it('runs every registered job on its timer, logs a throwing job and keeps running the others', async () => {
    const errors: unknown[] = [];
    const counts = { ok: 0, boom: 0 };
    let done!: () => void;
    const bothTwice = new Promise<void>((r) => (done = r));
    const check = () => { if (counts.ok >= 2 && counts.boom >= 2) done(); };
    const jobs: ScheduledJob[] = [
      { name: 'boom', intervalSeconds: 0.01, run: async () => { counts.boom += 1; check(); throw new Error('job exploded'); } },
      { name: 'ok', intervalSeconds: 0.01, run: async () => { counts.ok += 1; check(); } },
    ];
    const scheduler = startScheduler(ctx, jobs, { error: (obj) => errors.push(obj) });
    // A failing tick answers false instead of rejecting.
    assert.equal(await scheduler.runOnce('boom'), false);
    // The scheduler's timers are unref'd (they never hold a server open): keep the loop alive meanwhile.
    const keepAlive = setInterval(() => {}, 1000);
    await bothTwice;
    clearInterval(keepAlive);
    await scheduler.stop();
    assert.ok(counts.boom >= 2 && counts.ok >= 2, 'the throwing job neither stopped itself nor the other one');
    assert.ok(errors.length >= 2);
    assert.equal((errors[0] as { job: string }).job, 'boom');
    assert.match(String((errors[0] as { err: Error }).err.message), /exploded/);
  });

  it('serve registers every server job, and each runs once on an empty database', async () => {
    const jobs = serverJobs();
    assert.deepEqual(jobs.map((j) => j.name), ['sla-scan', 'audit-checkpoint', 'idempotency-purge', 'directive-escalation', 'daily-report-escalation', 'patrol-gaps', 'accountability', 'scheduled-bulletins', 'followup-overdue', 'attachment-expiry']);
    assert.deepEqual(jobs.map((j) => j.intervalSeconds), [60, 10, 3600, 300, 600, 300, 3600, 300, 300, 3600]);
    const errors: unknown[] = [];
    const scheduler = startScheduler(ctx, jobs, { error: (obj) => errors.push(obj) });
    for (const j of jobs) assert.equal(await scheduler.runOnce(j.name), true, `${j.name} ran`);
    // Idempotent: a second run of each is harmless.
    for (const j of jobs) assert.equal(await scheduler.runOnce(j.name), true, `${j.name} ran again`);
    await scheduler.stop();
    assert.deepEqual(errors, []);
  });
});
