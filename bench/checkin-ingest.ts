import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Benchmark, BenchResult } from './types.ts';
import { closedLoop, quantile, runLoadChild, serveLoadChild } from './loadChild.ts';
import { insertSessionCookie, openScratchSqlite } from './scratchDb.ts';
import { profiled } from './profile.ts';
import { recordServerLatency } from './serverLatency.ts';
import { forEachChunk } from '../server/storage/chunked.ts';

/**
 * checkin-ingest: durable check-ins per second on embedded SQLite (WAL, synchronous=FULL) through the
 * real HTTP path — session cookie auth, zod validation, geofence check, group-commit batcher — driven
 * by a load generator in a child process over keep-alive connections. Baseline, same run, same
 * server: the batcher set to one transaction per check-in. Every acknowledged (201) check-in is then
 * counted in the database: `lost` must be 0.
 */
const CHILD_FLAG = 'WANGGE_CHECKIN_LOAD_CHILD';
const CONNECTIONS = 256;
// A realistic burst: 10,000 check-ins from 256 phones at once (a shift change syncing offline queues).
const GROUP_REQUESTS = Number(process.env.WANGGE_BENCH_CHECKINS ?? 10_000);
const BASELINE_REQUESTS = Number(process.env.WANGGE_BENCH_BASELINE_CHECKINS ?? 600);

interface LoadJob {
  port: number;
  cookies: string[];
  sites: { id: string; lat: number; lng: number }[];
  requests: number;
  connections: number;
  at: string;
}
interface LoadResult {
  acknowledged: string[];
  failed: number;
  seconds: number;
  p50: number;
  p99: number;
}

/** The load generator (child process): N keep-alive connections, each sending one check-in at a time. */
async function runLoad(job: LoadJob): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const latencies: number[] = [];
  const acknowledged: string[] = [];
  let failed = 0;
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const site = job.sites[i % job.sites.length]!;
      const nonce = randomUUID();
      const body = JSON.stringify({ siteId: site.id, kind: i % 2 ? 'depart' : 'arrive', at: job.at, clientNonce: nonce, location: { lat: site.lat, lng: site.lng, accuracyMeters: 8 } });
      const started = performance.now();
      const req = http.request(
        { host: '127.0.0.1', port: job.port, path: '/api/patrols/checkin', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), cookie: job.cookies[i % job.cookies.length]! } },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - started);
            if (res.statusCode === 201) acknowledged.push(nonce);
            else failed += 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        failed += 1;
        resolve();
      });
      req.end(body);
    });
  const seconds = await closedLoop(job.connections, job.requests, one);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => quantile(latencies, p);
  return { acknowledged, failed, seconds, p50: q(0.5), p99: q(0.99) };
}

serveLoadChild(CHILD_FLAG, runLoad);

function loadInChild(job: LoadJob): Promise<LoadResult> {
  return runLoadChild(fileURLToPath(import.meta.url), CHILD_FLAG, job);
}

