import type { VisitSlot } from '../../../shared/patrols/dosage.ts';
import type { LatLng, TravelTimeModel } from './travel.ts';
import { seededRandom } from '../../../shared/random.ts';

/**
 * Patrol planning as a vehicle-routing problem with time windows (VRPTW), see docs/patrols.md.
 *
 * Each required visit slot of a site is a job with a start window [slot start, slot end − ε] and a
 * service time (the minimum dwell). Each worker is a vehicle starting at their post at shift start,
 * with the shift end and a workload cap (travel + dwell minutes). Objective, lexicographic: serve as
 * many jobs as possible, then travel as little as possible.
 *
 *  1. construction: cheapest insertion — jobs in order of their deadline (with seeded noise) are
 *     inserted where they add the least travel, over the K workers posted nearest to the site;
 *  2. improvement: large-neighbourhood search (Shaw 1998; Ropke & Pisinger 2006) — each iteration
 *     removes a few related or random jobs and reinserts them (plus any unserved) by cheapest
 *     insertion with noise; a simulated-annealing test accepts worse solutions early on;
 *  3. unpredictability: visit order comes from the seeded search; a last pass moves each visit's
 *     start later by a seeded random share of its slack and lengthens dwell towards the maximum where
 *     the schedule allows, so the pattern is not readable by an observer but every constraint holds.
 *
 * Greedy baseline (`planGreedy`): nearest-next in time — each worker, when free, takes the unserved
 * job it can start soonest (travel + wait), the classic Solomon-style nearest-neighbour heuristic.
 */

export interface PlanSite extends LatLng {
  id: string;
  slots: VisitSlot[];
}

export interface PlanWorker extends LatLng {
  id: string;
}

export interface PlanInput {
  sites: PlanSite[];
  workers: PlanWorker[];
  shiftStart: number; // epoch ms
  shiftEnd: number; // epoch ms
  /** Cap on travel + dwell minutes per worker within the shift. */
  maxWorkMinutes: number;
  travel: TravelTimeModel;
  seed: number;
  /** LNS iterations (deterministic for a seed). */
  iterations?: number;
  /** Candidate workers per job (nearest posts). */
  candidateWorkers?: number;
}

export interface PlannedVisit {
  workerId: string;
  siteId: string;
  slot: VisitSlot;
  plannedStart: number; // epoch ms
  plannedEnd: number; // epoch ms
  travelMinutesBefore: number;
  travelMetersBefore: number;
}

export interface SiteReport {
  siteId: string;
  required: number;
  planned: number;
}

export interface WorkerReport {
  workerId: string;
  visits: number;
  travelMinutes: number;
  travelMeters: number;
  dwellMinutes: number;
  idleMinutes: number;
}

export interface PlanResult {
  method: 'lns' | 'greedy';
  visits: PlannedVisit[];
  required: number;
  planned: number;
  /** planned ÷ required (1 when nothing is required). */
  coverage: number;
  totalTravelMinutes: number;
  sites: SiteReport[];
  workers: WorkerReport[];
  solveMillis: number;
}

interface Job {
  site: number;
  slot: VisitSlot;
  earliest: number; // minutes from shift start
  latest: number;
  dwell: number;
}

