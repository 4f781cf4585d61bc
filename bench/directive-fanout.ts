import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { openStorage, type Storage } from '../server/storage/db.ts';
import { migrateToLatest } from '../server/storage/migrate.ts';
import { forEachChunk } from '../server/storage/chunked.ts';
import { systemActor } from '../server/access/actor.ts';
import { issueDirective } from '../server/modules/directives/issueDirective.ts';
import { getDirectiveRollup } from '../server/modules/directives/getDirectiveRollup.ts';
import { deleteDirectiveCounters, fillDirectiveCounters } from '../server/modules/directives/directives.repository.ts';
import { REPORTING_ROLES } from '../server/modules/directives/directive.ts';
import { pathOfCode } from '../shared/territory/codes.ts';
import type { Benchmark, BenchResult } from './types.ts';

/**
 * directive-fanout: a synthetic province of 100,000 grids (10 cities × 10 counties × 10 streets ×
 * 10 communities × 10 grids) and 300,000 people (a grid leader and two workers per grid). `value` =
 * seconds to create every delivery of one province-wide directive (issueDirective: one INSERT … SELECT);
 * `rollup_ms` = median of the province roll-up (getDirectiveRollup at the province, half the people
 * signed). Baseline: a naive per-grid loop (select the grid's people, insert each delivery) timed on a
 * 1 % sample of grids and extrapolated ×100. Also run on PostgreSQL when reachable.
 */