export const checkinIngest: Benchmark = {
  name: 'checkin-ingest',
  async run(): Promise<BenchResult> {
    const { loadConfig } = await import('../server/config.ts');
    const { createApp } = await import('../server/app.ts');
    const { seedSmallCity, insertUser } = await import('../test/factories.ts');
    const { dataDir, storage, dispose } = await openScratchSqlite('wangge-bench-checkin-');
    try {
      const city = await seedSmallCity(storage.db);
      const now = new Date();
      const nowIso = now.toISOString();
      // 100 workers with live sessions (inserted directly: logging in 100 times would only measure scrypt).
      const cookies: string[] = [];
      for (let i = 0; i < 100; i++) {
        const u = await insertUser(storage.db, { username: `bench${i}`, role: 'grid_worker', scope: city.gridA1 });
        cookies.push(await insertSessionCookie(storage.db, u.id, nowIso));
      }
      const node = await storage.db.selectFrom('territory_nodes').select('path').where('code', '=', city.gridA1).executeTakeFirstOrThrow();
      const sites = Array.from({ length: 200 }, (_, i) => ({ id: uuidv7(), lat: 32.056 + (i % 20) * 0.0004, lng: 118.766 + Math.floor(i / 20) * 0.0008 }));
      await storage.db.insertInto('patrol_sites').values(sites.map((s, i) => ({
        id: s.id, name: `部位${i}`, category: 'crowded_place', risk_level: 3, lat: s.lat, lng: s.lng,
        geofence_json: JSON.stringify({ type: 'circle', lat: s.lat, lng: s.lng, radiusMeters: 50 }),
        dosage_json: JSON.stringify([{ start: '00:00', end: '24:00', everyMinutes: 120, dwellMinMinutes: 10, dwellMaxMinutes: 16 }]),
        grid_code: city.gridA1, territory_path: node.path, active: 1, created_by: null, created_at: nowIso, updated_at: nowIso,
      }))).execute();
      const config = loadConfig({ WANGGE_DATA_DIR: dataDir, LOG_LEVEL: 'silent', WANGGE_DEMO: 'off' }, 'bench');
      const app = await createApp(config, { storage });
      const inServer = recordServerLatency(app);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const port = (app.server.address() as { port: number }).port;
      const batcher = (app as unknown as { patrolCheckinBatcher: { configure(o: { maxBatch?: number; maxDelayMs?: number }): void; stats: { batches: number; items: number; largestBatch: number } } }).patrolCheckinBatcher;
      const job = { port, cookies, sites, connections: CONNECTIONS, at: nowIso };

      await loadInChild({ ...job, requests: 500 }); // warm-up (JIT, caches)
      batcher.configure({ maxBatch: 1, maxDelayMs: 0 });
      const base = await loadInChild({ ...job, requests: BASELINE_REQUESTS });
      const baseRate = base.acknowledged.length / base.seconds;
      console.log(`baseline (one transaction per check-in): ${baseRate.toFixed(0)}/s, p50 ${base.p50.toFixed(1)} ms, p99 ${base.p99.toFixed(1)} ms`);
      batcher.configure({ maxBatch: 400, maxDelayMs: 4 });
      const before = { ...batcher.stats };
      const cpu0 = process.cpuUsage();
      inServer.reset();
      const group = await profiled('checkin-ingest', () => loadInChild({ ...job, requests: GROUP_REQUESTS }));
      const cpu = process.cpuUsage(cpu0);
      const server = inServer.percentiles();
      // Server-process CPU per check-in (HTTP, auth, validation, SQL, commit): robust to machine load.
      const cpuMsPerCheckin = (cpu.user + cpu.system) / 1000 / Math.max(1, group.acknowledged.length);
      const rate = group.acknowledged.length / group.seconds;
      const batches = batcher.stats.batches - before.batches;
      console.log(`group commit: ${rate.toFixed(0)}/s, p50 ${group.p50.toFixed(1)} ms, p99 ${group.p99.toFixed(1)} ms, ${batches} transactions (mean ${(group.acknowledged.length / Math.max(1, batches)).toFixed(1)} per commit), ${group.failed} failed, server CPU ${cpuMsPerCheckin.toFixed(3)} ms per check-in; inside the server p50 ${server.p50.toFixed(1)} ms, p99 ${server.p99.toFixed(1)} ms`);
      await app.close();
      // Every acknowledged check-in must be in the database.
      let stored = 0;
      const acked = [...base.acknowledged, ...group.acknowledged];
      await forEachChunk(acked, async (chunk) => {
        const r = await storage.db.selectFrom('patrol_checkins').select((eb) => eb.fn.countAll().as('n')).where('client_nonce', 'in', chunk).executeTakeFirstOrThrow();
        stored += Number(r.n);
      });
      const lost = acked.length - stored;
      console.log(`acknowledged ${acked.length}, stored ${stored}, lost ${lost}`);
      return {
        value: Math.round(rate),
        unit: 'durable check-ins/s',
        baseline: 'one transaction per check-in, same HTTP path and run',
        baseline_value: Math.round(baseRate),
        ratio: Math.round((rate / baseRate) * 100) / 100,
        extra: { p50_ms: Math.round(group.p50 * 10) / 10, p99_ms: Math.round(group.p99 * 10) / 10, baseline_p99_ms: Math.round(base.p99 * 10) / 10, server_p50_ms: Math.round(server.p50 * 10) / 10, server_p99_ms: Math.round(server.p99 * 10) / 10, mean_batch: Math.round((group.acknowledged.length / Math.max(1, batches)) * 10) / 10, cpu_ms_per_checkin: Math.round(cpuMsPerCheckin * 1000) / 1000, checkins: GROUP_REQUESTS, failed: group.failed + base.failed, lost, connections: CONNECTIONS },
      };
    } finally {
      await dispose();
    }
  },
};
