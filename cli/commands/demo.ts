import { InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../../server/config.ts';
import type { Storage } from '../../server/storage/db.ts';
import { AppError } from '../../server/errors.ts';
import { countNodes } from '../../server/modules/territory/territory.repository.ts';
import { buildDemoCity, type DemoCitySummary } from '../../server/demo/buildDemoCity.ts';
import { resetDemoCity } from '../../server/demo/resetDemoCity.ts';
import { buildDemoActivity, type DemoActivitySummary } from '../../server/demo/demoActivity.ts';
import { DEFAULT_DEMO_SEED, type DemoLogin } from '../../server/demo/planDemoCity.ts';
import { discardNewDemoPassword, resolveDemoPassword, type DemoPassword } from '../../server/demo/demoPassword.ts';
import { configFromEnv, fail, openConfiguredStorage } from '../runtime.ts';

export type { DemoLogin };

function summaryLine(s: DemoCitySummary, ms: number): string {
  const c = s.counts;
  return `演示城市 南京市 ready in ${(ms / 1000).toFixed(1)} s: ${c.districts} districts, ${c.streets} streets, ${c.communities} communities, ${c.grids} grids, ${c.users} people (seed ${s.seed})`;
}

function activityLine(a: DemoActivitySummary, ms: number): string {
  const c = a.counts;
  const states = Object.entries(a.byState)
    .sort((x, y) => y[1] - x[1])
    .map(([state, n]) => `${state} ${n}`)
    .join(', ');
  return (
    `演示业务数据 ready in ${(ms / 1000).toFixed(1)} s: ${c.cases} cases over 45 days (${states}; ${c.overdue} overdue now), ` +
    `${c.notices.warned + c.notices.supervised + c.notices.escalated} SLA notices, ${c.keySites} key sites, ${c.patrolPlans} patrol plans today ` +
    `(${c.plannedVisits} visits, ${c.checkins} check-ins), ${c.rosterUnits} roster units (${c.rosterAssignments} shifts)`
  );
}

/** Build the demo's history of activity (cases, patrols, rosters) after the city and print its line. */
async function buildActivity(config: Readonly<Config>, storage: Storage, seed: number, onProgress?: (m: string) => void): Promise<void> {
  const started = Date.now();
  const activity = await buildDemoActivity(storage, config, { seed, ...(onProgress ? { onProgress } : {}) });
  console.log(activityLine(activity, Date.now() - started));
}

/** What `wangge serve` prints after building the demo: the logins and the one password they share. */
export interface DemoStart {
  logins: DemoLogin[];
  password: DemoPassword;
}

/** Print the demo logins with their password and where it is kept (the same lines for serve and demo). */
export function printDemoLogins(logins: readonly DemoLogin[], password: DemoPassword): void {
  const where = password.file ? `kept in ${password.file}` : 'from WANGGE_DEMO_PASSWORD';
  console.log(`\nDemo logins (password for all: ${password.password}  — ${where}):`);
  for (const l of logins) console.log(`  ${l.username.padEnd(22)} ${l.description}`);
}

/**
 * Build the demo city when the database has no territory, and with WANGGE_DEMO=auto its activity too;
 * returns the demo logins and their password to print. The password is WANGGE_DEMO_PASSWORD or this data
 * dir's own random one (server/demo/demoPassword.ts), never a published constant.
 */
export async function ensureDemoCity(config: Readonly<Config>, storage: Storage): Promise<DemoStart | null> {
  if ((await countNodes(storage.db)) > 0) return null;
  console.log(`Empty database: building the demo city 南京市${config.demoActivity ? ' and its activity' : ''} (演示数据)…`);
  const started = Date.now();
  const password = resolveDemoPassword({ dataDir: config.dataDir, explicit: config.demoPassword });
  let summary: DemoCitySummary;
  try {
    summary = await storage.db.transaction().execute((trx) => buildDemoCity(trx, { password: password.password }));
    console.log(summaryLine(summary, Date.now() - started));
  } catch (err) {
    // Another server process sharing this PostgreSQL database got there first: its demo is ours too
    // (and so is its password: a new one made here would be wrong).
    if (err instanceof AppError && err.code === 'CONFLICT') {
      discardNewDemoPassword(password);
      return null;
    }
    throw err;
  }
  if (config.demoActivity) {
    try {
      await buildActivity(config, storage, summary.seed);
    } catch (err) {
      // The city stands on its own; a failed history must not keep the server from starting.
      console.error(`演示业务数据 failed, the demo city has no (or only part of its) activity: ${(err as Error).message}`);
    }
  }
  return { logins: summary.logins, password };
}

function parseSeed(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError(`must be a whole number 0–999999999, got "${value}"`);
  return Number(value);
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('build the demo city 南京市 (real districts and streets, synthetic grids and people) into an empty database')
    .option('--seed <n>', 'seed for the synthetic parts; the same seed gives the same city', parseSeed, DEFAULT_DEMO_SEED)
    .option('--reset', 'first remove an earlier demo city and every operational record on it (refused when non-demo territory exists)')
    .option('--city-only', 'build the city without its history of activity (cases, patrols, rosters)')
    .action(async (opts: { seed: number; reset?: boolean; cityOnly?: boolean }) => {
      const config = configFromEnv();
      const storage = await openConfiguredStorage(config);
      const started = Date.now();
      try {
        const password = resolveDemoPassword({ dataDir: config.dataDir, explicit: config.demoPassword });
        const summary = await storage.db.transaction().execute(async (trx) => {
          if (opts.reset) {
            const removed = await resetDemoCity(trx);
            console.log(`removed the earlier demo: ${removed.records} operational records, ${removed.nodes} territory nodes, ${removed.users} people`);
          }
          return buildDemoCity(trx, { seed: opts.seed, password: password.password, onProgress: (m) => console.log(m) });
        });
        console.log(summaryLine(summary, Date.now() - started));
        if (!opts.cityOnly) await buildActivity(config, storage, summary.seed, (m) => console.log(m));
        printDemoLogins(summary.logins, password);
      } catch (err) {
        if (err instanceof AppError) fail(err.field ? `${err.field}: ${err.message}` : err.message);
        throw err;
      } finally {
        await storage.close();
      }
    });
}
