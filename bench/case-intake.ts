import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Benchmark, BenchResult } from './types.ts';
import { closedLoop, quantile, runLoadChild, serveLoadChild } from './loadChild.ts';
import { insertSessionCookie, openScratchSqlite } from './scratchDb.ts';
import { profiled } from './profile.ts';
import { recordServerLatency } from './serverLatency.ts';
import { forEachChunk } from '../server/storage/chunked.ts';

/**
 * case-intake: durable case reports per second through the real HTTP path (POST /api/cases: session
 * cookie auth, zod validation, Idempotency-Key reservation and record, grid lookup, 属地 check, case +
 * first event + audit entry, duplicate search) on embedded SQLite (WAL, synchronous=FULL as configured),
 * into the demo Nanjing (its grids and grid workers). The load generator runs in a child process over
 * keep-alive connections (in-process load would share the server's event loop and skew latencies).
 * Baseline, same run, same database file: a plain single-row INSERT in its own transaction, one after
 * another — the raw durable commit rate of this disk. Every acknowledged (201) case is then checked in
 * the database with its audit entry and its completed idempotency record: `lost` must be 0.
 */
const CHILD_FLAG = 'WANGGE_CASE_INTAKE_LOAD_CHILD';
const CONNECTIONS = Number(process.env['CASE_INTAKE_CONNECTIONS'] ?? 12);
const REQUESTS = Number(process.env['CASE_INTAKE_REQUESTS'] ?? 5000);
const WARMUP = 300;
const BASELINE_INSERTS = 2000;
const WORKERS = 64;

interface Spot {
  cookie: string;
  lat: number;
  lng: number;
}
interface LoadJob {
  port: number;
  spots: Spot[];
  requests: number;
  connections: number;
  tag: string;
}
interface LoadResult {
  acknowledged: string[];
  failed: number;
  firstFailure: string | null;
  seconds: number;
  p50: number;
  p99: number;
}

const CATEGORIES = ['0101', '0102', '0501'];

/** The load generator (child process): N keep-alive connections, each sending one report at a time. */
async function runLoad(job: LoadJob): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const latencies: number[] = [];
  const acknowledged: string[] = [];
  let failed = 0;
  let firstFailure: string | null = null;
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const spot = job.spots[i % job.spots.length]!;
      // A few metres of jitter: reports cluster like real ones, so the duplicate search finds neighbours.
      const lat = spot.lat + ((i * 7919) % 100) * 1e-6;
      const lng = spot.lng + ((i * 104729) % 100) * 1e-6;
      const body = JSON.stringify({ categoryCode: CATEGORIES[i % CATEGORIES.length], description: `压测上报 ${job.tag} #${i}：路面破损`, location: { lat, lng } });
      const started = performance.now();
      const req = http.request(
        {
          host: '127.0.0.1',
          port: job.port,
          path: '/api/cases',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), cookie: spot.cookie, 'idempotency-key': randomUUID() },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            latencies.push(performance.now() - started);
            if (res.statusCode === 201) {
              acknowledged.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { case: { id: string } }).case.id);
            } else {
              failed += 1;
              firstFailure ??= `${res.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`;
            }
            resolve();
          });
        },
      );
      req.on('error', (err) => {
        failed += 1;
        firstFailure ??= String(err);
        resolve();
      });
      req.end(body);
    });
  const seconds = await closedLoop(job.connections, job.requests, one);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => quantile(latencies, p);
  return { acknowledged, failed, firstFailure, seconds, p50: q(0.5), p99: q(0.99) };
}

serveLoadChild(CHILD_FLAG, runLoad);

