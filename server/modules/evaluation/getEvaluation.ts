import type { TraceRecord } from '../../../shared/evaluation/wire.ts';
import { scrubPersonalData } from '../../../shared/privacy/scrub.ts';
import type { Executor } from '../../storage/db.ts';
import { inChunks } from '../../storage/chunked.ts';
import type { CaseListScope } from '../cases/caseAccess.ts';
import { casesBehindMetric, countKpis, rate, type KpiCounts, type KpiQuery } from '../analytics/kpis.ts';
import { COMPONENTS, gradeOf, loadWeights, type ComponentKey } from './components.ts';
import { CODE_LENGTH, dailyReportRates, dailyReportRecords, directiveRecords, directiveSignRates, patrolComplianceRates, patrolRecords, spotCheckPassRates, spotCheckRecords, type EvaluationLevel, type RatioMap, type SourceQuery, type SourceRecord } from './sources.ts';

export interface EvaluationOptions {
  scope: CaseListScope;
  /** Territory path the caller narrowed to ('' = all of their scope). */
  prefix: string;
  period: { from: string; to: string };
  now: Date;
  level: EvaluationLevel;
}

/** Source paths: the caller's scopes narrowed to the prefix. */
export function narrowedPaths(scope: CaseListScope, prefix: string): string[] {
  if (!prefix) return scope.paths;
  return scope.paths.some((p) => prefix.startsWith(p)) ? [prefix] : scope.paths.filter((p) => p.startsWith(prefix));
}

function kpiQuery(o: EvaluationOptions): KpiQuery {
  return { scope: o.scope, prefix: o.prefix, period: o.period, now: o.now.toISOString(), groupBy: o.level };
}

export interface ComponentScore {
  key: ComponentKey;
  labelZh: string;
  weight: number;
  /** Weight after renormalising over the components that have data (sums to 1 over them). */
  effectiveWeight: number;
  numerator: number | null;
  denominator: number | null;
  /** The rate, 0–1 (4 places), null when there is no basis. */
  rate: number | null;
  /** What the score uses: the rate, or 1 − rate for inverse components (返工率). */
  value: number | null;
  /** KPI metrics behind a case component (drill down with GET /api/kpis/cases). */
  metrics: { numerator: string; denominator: string } | null;
}

/**
 * 综合评价: a score per group = 100 × Σ wᵢ·vᵢ / Σ wᵢ over the components with data (renormalised), one
 * decimal; grades and ranks (by score, then key). Formulas and weights: docs/evaluation.md.
 */