/** Shared pre-processing: jobs in minutes from shift start, travel matrices. */
class Instance {
  jobs: Job[] = [];
  siteTravel: Float32Array;
  siteMeters: Float32Array;
  depotTravel: Float32Array; // worker × site
  depotMeters: Float32Array;
  nearWorkers: Int32Array[]; // per site
  horizon: number;
  constructor(readonly input: PlanInput) {
    const { sites, workers, shiftStart, shiftEnd, travel } = input;
    this.horizon = (shiftEnd - shiftStart) / 60_000;
    sites.forEach((s, si) => {
      for (const slot of s.slots) {
        const earliest = Math.max(0, (slot.start - shiftStart) / 60_000);
        // Start strictly inside the slot and finish the minimum dwell within the shift.
        const latest = Math.min((slot.end - shiftStart) / 60_000 - 1e-6, this.horizon - slot.dwellMinMinutes);
        if (latest < earliest) continue;
        this.jobs.push({ site: si, slot, earliest, latest, dwell: slot.dwellMinMinutes });
      }
    });
    const n = sites.length;
    this.siteTravel = new Float32Array(n * n);
    this.siteMeters = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const m = travel.meters(sites[i]!, sites[j]!);
        const t = travel.minutes(sites[i]!, sites[j]!);
        this.siteMeters[i * n + j] = this.siteMeters[j * n + i] = m;
        this.siteTravel[i * n + j] = this.siteTravel[j * n + i] = t;
      }
    }
    this.depotTravel = new Float32Array(workers.length * n);
    this.depotMeters = new Float32Array(workers.length * n);
    workers.forEach((w, wi) => {
      for (let j = 0; j < n; j++) {
        this.depotTravel[wi * n + j] = travel.minutes(w, sites[j]!);
        this.depotMeters[wi * n + j] = travel.meters(w, sites[j]!);
      }
    });
    const k = Math.min(workers.length, input.candidateWorkers ?? 12);
    this.nearWorkers = sites.map((_, j) => {
      const order = workers.map((_, wi) => wi).sort((a, b) => this.depotTravel[a * n + j]! - this.depotTravel[b * n + j]!);
      return Int32Array.from(order.slice(0, k));
    });
  }
  /** Travel minutes from the previous stop (job index or -1 = the worker's post) to a job's site. */
  leg(worker: number, from: number, to: number): number {
    const n = this.input.sites.length;
    const sj = this.jobs[to]!.site;
    if (from < 0) return this.depotTravel[worker * n + sj]!;
    return this.siteTravel[this.jobs[from]!.site * n + sj]!;
  }
  legMeters(worker: number, from: number, to: number): number {
    const n = this.input.sites.length;
    const sj = this.jobs[to]!.site;
    if (from < 0) return this.depotMeters[worker * n + sj]!;
    return this.siteMeters[this.jobs[from]!.site * n + sj]!;
  }
  /** Schedule check of a route; returns travel minutes or -1 when infeasible. */
  evaluate(worker: number, route: readonly number[]): number {
    let t = 0;
    let travel = 0;
    let work = 0;
    let prev = -1;
    for (const j of route) {
      const job = this.jobs[j]!;
      const leg = this.leg(worker, prev, j);
      const start = Math.max(t + leg, job.earliest);
      if (start > job.latest) return -1;
      t = start + job.dwell;
      travel += leg;
      work += leg + job.dwell;
      prev = j;
    }
    if (t > this.horizon + 1e-9 || work > this.input.maxWorkMinutes + 1e-9) return -1;
    return travel;
  }
}

interface Solution {
  routes: number[][];
  travel: number[];
  unserved: Set<number>;
}

function totalTravel(s: Solution): number {
  let t = 0;
  for (const v of s.travel) t += v;
  return t;
}

/** Cheapest feasible insertion of each job (in the given order) over its candidate workers. */
function insertAll(inst: Instance, sol: Solution, order: number[], rand: () => number, noise: number): void {
  for (const j of order) {
    const site = inst.jobs[j]!.site;
    let best = Infinity;
    let bestW = -1;
    let bestPos = -1;
    let bestTravel = 0;
    for (const w of inst.nearWorkers[site]!) {
      const route = sol.routes[w]!;
      const base = sol.travel[w]!;
      // Only positions whose neighbours' windows can bracket the job's window are worth trying.
      for (let p = 0; p <= route.length; p++) {
        if (p > 0 && inst.jobs[route[p - 1]!]!.earliest > inst.jobs[j]!.latest) break;
        if (p < route.length && inst.jobs[route[p]!]!.latest < inst.jobs[j]!.earliest) continue;
        route.splice(p, 0, j);
        const t = inst.evaluate(w, route);
        route.splice(p, 1);
        if (t < 0) continue;
        const cost = (t - base) * (1 + noise * (rand() - 0.5));
        if (cost < best) {
          best = cost;
          bestW = w;
          bestPos = p;
          bestTravel = t;
        }
      }
    }
    if (bestW >= 0) {
      sol.routes[bestW]!.splice(bestPos, 0, j);
      sol.travel[bestW] = bestTravel;
      sol.unserved.delete(j);
    } else sol.unserved.add(j);
  }
}

