import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Benchmark, BenchResult } from './types.ts';
import { slaPolicyOf } from '../server/context.ts';

/**
 * sla-scan: one deadline-scan tick (server/jobs/slaScan.ts runSlaScan) over 1,000,000 open cases on
 * embedded SQLite (WAL, synchronous=FULL), of which 1,000 are due a warning (预警), 1,000 overdue (督办)
 * and 100 due an escalation (升级); the rest have deadlines in the future. Rows are generated with
 * INSERT … SELECT from a recursive CTE in one transaction. Baseline, same run: a naive scan that reads
 * every open case's deadline columns into JS and filters them there (what the scan would cost without
 * the (flag, instant) indexes). Both must find the same 2,100 cases.
 */
const OPEN_CASES = Number(process.env['SLA_SCAN_CASES'] ?? 1_000_000);
const WARN = 1000;
const OVERDUE = 1000;
const ESCALATE = 100;
const CLOSED = ['closed', 'evaluated', 'rejected', 'voided'];

export const slaScan: Benchmark = {
  name: 'sla-scan',
  async run(): Promise<BenchResult> {
    const { openStorage } = await import('../server/storage/db.ts');
    const { migrateToLatest } = await import('../server/storage/migrate.ts');
    const { loadConfig } = await import('../server/config.ts');
    const { runSlaScan } = await import('../server/jobs/slaScan.ts');
    const { seedSmallCity, insertUser } = await import('../test/factories.ts');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-bench-sla-'));
    const storage = openStorage({ databaseUrl: null, sqliteFile: path.join(dataDir, 'wangge.sqlite') });
    try {
      await migrateToLatest(storage.db);
      const city = await seedSmallCity(storage.db);
      // People the notices go to: grid-level holders of the filing stage and escalation targets.
      await insertUser(storage.db, { username: 'sup', role: 'supervisor', scope: city.gridA1 });
      await insertUser(storage.db, { username: 'duty', role: 'duty_officer', scope: city.gridA1 });
      const node = await storage.db.selectFrom('territory_nodes').select('path').where('code', '=', city.gridA1).executeTakeFirstOrThrow();

      const now = new Date('2026-03-10T02:00:00.000Z');
      const iso = (ms: number) => new Date(now.getTime() + ms).toISOString();
      const H = 3_600_000;
      const due = { warn: WARN, overdue: WARN + OVERDUE, escalate: WARN + OVERDUE + ESCALATE };
      let t0 = performance.now();
      // n = 1..OPEN_CASES. The first 2,100 are due (warning / overdue / escalation), the rest are not yet.
      await storage.db.transaction().execute(async (trx) => {
        await sql`
          WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${OPEN_CASES})
          INSERT INTO cases (id, case_no, kind, category_code, state, description, lat, lng, grid_code, territory_path, source,
            rework_count, self_resolved, stage, stage_limit, stage_started_at, stage_due_at, stage_warn_at, stage_escalate_at,
            warned_at, supervised_at, escalated_at, escalation_level, overdue_count, version, created_at, updated_at)
          SELECT printf('bench-%08d', n), printf('AJ20260310-%07d', n), 'event', '0101', 'reported', '压测案件', 32.05, 118.77,
            ${city.gridA1}, ${node.path}, 'grid_worker', 0, 0, 'filing', '4wh', ${iso(-30 * H)},
            CASE WHEN n <= ${due.warn} THEN ${iso(1 * H)} WHEN n <= ${due.overdue} THEN ${iso(-1 * H)} WHEN n <= ${due.escalate} THEN ${iso(-6 * H)} ELSE ${iso(24 * H)} END,
            CASE WHEN n <= ${due.warn} THEN ${iso(-1 * H)} WHEN n <= ${due.escalate} THEN ${iso(-8 * H)} ELSE ${iso(18 * H)} END,
            CASE WHEN n <= ${due.overdue} THEN ${iso(3 * H)} WHEN n <= ${due.escalate} THEN ${iso(-2 * H)} ELSE ${iso(48 * H)} END,
            CASE WHEN n > ${due.warn} AND n <= ${due.escalate} THEN ${iso(-8 * H)} END,
            CASE WHEN n > ${due.overdue} AND n <= ${due.escalate} THEN ${iso(-6 * H)} END,
            NULL, 0, 0, 1, ${iso(-30 * H)}, ${iso(-30 * H)}
          FROM seq`.execute(trx);
      });
      const seedMs = performance.now() - t0;
      console.log(`generated ${OPEN_CASES.toLocaleString()} open cases (${WARN} due a warning, ${OVERDUE} overdue, ${ESCALATE} due an escalation) in ${(seedMs / 1000).toFixed(1)} s`);
      // Let the planner see the real data, as a long-running database would after ANALYZE / optimize.
      await sql`PRAGMA optimize`.execute(storage.db);

      // Baseline first (it only reads): every open case's deadline columns into JS, filtered there.
      const nowIso = now.toISOString();
      t0 = performance.now();
      const all = await storage.db
        .selectFrom('cases')
        .select(['id', 'stage_warn_at', 'stage_due_at', 'stage_escalate_at', 'warned_at', 'supervised_at', 'escalated_at'])
        .where('state', 'not in', CLOSED)
        .execute();
      let naiveDue = 0;
      for (const c of all) {
        if ((c.warned_at === null && c.stage_warn_at !== null && c.stage_warn_at <= nowIso) ||
          (c.supervised_at === null && c.stage_due_at !== null && c.stage_due_at <= nowIso) ||
          (c.escalated_at === null && c.stage_escalate_at !== null && c.stage_escalate_at <= nowIso)) naiveDue += 1;
      }
      const naiveMs = performance.now() - t0;
      console.log(`baseline: read ${all.length.toLocaleString()} open cases into JS and filtered: ${naiveDue} due, ${naiveMs.toFixed(0)} ms`);

      const config = loadConfig({ WANGGE_DATA_DIR: dataDir, LOG_LEVEL: 'silent', WANGGE_DEMO: 'off' }, 'bench');
      const ctx = { config, storage, now: () => now, slaPolicy: slaPolicyOf(config) };
      t0 = performance.now();
      const result = await runSlaScan(ctx, now);
      const tickMs = performance.now() - t0;
      console.log(`tick: warned ${result.warned}, supervised ${result.supervised}, escalated ${result.escalated} in ${tickMs.toFixed(0)} ms`);
      t0 = performance.now();
      const again = await runSlaScan(ctx, now);
      const idleMs = performance.now() - t0;
      console.log(`second tick (nothing new due): ${again.warned + again.supervised + again.escalated} claimed in ${idleMs.toFixed(1)} ms`);
      const notices = Number((await storage.db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const found = result.warned + result.supervised + result.escalated;
      return {
        value: Math.round(tickMs),
        unit: 'ms per tick',
        baseline: 'read every open case into JS and filter (same database, same run)',
        baseline_value: Math.round(naiveMs),
        ratio: Math.round((tickMs / naiveMs) * 1000) / 1000,
        extra: {
          open_cases: OPEN_CASES,
          warned: result.warned,
          supervised: result.supervised,
          escalated: result.escalated,
          agree: found === naiveDue,
          notifications: notices,
          idle_tick_ms: Math.round(idleMs * 10) / 10,
          seed_s: Math.round(seedMs / 100) / 10,
          target_met: tickMs <= 1000,
        },
      };
    } finally {
      await storage.close().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