function loadInChild(job: LoadJob): Promise<LoadResult> {
  return runLoadChild(fileURLToPath(import.meta.url), CHILD_FLAG, job);
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export const caseIntake: Benchmark = {
  name: 'case-intake',
  async run(): Promise<BenchResult> {
    const { loadConfig } = await import('../server/config.ts');
    const { createApp } = await import('../server/app.ts');
    const { buildDemoCity } = await import('../server/demo/buildDemoCity.ts');
    const { generateDemoPassword } = await import('../server/demo/demoPassword.ts');
    const { buildPolygonIndex, locatePoint } = await import('../server/modules/territory/gridIndex.ts');
    const { gridRowsForIndex } = await import('../server/modules/territory/territory.repository.ts');
    const { bboxOf } = await import('../shared/territory/geo.ts');
    const { dataDir, storage, dispose } = await openScratchSqlite('wangge-bench-intake-');
    try {
      let t0 = performance.now();
      const demo = await storage.db.transaction().execute((trx) => buildDemoCity(trx, { password: generateDemoPassword() }));
      console.log(`demo city: ${demo.counts.grids} grids, ${demo.counts.users} people, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

      // WORKERS grid workers spread over the city, each with a live session (inserted directly: logging in
      // would only measure scrypt) and a point inside their own grid.
      const workers = await storage.db
        .selectFrom('role_assignments as a')
        .innerJoin('users as u', 'u.id', 'a.user_id')
        .select(['u.id', 'a.scope_code'])
        .where('a.role', '=', 'grid_worker')
        .orderBy('a.scope_code')
        .execute();
      const step = Math.max(1, Math.floor(workers.length / WORKERS));
      const picked = workers.filter((_, i) => i % step === 0).slice(0, WORKERS);
      const gridRows = await gridRowsForIndex(storage.db);
      const index = buildPolygonIndex(gridRows);
      const geometryOf = new Map(gridRows.map((r) => [r.code, r.geometry!]));
      const nowIso = new Date().toISOString();
      const spots: Spot[] = [];
      for (const w of picked) {
        const b = bboxOf(JSON.parse(geometryOf.get(w.scope_code)!));
        let spot: { lat: number; lng: number } | null = null;
        for (let k = 1; k < 400 && !spot; k++) {
          // Deterministic scan of the box (Halton-like), keeping a margin from the edges for the jitter.
          const lat = b.minLat + (b.maxLat - b.minLat) * ((k * 0.618034) % 1);
          const lng = b.minLng + (b.maxLng - b.minLng) * ((k * 0.754878) % 1);
          const d = 2e-4;
          if ([[0, 0], [d, d], [d, 0], [0, d]].every(([a, c]) => locatePoint(index, lat + a!, lng + c!) === w.scope_code)) spot = { lat, lng };
        }
        if (!spot) continue;
        spots.push({ cookie: await insertSessionCookie(storage.db, w.id, nowIso), ...spot });
      }
      console.log(`${spots.length} grid workers in ${new Set(picked.map((p) => p.scope_code)).size} grids report; ${CONNECTIONS} keep-alive connections; load generator in a child process`);

      const config = loadConfig({ WANGGE_DATA_DIR: dataDir, LOG_LEVEL: 'silent', WANGGE_DEMO: 'off' }, 'bench');
      const app = await createApp(config, { storage });
      const inServer = recordServerLatency(app);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const port = (app.server.address() as { port: number }).port;

      const warm = await loadInChild({ port, spots, requests: WARMUP, connections: CONNECTIONS, tag: 'warm' }); // JIT, caches
      if (warm.failed) throw new Error(`warm-up failed: ${warm.firstFailure}`);
      const commits0 = storage.commitStats?.() ?? { commits: 0, units: 0 };
      const cpu0 = process.cpuUsage();
      inServer.reset();
      const run = await profiled('case-intake', () => loadInChild({ port, spots, requests: REQUESTS, connections: CONNECTIONS, tag: 'run' }));
      const cpu = process.cpuUsage(cpu0);
      const server = inServer.percentiles();
      const commits1 = storage.commitStats?.() ?? { commits: 0, units: 0 };
      const unitsPerCommit = (commits1.units - commits0.units) / Math.max(1, commits1.commits - commits0.commits);
      // Server-process CPU per intake (HTTP, auth, validation, SQL, commit): robust to machine load.
      const cpuMsPerCase = (cpu.user + cpu.system) / 1000 / Math.max(1, run.acknowledged.length);
      const rate = run.acknowledged.length / run.seconds;
      console.log(
        `intake: ${run.acknowledged.length} cases in ${run.seconds.toFixed(2)} s = ${rate.toFixed(0)} cases/s, p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms, ${run.failed} failed${run.firstFailure ? ` (first: ${run.firstFailure})` : ''}, server CPU ${cpuMsPerCase.toFixed(3)} ms per case, ${unitsPerCommit.toFixed(1)} intakes per durable commit; inside the server p50 ${server.p50.toFixed(1)} ms, p99 ${server.p99.toFixed(1)} ms`,
      );
      await app.close();

      // Every acknowledged case is stored with its audit entry and a completed idempotency record.
      let stored = 0;
      let audited = 0;
      await forEachChunk(run.acknowledged, async (ids) => {
        stored += Number((await storage.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).where('id', 'in', ids).executeTakeFirstOrThrow()).n);
        audited += Number(
          (await storage.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'case.report').where('record_id', 'in', ids).executeTakeFirstOrThrow()).n,
        );
      });
      const idem = Number((await storage.db.selectFrom('idempotency_keys').select((eb) => eb.fn.countAll().as('n')).where('state', '=', 'done').executeTakeFirstOrThrow()).n);
      const lost = run.acknowledged.length - Math.min(stored, audited);
      console.log(`acknowledged ${run.acknowledged.length}, stored ${stored}, audited ${audited}, completed idempotency records ${idem} (incl. warm-up ${warm.acknowledged.length}), lost ${lost}`);

      // Baseline: the raw durable single-row insert rate of the same database file, same connection settings.
      await sql`CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)`.execute(storage.db);
      const payload = 'x'.repeat(300);
      t0 = performance.now();
      for (let i = 0; i < BASELINE_INSERTS; i++) {
        await storage.db.transaction().execute((trx) => sql`INSERT INTO bench_raw (payload) VALUES (${payload})`.execute(trx));
      }
      const baseRate = BASELINE_INSERTS / ((performance.now() - t0) / 1000);
      const sync = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(storage.db);
      console.log(`baseline: ${BASELINE_INSERTS} single-row INSERTs, one transaction each (synchronous=${sync.rows[0]?.synchronous === 2 ? 'FULL' : sync.rows[0]?.synchronous}): ${baseRate.toFixed(0)}/s`);
      return {
        value: Math.round(rate),
        unit: 'cases/s',
        baseline: 'plain single-row INSERT in its own transaction, same SQLite file (WAL, synchronous=FULL), same run',
        baseline_value: Math.round(baseRate),
        ratio: Math.round((rate / baseRate) * 1000) / 1000,
        extra: {
          p50_ms: round1(run.p50),
          p99_ms: round1(run.p99),
          cpu_ms_per_case: Math.round(cpuMsPerCase * 1000) / 1000,
          units_per_commit: round1(unitsPerCommit),
          server_p50_ms: round1(server.p50),
          server_p99_ms: round1(server.p99),
          cases: run.acknowledged.length,
          failed: run.failed,
          lost,
          connections: CONNECTIONS,
          grids: demo.counts.grids,
          reporters: spots.length,
          target_met: rate >= 500 && run.p99 <= 50,
        },
      };
    } finally {
      await dispose();
    }
  },
};