function byDeadline(inst: Instance, jobs: Iterable<number>, rand: () => number, jitter: number): number[] {
  return [...jobs]
    .map((j) => ({ j, key: inst.jobs[j]!.latest + jitter * rand() }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.j);
}

/** The VRPTW planner: cheapest insertion, then LNS with simulated-annealing acceptance. */
export function planPatrols(input: PlanInput): PlanResult {
  const started = performance.now();
  const inst = new Instance(input);
  const rand = seededRandom(input.seed);
  const W = input.workers.length;
  const sol: Solution = { routes: Array.from({ length: W }, () => []), travel: new Array(W).fill(0), unserved: new Set() };
  insertAll(inst, sol, byDeadline(inst, inst.jobs.keys(), rand, 15), rand, 0.1);

  const BIG = 1000;
  const score = (s: Solution) => s.unserved.size * BIG + totalTravel(s);
  let current = score(sol);
  let best = current;
  let bestRoutes = sol.routes.map((r) => [...r]);
  const iterations = W === 0 ? 0 : (input.iterations ?? 3000);
  let temperature = 20;
  const cooling = Math.pow(0.01, 1 / Math.max(1, iterations));
  const assignedWorker = () => {
    const where = new Int32Array(inst.jobs.length).fill(-1);
    sol.routes.forEach((r, w) => r.forEach((j) => (where[j] = w)));
    return where;
  };
  for (let it = 0; it < iterations; it++) {
    // Destroy: related removal (jobs near a random served job in space and time) or random removal.
    const where = assignedWorker();
    const served: number[] = [];
    for (let j = 0; j < where.length; j++) if (where[j]! >= 0) served.push(j);
    if (served.length === 0 && sol.unserved.size === 0) break;
    const q = 4 + Math.floor(rand() * 12);
    const removed = new Set<number>();
    if (served.length > 0) {
      const seedJob = served[Math.floor(rand() * served.length)]!;
      if (rand() < 0.7) {
        // Jobs served by the seed's neighbouring workers, nearest (space + time) first.
        const n = input.sites.length;
        const sj = inst.jobs[seedJob]!;
        const pool: { j: number; d: number }[] = [];
        for (const w of inst.nearWorkers[sj.site]!) {
          for (const j of sol.routes[w]!) {
            const job = inst.jobs[j]!;
            pool.push({ j, d: inst.siteTravel[sj.site * n + job.site]! + Math.abs(job.earliest - sj.earliest) * 0.2 + rand() * 5 });
          }
        }
        pool.sort((a, b) => a.d - b.d);
        for (const p of pool.slice(0, q)) removed.add(p.j);
      } else {
        for (let k = 0; k < q; k++) removed.add(served[Math.floor(rand() * served.length)]!);
      }
    }
    const backupUnserved = new Set(sol.unserved);
    // Every route may change during repair: remember all touched lazily by copying routes before insert.
    const snapshot = sol.routes.map((r) => r);
    const snapTravel = [...sol.travel];
    sol.routes = sol.routes.map((r) => r.slice());
    for (const j of removed) {
      const w = where[j]!;
      const r = sol.routes[w]!;
      r.splice(r.indexOf(j), 1);
      sol.travel[w] = inst.evaluate(w, r);
      sol.unserved.add(j);
    }
    // Reinsert the removed jobs and a sample of the unserved ones (all of them would cost too much per iteration).
    const retry = [...removed];
    for (const j of backupUnserved) if (rand() < 24 / Math.max(24, backupUnserved.size)) retry.push(j);
    insertAll(inst, sol, byDeadline(inst, retry, rand, 30), rand, 0.3);
    const candidate = score(sol);
    const accept = candidate <= current || rand() < Math.exp((current - candidate) / temperature);
    if (accept) {
      current = candidate;
      if (candidate < best) {
        best = candidate;
        bestRoutes = sol.routes.map((r) => [...r]);
      }
    } else {
      sol.routes = snapshot;
      sol.travel = snapTravel;
      sol.unserved = backupUnserved;
    }
    temperature *= cooling;
  }
  return present(inst, bestRoutes, 'lns', rand, started);
}

/** Nearest-next (in time) greedy baseline, for comparison in the benchmark and the plan report. */
export function planGreedy(input: PlanInput): PlanResult {
  const started = performance.now();
  const inst = new Instance(input);
  const W = input.workers.length;
  const routes: number[][] = Array.from({ length: W }, () => []);
  const served = new Uint8Array(inst.jobs.length);
  const time = new Float64Array(W);
  const work = new Float64Array(W);
  const last = new Int32Array(W).fill(-1);
  const active = new Set<number>(routes.keys());
  while (active.size > 0) {
    // The worker who is free earliest decides next.
    let w = -1;
    for (const a of active) if (w < 0 || time[a]! < time[w]!) w = a;
    let bestJob = -1;
    let bestStart = Infinity;
    let bestLeg = 0;
    for (let j = 0; j < inst.jobs.length; j++) {
      if (served[j]) continue;
      const job = inst.jobs[j]!;
      const leg = inst.leg(w, last[w]!, j);
      const start = Math.max(time[w]! + leg, job.earliest);
      if (start > job.latest || start + job.dwell > inst.horizon || work[w]! + leg + job.dwell > input.maxWorkMinutes) continue;
      if (start < bestStart || (start === bestStart && leg < bestLeg)) {
        bestStart = start;
        bestJob = j;
        bestLeg = leg;
      }
    }
    if (bestJob < 0) {
      active.delete(w);
      continue;
    }
    served[bestJob] = 1;
    routes[w]!.push(bestJob);
    time[w] = bestStart + inst.jobs[bestJob]!.dwell;
    work[w] = work[w]! + bestLeg + inst.jobs[bestJob]!.dwell;
    last[w] = bestJob;
  }
  return present(inst, routes, 'greedy', null, started);
}

/**
 * Turn routes into timed visits and the quality report. With a PRNG, starts are pushed later by a
 * random share of each visit's slack and dwell is lengthened towards its maximum where it fits.
 */
function present(inst: Instance, routes: number[][], method: PlanResult['method'], rand: (() => number) | null, started: number): PlanResult {
  const { input } = inst;
  const visits: PlannedVisit[] = [];
  const workers: WorkerReport[] = [];
  const perSite = new Map<number, number>();
  let totalTravelMinutes = 0;
  routes.forEach((route, w) => {
    // Latest start of each visit such that every later visit stays feasible (backward pass).
    const latest = new Array<number>(route.length);
    for (let i = route.length - 1; i >= 0; i--) {
      const job = inst.jobs[route[i]!]!;
      let l = job.latest;
      if (i + 1 < route.length) l = Math.min(l, latest[i + 1]! - inst.leg(w, route[i]!, route[i + 1]!) - job.dwell);
      latest[i] = l;
    }
    let t = 0;
    let work = 0;
    let travel = 0;
    let meters = 0;
    let dwellTotal = 0;
    let prev = -1;
    route.forEach((j, i) => {
      const job = inst.jobs[j]!;
      const leg = inst.leg(w, prev, j);
      let start = Math.max(t + leg, job.earliest);
      let dwell = job.dwell;
      if (rand) {
        start += rand() * Math.max(0, latest[i]! - start) * 0.6;
        const nextLatest = i + 1 < route.length ? latest[i + 1]! - inst.leg(w, j, route[i + 1]!) : inst.horizon;
        const room = Math.min(job.slot.dwellMaxMinutes - dwell, nextLatest - (start + dwell), input.maxWorkMinutes - (work + leg + dwell) - remainingWork(inst, w, route, i));
        if (room > 0) dwell += Math.floor(rand() * room);
      }
      const meterLeg = inst.legMeters(w, prev, j);
      visits.push({
        workerId: input.workers[w]!.id,
        siteId: input.sites[job.site]!.id,
        slot: job.slot,
        plannedStart: Math.round(input.shiftStart + start * 60_000),
        plannedEnd: Math.round(input.shiftStart + (start + dwell) * 60_000),
        travelMinutesBefore: Math.round(leg * 10) / 10,
        travelMetersBefore: Math.round(meterLeg),
      });
      perSite.set(job.site, (perSite.get(job.site) ?? 0) + 1);
      t = start + dwell;
      work += leg + dwell;
      travel += leg;
      meters += meterLeg;
      dwellTotal += dwell;
      prev = j;
    });
    totalTravelMinutes += travel;
    const span = route.length ? t : 0;
    workers.push({
      workerId: input.workers[w]!.id,
      visits: route.length,
      travelMinutes: Math.round(travel * 10) / 10,
      travelMeters: Math.round(meters),
      dwellMinutes: Math.round(dwellTotal * 10) / 10,
      idleMinutes: Math.round((inst.horizon - travel - dwellTotal) * 10) / 10,
    });
    void span;
  });
  const requiredPerSite = new Map<number, number>();
  for (const job of inst.jobs) requiredPerSite.set(job.site, (requiredPerSite.get(job.site) ?? 0) + 1);
  const sites: SiteReport[] = input.sites.map((s, i) => ({ siteId: s.id, required: requiredPerSite.get(i) ?? 0, planned: perSite.get(i) ?? 0 }));
  const required = inst.jobs.length;
  const planned = visits.length;
  visits.sort((a, b) => a.plannedStart - b.plannedStart);
  return {
    method,
    visits,
    required,
    planned,
    coverage: required === 0 ? 1 : planned / required,
    totalTravelMinutes: Math.round(totalTravelMinutes * 10) / 10,
    sites,
    workers,
    solveMillis: Math.round(performance.now() - started),
  };
}

/** Travel + minimum dwell of the visits after position i (what the workload cap must still allow). */
function remainingWork(inst: Instance, w: number, route: readonly number[], i: number): number {
  let total = 0;
  for (let k = i + 1; k < route.length; k++) total += inst.leg(w, route[k - 1]!, route[k]!) + inst.jobs[route[k]!]!.dwell;
  return total;
}

/** Re-check a plan against every constraint; returns problems (empty = valid). Used by tests and the benchmark. */
export function validatePlan(input: PlanInput, result: PlanResult): string[] {
  const problems: string[] = [];
  const byWorker = new Map<string, PlannedVisit[]>();
  for (const v of result.visits) byWorker.set(v.workerId, [...(byWorker.get(v.workerId) ?? []), v]);
  const siteById = new Map(input.sites.map((s) => [s.id, s]));
  const seenSlot = new Set<string>();
  for (const w of input.workers) {
    const vs = (byWorker.get(w.id) ?? []).sort((a, b) => a.plannedStart - b.plannedStart);
    let pos: LatLng = w;
    let t = input.shiftStart;
    let work = 0;
    for (const v of vs) {
      const site = siteById.get(v.siteId)!;
      const leg = input.travel.minutes(pos, site);
      if (v.plannedStart + 1000 < t + leg * 60_000) problems.push(`${w.id}: cannot reach ${v.siteId} by ${new Date(v.plannedStart).toISOString()}`);
      if (v.plannedStart < v.slot.start || v.plannedStart >= v.slot.end) problems.push(`${w.id}: visit to ${v.siteId} starts outside its slot`);
      const dwell = (v.plannedEnd - v.plannedStart) / 60_000;
      if (dwell + 1e-6 < v.slot.dwellMinMinutes || dwell > v.slot.dwellMaxMinutes + 1e-6) problems.push(`${w.id}: dwell ${dwell} at ${v.siteId} outside ${v.slot.dwellMinMinutes}–${v.slot.dwellMaxMinutes}`);
      const key = `${v.siteId}|${v.slot.start}|${v.slot.windowIndex}`;
      if (seenSlot.has(key)) problems.push(`slot ${key} planned twice`);
      seenSlot.add(key);
      work += leg + dwell;
      t = v.plannedEnd;
      pos = site;
    }
    if (t > input.shiftEnd + 1000) problems.push(`${w.id}: ends after the shift`);
    if (work > input.maxWorkMinutes + 0.01) problems.push(`${w.id}: workload ${work.toFixed(1)} > cap ${input.maxWorkMinutes}`);
  }
  return problems;
}