export async function getEvaluation(db: Executor, o: EvaluationOptions) {
  const weights = await loadWeights(db);
  const sourceQuery: SourceQuery = { paths: narrowedPaths(o.scope, o.prefix), period: o.period, level: o.level };
  const [counts, directive, daily, patrol, spot] = await Promise.all([
    countKpis(db, kpiQuery(o)),
    directiveSignRates(db, sourceQuery),
    dailyReportRates(db, sourceQuery),
    patrolComplianceRates(db, sourceQuery),
    spotCheckPassRates(db, sourceQuery),
  ]);
  const others: Record<string, RatioMap> = { directiveSign: directive, dailyReport: daily, patrolCompliance: patrol, spotCheckPass: spot };
  const keys = [...new Set([...counts.keys(), ...directive.keys(), ...daily.keys(), ...patrol.keys(), ...spot.keys()])]
    .filter((k) => k !== 'none' && (CODE_LENGTH[o.level] === undefined || k.length === CODE_LENGTH[o.level]))
    .sort();

  const rows = keys.map((key) => {
    const c: KpiCounts | undefined = counts.get(key);
    const components: ComponentScore[] = COMPONENTS.map((def) => {
      let numerator: number | null = null;
      let denominator: number | null = null;
      if (def.numerator && def.denominator) {
        numerator = c ? c[def.numerator] : 0;
        denominator = c ? c[def.denominator] : 0;
      } else {
        const r = others[def.key]!.get(key);
        if (r) {
          numerator = r.numerator;
          denominator = r.denominator;
        }
      }
      const r = numerator !== null && denominator !== null ? rate(numerator, denominator) : null;
      const value = r === null ? null : def.inverse ? Math.round((1 - r) * 10_000) / 10_000 : r;
      return {
        key: def.key, labelZh: def.labelZh, weight: weights[def.key], effectiveWeight: 0, numerator, denominator, rate: r, value,
        metrics: def.numerator && def.denominator ? { numerator: def.numerator, denominator: def.denominator } : null,
      };
    });
    const used = components.filter((x) => x.value !== null && x.weight > 0);
    const total = used.reduce((s, x) => s + x.weight, 0);
    for (const x of used) x.effectiveWeight = Math.round((x.weight / total) * 10_000) / 10_000;
    const score = total > 0 ? Math.round((100 * used.reduce((s, x) => s + x.weight * x.value!, 0)) / total * 10) / 10 : null;
    return { key, name: key, score, grade: gradeOf(score), rank: 0, components };
  });

  // Names for display.
  if (keys.length) {
    if (CODE_LENGTH[o.level]) {
      for (const n of await db.selectFrom('territory_nodes').select(['code', 'name_zh']).where('code', 'in', keys).execute()) rows.find((r) => r.key === n.code)!.name = n.name_zh;
    } else if (o.level === 'department') {
      for (const n of await db.selectFrom('departments').select(['id', 'name_zh']).where('id', 'in', keys).execute()) rows.find((r) => r.key === n.id)!.name = n.name_zh;
    } else {
      for (const n of await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', keys).execute()) rows.find((r) => r.key === n.id)!.name = n.display_name;
    }
  }
  const ranked = [...rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || (a.key < b.key ? -1 : 1));
  ranked.forEach((r, i) => (r.rank = r.score === null ? 0 : i + 1));
  return { from: o.period.from, to: o.period.to, level: o.level, weights, rows: ranked };
}

/**
 * 评分溯源: one group's components and, for case components, the ids of the cases counted in the
 * numerator and denominator (the KPI drill-down's set definitions); for the other components the records
 * behind them (deliveries, expected daily reports, planned patrol visits, spot-check items — each with
 * `counted`: in the numerator or not); and the case number, state and grid of every case mentioned.
 */
export async function traceEvaluation(db: Executor, o: EvaluationOptions & { key: string; limit?: number }) {
  const table = await getEvaluation(db, o);
  const row = table.rows.find((r) => r.key === o.key) ?? null;
  if (!row) return { key: o.key, score: null, grade: null, components: [], cases: {}, records: {}, caseInfo: {}, spotCheckItems: [] };
  const limit = o.limit ?? 5000;
  const cases: Record<string, { numerator: string[]; denominator: string[] }> = {};
  for (const comp of row.components) {
    if (!comp.metrics) continue;
    const q = kpiQuery(o);
    const [num, den] = await Promise.all([
      casesBehindMetric(db, q, comp.metrics.numerator as never, o.key, limit),
      casesBehindMetric(db, q, comp.metrics.denominator as never, o.key, limit),
    ]);
    cases[comp.key] = { numerator: num.map((c) => c.id), denominator: den.map((c) => c.id) };
  }
  const sq: SourceQuery = { paths: narrowedPaths(o.scope, o.prefix), period: o.period, level: o.level };
  const mine = (rs: SourceRecord[]) => rs.filter((r) => r.key === o.key).slice(0, limit).map((r) => ({ counted: r.counted, ...r.detail }));
  const [directive, daily, patrol, spot] = await Promise.all([directiveRecords(db, sq), dailyReportRecords(db, sq), patrolRecords(db, sq), spotCheckRecords(db, sq)]);
  const records: Record<string, TraceRecord[]> = { directiveSign: mine(directive), dailyReport: mine(daily), patrolCompliance: mine(patrol), spotCheckPass: mine(spot) };
  // The pass rate's items come from the spot-check records just read (not a second query).
  const spotCheckItems = spot.filter((r) => r.key === o.key).map((r) => ({ id: String(r.detail['id']), caseId: String(r.detail['caseId']), result: String(r.detail['result']) }));
  // Case number, state and grid of every case behind a figure, so the console lists them without a request per case.
  const ids = [...new Set(Object.values(cases).flatMap((c) => [...c.numerator, ...c.denominator]).concat(spotCheckItems.map((i) => i.caseId)))];
  const caseInfo: Record<string, { caseNo: string; state: string; gridCode: string; categoryCode: string; description: string; closedAt: string | null }> = {};
  for (const c of await inChunks(ids, (chunk) => db.selectFrom('cases').select(['id', 'case_no', 'state', 'grid_code', 'category_code', 'description', 'closed_at']).where('id', 'in', chunk).execute())) {
    caseInfo[c.id] = { caseNo: c.case_no, state: c.state, gridCode: c.grid_code, categoryCode: c.category_code, description: scrubPersonalData(c.description).slice(0, 80), closedAt: c.closed_at ? new Date(c.closed_at).toISOString() : null };
  }
  return { ...row, cases, records, caseInfo, spotCheckItems };
}
