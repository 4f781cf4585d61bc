import { AppError } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import { allocateProportional, cochranSampleSize, sampleWithoutReplacement } from './sampling.ts';
import { seededRandom } from '../../../shared/random.ts';
import { findClosedCases, findInspectors } from './spotchecks.repository.ts';

/** Stratum (分层) levels: street (街道, 9-digit prefix of the grid code) or district/county (区县, 6 digits). */
export const STRATUM_LEVELS = { street: 9, county: 6 } as const;
export type StratumLevel = keyof typeof STRATUM_LEVELS;

export interface DrawSpotCheckOptions {
  seed: number;
  period: { from: string; to: string };
  /** Territory node sampled ('' path = everything). */
  scopeCode: string;
  scopePath: string;
  confidence: number;
  margin: number;
  stratumLevel: StratumLevel;
}

/** Validate the sampling parameters; errors name the field. */
export function checkSamplingParameters(o: { seed: number; confidence: number; margin: number }): void {
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) {
    throw new AppError('VALIDATION_FAILED', 'seed: 须为 0–4294967295 的整数 / must be an integer from 0 to 4294967295', 'seed');
  }
  if (!(o.confidence >= 0.5 && o.confidence <= 0.999)) {
    throw new AppError('VALIDATION_FAILED', 'confidence: 置信水平须在 0.5–0.999 之间 / must be between 0.5 and 0.999', 'confidence');
  }
  if (!(o.margin >= 0.005 && o.margin <= 0.5)) {
    throw new AppError('VALIDATION_FAILED', 'margin: 允许误差须在 0.005–0.5 之间 / must be between 0.005 and 0.5', 'margin');
  }
}

/**
 * Draw a reproducible stratified random sample of closed cases (随机抽查): strata in code order, cases
 * in id order within each, one mulberry32 stream from `seed` — the same seed over the same closed cases
 * gives the same sample. Each sampled case gets an inspector (督查员) none of whose scopes lies inside
 * the inspected unit (stratum) — preferably one whose scopes do not cover the case at all, else an
 * upper-level one; the least-loaded eligible inspector, ties by id.
 * Reads only: createSpotCheck records the draw.
 */
export async function drawSpotCheckSample(db: Executor, o: DrawSpotCheckOptions) {
  checkSamplingParameters(o);
  const cases = await findClosedCases(db, { prefix: o.scopePath, from: o.period.from, to: o.period.to });
  const prefixLength = STRATUM_LEVELS[o.stratumLevel];
  const byStratum = new Map<string, typeof cases>();
  for (const c of cases) {
    const key = c.grid_code.slice(0, prefixLength);
    const list = byStratum.get(key) ?? [];
    list.push(c);
    byStratum.set(key, list);
  }
  const keys = [...byStratum.keys()].sort();
  const size = cochranSampleSize(cases.length, o.confidence, o.margin);
  const allocation = allocateProportional(size.n, keys.map((k) => ({ key: k, size: byStratum.get(k)!.length })));
  const random = seededRandom(o.seed);
  const names = new Map(
    keys.length
      ? (await db.selectFrom('territory_nodes').select(['code', 'name_zh', 'path']).where('code', 'in', keys).execute()).map((r) => [r.code, r])
      : [],
  );

  const inspectors = await findInspectors(db);
  const load = new Map(inspectors.map((i) => [i.id, 0]));
  const items: {
    caseId: string; caseNo: string; stratum: string; gridCode: string; territoryPath: string;
    departmentId: string | null; handlerId: string | null; closedAt: string; inspectorId: string | null; inspectorName: string | null;
  }[] = [];
  for (const key of keys) {
    const stratumPath = names.get(key)?.path ?? `${key}/`;
    const chosen = sampleWithoutReplacement(byStratum.get(key)!, allocation.get(key) ?? 0, random);
    for (const c of chosen) {
      // Never from the inspected grid or unit: no scope inside the stratum. Independent inspectors (no
      // scope covering the case at all) come first; an upper-level inspector (市级/区级督查, whose scope
      // covers the stratum from above) is the fallback — otherwise a city whose inspectors all sit at the
      // city level (the demo) could never assign anyone.
      const notFromUnit = inspectors.filter((i) => !i.scopePaths.some((p) => p.startsWith(stratumPath)));
      const independent = notFromUnit.filter((i) => !i.scopePaths.some((p) => c.territory_path.startsWith(p)));
      const eligible = independent.length ? independent : notFromUnit;
      eligible.sort((a, b) => load.get(a.id)! - load.get(b.id)! || (a.id < b.id ? -1 : 1));
      const inspector = eligible[0] ?? null;
      if (inspector) load.set(inspector.id, load.get(inspector.id)! + 1);
      items.push({
        caseId: c.id,
        caseNo: c.case_no,
        stratum: key,
        gridCode: c.grid_code,
        territoryPath: c.territory_path,
        departmentId: c.department_id,
        handlerId: c.handler_id,
        closedAt: new Date(c.closed_at!).toISOString(),
        inspectorId: inspector?.id ?? null,
        inspectorName: inspector?.name ?? null,
      });
    }
  }
  return {
    seed: o.seed,
    period: o.period,
    scopeCode: o.scopeCode,
    stratumLevel: o.stratumLevel,
    confidence: o.confidence,
    margin: o.margin,
    z: Math.round(size.z * 10_000) / 10_000,
    n0: Math.round(size.n0 * 100) / 100,
    population: cases.length,
    sampleSize: size.n,
    drawn: items.length,
    unassigned: items.filter((i) => i.inspectorId === null).length,
    strata: keys.map((k) => ({ stratum: k, name: names.get(k)?.name_zh ?? k, population: byStratum.get(k)!.length, sample: allocation.get(k) ?? 0 })),
    items,
  };
}

export type SpotCheckDraw = Awaited<ReturnType<typeof drawSpotCheckSample>>;