const FANOUT = 10;
const SAMPLE_SHARE = 0.01;
const PG_URL = process.env['WANGGE_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

interface World {
  grids: string[];
  people: number;
}

async function insertChunked(storage: Storage, table: 'territory_nodes' | 'users' | 'role_assignments', rows: Record<string, unknown>[]): Promise<void> {
  const columns = Object.keys(rows[0]!).length;
  const size = Math.floor(Math.min(storage.capabilities.maxParameters, 30_000) / columns);
  await storage.db.transaction().execute(async (trx) => {
    await forEachChunk(rows, (chunk) => trx.insertInto(table).values(chunk as never).execute(), size);
  });
}

/** Build the province directly with multi-row inserts (no use cases: this is fixture data). */
export async function buildProvince(storage: Storage): Promise<World> {
  const now = new Date().toISOString();
  const nodes: Record<string, unknown>[] = [];
  const node = (code: string, level: string, parent: string | null) =>
    nodes.push({ code, level, name_zh: `单位${code}`, name_en: null, parent_code: parent, path: pathOfCode(code), geometry: null, min_lng: null, min_lat: null, max_lng: null, max_lat: null, households: null, residents: null, description: null, source: 'bench', created_at: now, updated_at: now });
  const grids: string[] = [];
  node('32', 'province', null);
  for (let c = 1; c <= FANOUT; c++) {
    const city = `32${String(c).padStart(2, '0')}`;
    node(city, 'city', '32');
    for (let k = 1; k <= FANOUT; k++) {
      const county = `${city}${String(k).padStart(2, '0')}`;
      node(county, 'county', city);
      for (let s = 1; s <= FANOUT; s++) {
        const street = `${county}${String(s).padStart(3, '0')}`;
        node(street, 'street', county);
        for (let m = 1; m <= FANOUT; m++) {
          const community = `${street}${String(m).padStart(3, '0')}`;
          node(community, 'community', street);
          for (let g = 1; g <= FANOUT; g++) {
            const grid = `${community}${String(g).padStart(3, '0')}`;
            node(grid, 'grid', community);
            grids.push(grid);
          }
        }
      }
    }
  }
  await insertChunked(storage, 'territory_nodes', nodes);
  const users: Record<string, unknown>[] = [];
  const assignments: Record<string, unknown>[] = [];
  let n = 0;
  for (const grid of grids) {
    for (const role of ['grid_leader', 'grid_worker', 'grid_worker']) {
      n += 1;
      const id = `u${String(n).padStart(7, '0')}`;
      users.push({ id, username: id, display_name: `人员${n}`, phone: '13800000000', password_hash: 'x', disabled: 0, failed_logins: 0, locked_until: null, created_at: now, updated_at: now });
      assignments.push({ id: `a${String(n).padStart(7, '0')}`, user_id: id, role, scope_code: grid, scope_path: pathOfCode(grid), department_id: null, created_at: now });
    }
  }
  await insertChunked(storage, 'users', users);
  await insertChunked(storage, 'role_assignments', assignments);
  return { grids, people: n };
}

async function measure(storage: Storage, world: World) {
  const actor = systemActor('bench');
  const t0 = performance.now();
  const directive = await storage.db.transaction().execute((trx) =>
    issueDirective(trx, { actor, now: new Date(), title: '全省统一部署', body: '请传达到每个网格', issuingUnit: '32' }),
  );
  const fanoutSeconds = (performance.now() - t0) / 1000;
  if (directive.deliveredCount !== world.people) throw new Error(`expected ${world.people} deliveries, got ${directive.deliveredCount}`);

  // Half the people signed, a tenth of the grid leaders reported: a realistic mid-campaign roll-up.
  await storage.db.updateTable('directive_deliveries').set({ signed_at: new Date().toISOString() }).where('directive_id', '=', directive.id).where(sql`substr(assignment_id, 8, 1)`, 'in', ['0', '2', '4', '6', '8']).execute();
  await storage.db.updateTable('directive_deliveries').set({ reported_at: new Date().toISOString(), report_text: '已落实' }).where('directive_id', '=', directive.id).where('role', '=', 'grid_leader').where(sql`substr(assignment_id, 7, 1)`, '=', '3').execute();
  // The shortcut above bypasses signDirective/reportImplementation, so rebuild the roll-up counters they keep.
  await storage.db.transaction().execute(async (trx) => {
    await deleteDirectiveCounters(trx, directive.id);
    await fillDirectiveCounters(trx, directive.id, REPORTING_ROLES);
  });
  const times: number[] = [];
  let totals: { reached: number; signed: number } = { reached: 0, signed: 0 };
  for (let i = 0; i < 5; i++) {
    const r0 = performance.now();
    const rollup = await storage.db.transaction().execute((trx) => getDirectiveRollup(trx, { actor, now: new Date(), directiveId: directive.id }));
    times.push(performance.now() - r0);
    totals = rollup.totals;
    if (rollup.children.length !== FANOUT) throw new Error(`expected ${FANOUT} cities in the roll-up, got ${rollup.children.length}`);
  }
  times.sort((a, b) => a - b);
  const rollupMs = times[2]!;
  if (totals.reached !== world.people) throw new Error('roll-up total does not match the deliveries');

  // Baseline: the per-grid loop a naive implementation would write, on a 1 % sample.
  const sample = world.grids.filter((_, i) => i % Math.round(1 / SAMPLE_SHARE) === 0);
  const b0 = performance.now();
  await storage.db.transaction().execute(async (trx) => {
    for (const grid of sample) {
      const people = await trx.selectFrom('role_assignments').select(['id', 'user_id', 'role', 'scope_code', 'scope_path']).where('scope_code', '=', grid).execute();
      for (const p of people) {
        await trx
          .insertInto('directive_deliveries')
          .values({ directive_id: 'baseline', assignment_id: p.id, person_id: p.user_id, role: p.role, unit_code: p.scope_code, territory_path: p.scope_path, delivered_at: new Date().toISOString(), signed_at: null, sign_lat: null, sign_lng: null, reported_at: null, report_text: null, report_answers_json: null, report_photos_json: null, escalation_step: 0 })
          .execute();
      }
    }
  });
  const baselineSeconds = ((performance.now() - b0) / 1000) * (world.grids.length / sample.length);
  return { fanoutSeconds, rollupMs, baselineSeconds, signed: totals.signed };
}

async function runSqlite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-bench-fanout-'));
  const storage = openStorage({ databaseUrl: null, sqliteFile: path.join(dir, 'bench.sqlite') });
  try {
    await migrateToLatest(storage.db);
    const b0 = performance.now();
    const world = await buildProvince(storage);
    console.log(`sqlite: built ${world.grids.length} grids and ${world.people} people in ${((performance.now() - b0) / 1000).toFixed(1)} s`);
    const m = await measure(storage, world);
    console.log(`sqlite: fan-out ${m.fanoutSeconds.toFixed(2)} s, province roll-up ${m.rollupMs.toFixed(1)} ms (median of 5), naive per-grid loop ≈ ${m.baselineSeconds.toFixed(1)} s (1 % sample ×100)`);
    return { world, ...m };
  } finally {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runPostgres(world: World) {
  const probe = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await probe.connect();
  } catch (err) {
    console.log(`postgres: skipped (${(err as Error).message})`);
    return null;
  }
  const name = `wangge_bench_${randomBytes(5).toString('hex')}`;
  await probe.query(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const storage = openStorage({ databaseUrl: url.toString(), poolSize: 4 });
  try {
    await migrateToLatest(storage.db);
    const b0 = performance.now();
    const built = await buildProvince(storage);
    if (built.people !== world.people) throw new Error('postgres world differs');
    await sql`analyze`.execute(storage.db);
    console.log(`postgres: built in ${((performance.now() - b0) / 1000).toFixed(1)} s`);
    const m = await measure(storage, built);
    console.log(`postgres: fan-out ${m.fanoutSeconds.toFixed(2)} s, province roll-up ${m.rollupMs.toFixed(1)} ms, naive loop ≈ ${m.baselineSeconds.toFixed(1)} s`);
    return m;
  } finally {
    await storage.close();
    await probe.query(`drop database if exists ${name} with (force)`);
    await probe.end();
  }
}

export const directiveFanout: Benchmark = {
  name: 'directive-fanout',
  async run(): Promise<BenchResult> {
    const s = await runSqlite();
    const p = await runPostgres(s.world);
    return {
      value: Math.round(s.fanoutSeconds * 1000) / 1000,
      unit: 's (deliveries for one province-wide directive, SQLite)',
      baseline: 'naive per-grid loop (select people, insert each delivery), 1% sample extrapolated ×100',
      baseline_value: Math.round(s.baselineSeconds * 100) / 100,
      ratio: Math.round((s.baselineSeconds / s.fanoutSeconds) * 10) / 10,
      extra: {
        rollup_ms: Math.round(s.rollupMs * 10) / 10,
        grids: s.world.grids.length,
        people: s.world.people,
        ...(p ? { pg_value: Math.round(p.fanoutSeconds * 1000) / 1000, pg_rollup_ms: Math.round(p.rollupMs * 10) / 10, pg_baseline_value: Math.round(p.baselineSeconds * 100) / 100 } : { pg: 'skipped' }),
      },
    };
  },
};
