import { inTransaction, type AppContext } from '../context.ts';
import { checkpointIfDue } from '../audit/checkpoint.ts';
import { purgeExpiredIdempotencyKeys } from '../http/idempotency.ts';
import { escalateUnsignedDirectives } from '../modules/directives/escalateUnsignedDirectives.ts';
import { escalateMissingDailyReports } from '../modules/campaigns/escalateMissingDailyReports.ts';
import { scanPatrolGaps } from '../modules/patrols/scanPatrolGaps.ts';
import { generateAccountability } from '../modules/supervision/generateAccountability.ts';
import { generateScheduledBulletins } from '../modules/reports/scheduledBulletins.ts';
import { recordOverdueFollowups } from '../modules/followups/recordOverdueFollowups.ts';
import { runSlaScan } from './slaScan.ts';
import { expireUnreferencedUploads } from '../attachments/attachmentAccess.ts';
import { FsAttachmentStore } from '../attachments/store.ts';

/** A job the scheduler runs every `intervalSeconds`. */
export interface ScheduledJob {
  name: string;
  intervalSeconds: number;
  run(ctx: AppContext, now: Date): Promise<unknown>;
}

/**
 * Jobs shipped with the server (docs/jobs.md). Each is idempotent on its own — a claim row, a
 * conditional update or a step counter — so a repeated, overlapping or multi-process run never
 * notifies twice; the advisory lock below only saves work.
 */
export function serverJobs(): ScheduledJob[] {
  return [
    // 超时预警/督办/升级: conditional claims on the case row (warned_at, supervised_at, escalated_at).
    { name: 'sla-scan', intervalSeconds: 60, run: (ctx, now) => runSlaScan(ctx, now) },
    // Signed checkpoint of the audit chain when ≥ 1000 entries or ≥ 10 minutes of appends since the last.
    { name: 'audit-checkpoint', intervalSeconds: 300, run: (ctx) => checkpointIfDue(ctx) },
    // Idempotency records past their retention: a plain delete by expiry.
    { name: 'idempotency-purge', intervalSeconds: 3600, run: (ctx, now) => purgeExpiredIdempotencyKeys(ctx.storage.db, now) },
    // 催签/逐级督办 of unsigned directives: each delivery's escalation_step only moves forward.
    { name: 'directive-escalation', intervalSeconds: 300, run: (ctx, now) => inTransaction(ctx, (trx) => escalateUnsignedDirectives(trx, { now })) },
    // 日报催报: one (campaign, date) claim row per day in campaign_daily_escalations.
    { name: 'daily-report-escalation', intervalSeconds: 600, run: (ctx, now) => inTransaction(ctx, (trx) => escalateMissingDailyReports(trx, { now })) },
    // Missed key-site patrol slots: each (site, slot) claimed once in patrol_gap_alerts.
    { name: 'patrol-gaps', intervalSeconds: 300, run: (ctx, now) => scanPatrolGaps(ctx, now) },
    // 责任追究 records from the last 7 days' sources: unique (source_kind, source_id), so reruns add only the new.
    { name: 'accountability', intervalSeconds: 3600, run: (ctx, now) => generateAccountability(ctx, { from: new Date(now.getTime() - 7 * 86_400_000).toISOString(), to: now.toISOString() }) },
    // 定时简报 (daily at WANGGE_BULLETIN_AT China time, weekly on Mondays): unique (kind, date, scope) row, insert … on conflict do nothing.
    { name: 'scheduled-bulletins', intervalSeconds: 300, run: (ctx, now) => generateScheduledBulletins(ctx, now) },
    // 整改项逾期追责: one accountability record per late follow-up item, unique (source_kind, source_id); only its inserter notifies.
    { name: 'followup-overdue', intervalSeconds: 300, run: (ctx, now) => recordOverdueFollowups(ctx, now) },
    // Anonymous uploads nobody referenced within 24 h: deleted (row, then bytes no other row shares); idempotent deletes.
    { name: 'attachment-expiry', intervalSeconds: 3600, run: (ctx, now) => expireUnreferencedUploads(ctx.storage.db, new FsAttachmentStore(ctx.config.dataDir), now) },
  ];
}

/** Jobs shipped with the server. */
export const DEFAULT_JOBS: readonly ScheduledJob[] = serverJobs();

export interface Scheduler {
  /** Run one job now (still under the cross-process guard); false when another process holds it. */
  runOnce(name: string): Promise<boolean>;
  /** Stop the timers and wait for running ticks to finish. */
  stop(): Promise<void>;
}

/** Stable 31-bit key for pg advisory locks from a job name (FNV-1a). */
export function lockKeyOf(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of `wangge:job:${name}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h & 0x7fffffff;
}

/**
 * In-process timers for scheduled jobs. When storage is shared by several processes
 * (capabilities.multiProcess), each tick first takes a session advisory lock on its own connection
 * (pg_try_advisory_lock): only one process runs a job at a time; the others skip that tick. The jobs
 * themselves are idempotent anyway (conditional claims), so the lock saves work, not correctness.
 * A tick never overlaps itself within a process.
 */
export function startScheduler(
  ctx: AppContext,
  jobs: readonly ScheduledJob[] = DEFAULT_JOBS,
  log: { error(obj: unknown, msg?: string): void } = console,
): Scheduler {
  const running = new Map<string, Promise<boolean>>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;

  async function guarded(job: ScheduledJob): Promise<boolean> {
    const pool = ctx.storage.capabilities.multiProcess ? ctx.storage.pgPool : null;
    if (!pool) {
      await job.run(ctx, ctx.now());
      return true;
    }
    const client = await pool.connect();
    try {
      const key = lockKeyOf(job.name);
      const got = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [key]);
      if (!got.rows[0]?.ok) return false;
      try {
        await job.run(ctx, ctx.now());
        return true;
      } finally {
        await client.query('select pg_advisory_unlock($1)', [key]);
      }
    } finally {
      client.release();
    }
  }

  function tick(job: ScheduledJob): Promise<boolean> {
    const current = running.get(job.name);
    if (current) return current.then(() => false);
    const p = guarded(job)
      .catch((err) => {
        log.error({ err, job: job.name }, 'scheduled job failed');
        return false;
      })
      .finally(() => running.delete(job.name));
    running.set(job.name, p);
    return p;
  }

  for (const job of jobs) {
    const timer = setInterval(() => {
      if (!stopped) void tick(job);
    }, job.intervalSeconds * 1000);
    timer.unref();
    timers.push(timer);
  }

  return {
    runOnce(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) return Promise.reject(new Error(`no job ${name}`));
      return tick(job);
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.all([...running.values()]);
    },
  };
}
