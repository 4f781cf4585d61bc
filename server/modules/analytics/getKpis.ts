import type { Executor } from '../../storage/db.ts';
import type { CaseListScope } from '../cases/caseAccess.ts';
import type { KpiRow, KpiTable } from '../../../shared/analytics/wire.ts';
import { countKpis, KPI_METRICS, NONE_KEY, rate, stageAverages, STAGES, type KpiCounts, type KpiGroupBy, type KpiQuery, type StageAverage } from './kpis.ts';

function emptyCounts(): KpiCounts {
  return Object.fromEntries(KPI_METRICS.map((m) => [m, 0])) as KpiCounts;
}

function emptyStages(): Record<string, StageAverage> {
  return Object.fromEntries(STAGES.map((s) => [s, { avgMinutes: null, n: 0 }]));
}

function rowOf(key: string, name: string, counts: KpiCounts, stages: Record<string, StageAverage>): KpiRow {
  return {
    key,
    name,
    counts,
    rates: {
      closure: rate(counts.closed, counts.due),
      onTime: rate(counts.closed_on_time, counts.due),
      rework: rate(counts.reworked, counts.verified),
      extension: rate(counts.extended, counts.dispatched),
      gridResolution: rate(counts.disputes_at_grid, counts.disputes_closed),
    },
    stageMinutes: stages,
  };
}

/** Display names of group keys: territory nodes, departments, people; period keys are their own label. */
async function namesOf(db: Executor, groupBy: KpiGroupBy, keys: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const ids = keys.filter((k) => k !== NONE_KEY);
  if (ids.length) {
    if (groupBy === 'grid' || groupBy === 'community' || groupBy === 'street' || groupBy === 'county') {
      for (const r of await db.selectFrom('territory_nodes').select(['code', 'name_zh']).where('code', 'in', ids).execute()) names.set(r.code, r.name_zh);
    } else if (groupBy === 'department') {
      for (const r of await db.selectFrom('departments').select(['id', 'name_zh']).where('id', 'in', ids).execute()) names.set(r.id, r.name_zh);
    } else if (groupBy === 'handler') {
      for (const r of await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute()) names.set(r.id, r.display_name);
    }
  }
  if (groupBy === 'department') names.set(NONE_KEY, '未派遣');
  if (groupBy === 'handler') names.set(NONE_KEY, '未受理');
  if (groupBy === 'total') names.set('total', '合计');
  return names;
}

export interface GetKpisOptions {
  scope: CaseListScope;
  prefix: string;
  period: { from: string; to: string };
  now: Date;
  groupBy: KpiGroupBy;
}

/** KPI table for a period and scope: one row per group (sorted by key) plus the total. */
export async function getKpis(db: Executor, o: GetKpisOptions): Promise<KpiTable> {
  const base: Omit<KpiQuery, 'groupBy'> = { scope: o.scope, prefix: o.prefix, period: o.period, now: o.now.toISOString() };
  const q: KpiQuery = { ...base, groupBy: o.groupBy };
  const [counts, stages, totalCounts, totalStages] = await Promise.all([
    countKpis(db, q),
    stageAverages(db, q),
    countKpis(db, { ...base, groupBy: 'total' }),
    stageAverages(db, { ...base, groupBy: 'total' }),
  ]);
  const keys = [...new Set([...counts.keys(), ...stages.keys()])].sort();
  const names = await namesOf(db, o.groupBy, keys);
  return {
    from: o.period.from,
    to: o.period.to,
    groupBy: o.groupBy,
    evaluatedAt: base.now,
    rows: keys.map((k) => rowOf(k, names.get(k) ?? k, counts.get(k) ?? emptyCounts(), stages.get(k) ?? emptyStages())),
    total: rowOf('total', '合计', totalCounts.get('total') ?? emptyCounts(), totalStages.get('total') ?? emptyStages()),
  };
}

export type { KpiRow, KpiTable };
