import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../storage/db.ts';
import type { CaseListScope } from '../cases/caseAccess.ts';
import { bucketsOf, type PeriodUnit } from '../../reporting/periods.ts';
import { KPI_GROUPS, KPI_METRICS, type KpiGroupBy, type KpiMetric, type StageAverage } from '../../../shared/analytics/wire.ts';

/**
 * KPI definitions (综合评价指标). Formulas and the exact meaning of every count: docs/kpis.md.
 * Each count is "distinct cases in a set"; the same set definition feeds the figure (count per group)
 * and the drill-down list of cases behind it, so every number is traceable to its cases.
 */
// The metric and grouping lists are part of the wire (shared/analytics/wire.ts), re-exported for the modules that query KPIs.
export { KPI_GROUPS, KPI_METRICS, type KpiGroupBy, type KpiMetric, type StageAverage };

/** Time in each state between the event that entered it and the event that left it (wall-clock). */
export const STAGE_OF_STATE: Record<string, string> = {
  reported: 'filing', // 立案
  filed: 'dispatch', // 派遣
  dispatched: 'acceptance', // 受理
  in_handling: 'handling', // 处置
  handled: 'verification', // 核查
  verified: 'closing', // 结案
};
export const STAGES = ['filing', 'dispatch', 'acceptance', 'handling', 'verification', 'closing'] as const;

/** Group key for cases with no department or handler yet. */
export const NONE_KEY = 'none';

export interface KpiQuery {
  scope: CaseListScope;
  /** Territory path prefix the caller narrowed to ('' = all of their scope). */
  prefix: string;
  period: { from: string; to: string };
  /** Evaluation time: an open case is due only once its deadline has passed. */
  now: string;
  groupBy: KpiGroupBy;
}

/** Cases the caller may read KPIs for, under the requested prefix (the case module's scope rule, set-based). */
function scopeCondition(scope: CaseListScope, prefix: string): RawBuilder<unknown> {
  const terms = [
    ...scope.paths.map((p) => sql`c.territory_path like ${`${p}%`}`),
    ...scope.departments.map((d) => sql`(c.department_id = ${d.departmentId} and c.territory_path like ${`${d.scopePath}%`})`),
  ];
  if (terms.length === 0) return sql`1 = 0`;
  return sql`(${sql.join(terms, sql` or `)}) and c.territory_path like ${`${prefix}%`}`;
}

/** The set behind one metric: an optional join, the condition, and the instant that places a case in a period bucket. */
function metricSource(metric: KpiMetric, q: KpiQuery): { join: RawBuilder<unknown>; where: RawBuilder<unknown>; anchor: RawBuilder<unknown> } {
  const { from, to } = q.period;
  const none = sql``;
  const closedIn = sql`c.closed_at >= ${from} and c.closed_at < ${to}`;
  const eventIn = (action: string) => sql`join case_events e on e.case_id = c.id and e.action = ${action} and e.at >= ${from} and e.at < ${to}`;
  // An open case is due when its running deadline passed inside the period (and before "now").
  const dueEnd = q.now < to ? q.now : to;
  const openOverdue = sql`c.closed_at is null and c.state not in ('rejected', 'voided', 'suspended') and c.stage_due_at >= ${from} and c.stage_due_at < ${dueEnd}`;
  switch (metric) {
    case 'due':
      return { join: none, where: sql`((${closedIn}) or (${openOverdue}))`, anchor: sql`coalesce(c.closed_at, c.stage_due_at)` };
    case 'closed':
      return { join: none, where: closedIn, anchor: sql`c.closed_at` };
    case 'closed_on_time':
      return { join: none, where: sql`${closedIn} and c.closed_on_time = 1`, anchor: sql`c.closed_at` };
    case 'overdue_unclosed':
      return { join: none, where: openOverdue, anchor: sql`c.stage_due_at` };
    case 'verified':
      return { join: eventIn('verify'), where: sql`1 = 1`, anchor: sql`e.at` };
    case 'reworked':
      return { join: eventIn('verify'), where: sql`c.rework_count > 0`, anchor: sql`e.at` };
    case 'dispatched':
      return { join: eventIn('dispatch'), where: sql`1 = 1`, anchor: sql`e.at` };
    case 'extended':
      return {
        join: eventIn('dispatch'),
        where: sql`exists (select 1 from case_ledger l where l.case_id = c.id and l.kind = 'extension' and l.step = 'approve')`,
        anchor: sql`e.at`,
      };
    case 'self_resolved':
      return { join: eventIn('self_resolve'), where: sql`1 = 1`, anchor: sql`e.at` };
    case 'disputes_closed':
      return { join: none, where: sql`${closedIn} and c.kind = 'dispute'`, anchor: sql`c.closed_at` };
    case 'disputes_at_grid':
      // A dispute that never climbed the ladder has level 'grid' (older rows: null, which means the same).
      return { join: none, where: sql`${closedIn} and c.kind = 'dispute' and coalesce(c.dispute_level, 'grid') = 'grid'`, anchor: sql`c.closed_at` };
  }
}

/** The group key of a case: a prefix of its grid code (codes have fixed lengths), its department/handler, or a period bucket. */
function groupExpression(groupBy: KpiGroupBy, anchor: RawBuilder<unknown>, q: KpiQuery): RawBuilder<unknown> {
  switch (groupBy) {
    case 'total':
      return sql`'total'`;
    case 'grid':
      return sql`c.grid_code`;
    case 'community':
      return sql`substr(c.grid_code, 1, 12)`;
    case 'street':
      return sql`substr(c.grid_code, 1, 9)`;
    case 'county':
      return sql`substr(c.grid_code, 1, 6)`;
    case 'department':
      return sql`coalesce(c.department_id, ${sql.lit(NONE_KEY)})`;
    case 'handler':
      return sql`coalesce(c.handler_id, ${sql.lit(NONE_KEY)})`;
    default: {
      // Bucket bounds are literals we generated (UTC ISO strings): the same CASE runs on both databases.
      const whens = bucketsOf(q.period, groupBy as PeriodUnit).map(
        (b) => sql`when ${anchor} >= ${sql.lit(b.start)} and ${anchor} < ${sql.lit(b.end)} then ${sql.lit(b.key)}`,
      );
      return sql`case ${sql.join(whens, sql` `)} else 'other' end`;
    }
  }
}

function metricSelect(metric: KpiMetric, q: KpiQuery, groupBy: KpiGroupBy): RawBuilder<unknown> {
  const s = metricSource(metric, q);
  const g = groupExpression(groupBy, s.anchor, q);
  return sql`select ${sql.lit(metric)} as m, ${g} as g, c.id as case_id from cases c ${s.join} where ${scopeCondition(q.scope, q.prefix)} and ${s.where}`;
}

export type KpiCounts = Record<KpiMetric, number>;

/** Distinct-case counts of every metric per group, in one set-based statement. */
export async function countKpis(db: Executor, q: KpiQuery): Promise<Map<string, KpiCounts>> {
  const parts = KPI_METRICS.map((m) => metricSelect(m, q, q.groupBy));
  const rows = await sql<{ m: KpiMetric; g: string; n: number | string }>`
    select t.m as m, t.g as g, count(distinct t.case_id) as n
    from (${sql.join(parts, sql` union all `)}) t
    group by t.m, t.g`.execute(db);
  const out = new Map<string, KpiCounts>();
  for (const r of rows.rows) {
    let counts = out.get(r.g);
    if (!counts) {
      counts = Object.fromEntries(KPI_METRICS.map((m) => [m, 0])) as KpiCounts;
      out.set(r.g, counts);
    }
    counts[r.m] = Number(r.n);
  }
  return out;
}

/**
 * Average time per stage: each state-changing event in the period that leaves a state closes one
 * stage pass, which started at the latest event that entered that state. Rows come from SQL; the
 * subtraction runs here because date arithmetic differs between the two databases.
 */
export async function stageAverages(db: Executor, q: KpiQuery): Promise<Map<string, Record<string, StageAverage>>> {
  const { from, to } = q.period;
  const g = groupExpression(q.groupBy, sql`e.at`, q);
  const states = Object.keys(STAGE_OF_STATE);
  const rows = await sql<{ g: string; s: string; end_at: string | Date; start_at: string | Date | null }>`
    select ${g} as g, e.from_state as s, e.at as end_at,
      (select max(p.at) from case_events p where p.case_id = e.case_id and p.to_state = e.from_state and p.at <= e.at) as start_at
    from cases c join case_events e on e.case_id = c.id
    where ${scopeCondition(q.scope, q.prefix)} and e.at >= ${from} and e.at < ${to}
      and e.from_state in (${sql.join(states)}) and e.to_state is not null and e.to_state <> e.from_state`.execute(db);
  const sums = new Map<string, Record<string, { total: number; n: number }>>();
  for (const r of rows.rows) {
    if (r.start_at === null) continue;
    const stage = STAGE_OF_STATE[r.s]!;
    const minutes = (new Date(r.end_at).getTime() - new Date(r.start_at).getTime()) / 60_000;
    const byStage = sums.get(r.g) ?? {};
    const acc = byStage[stage] ?? { total: 0, n: 0 };
    acc.total += minutes;
    acc.n += 1;
    byStage[stage] = acc;
    sums.set(r.g, byStage);
  }
  const out = new Map<string, Record<string, StageAverage>>();
  for (const [key, byStage] of sums) {
    out.set(
      key,
      Object.fromEntries(STAGES.map((s) => [s, byStage[s] ? { avgMinutes: Math.round((byStage[s]!.total / byStage[s]!.n) * 10) / 10, n: byStage[s]!.n } : { avgMinutes: null, n: 0 }])),
    );
  }
  return out;
}

/** One case behind a figure (the drill-down row). */
export interface KpiCaseRow {
  id: string;
  case_no: string;
  kind: string;
  category_code: string;
  state: string;
  grid_code: string;
  department_id: string | null;
  handler_id: string | null;
  created_at: string | Date;
  stage_due_at: string | Date | null;
  closed_at: string | Date | null;
  closed_on_time: number | null;
  rework_count: number;
}

/** The cases counted in one figure: the metric's set, restricted to one group key. */
export async function casesBehindMetric(db: Executor, q: KpiQuery, metric: KpiMetric, group: string, limit: number): Promise<KpiCaseRow[]> {
  const s = metricSource(metric, q);
  const g = groupExpression(q.groupBy, s.anchor, q);
  const rows = await sql<KpiCaseRow>`
    select distinct c.id, c.case_no, c.kind, c.category_code, c.state, c.grid_code, c.department_id, c.handler_id,
      c.created_at, c.stage_due_at, c.closed_at, c.closed_on_time, c.rework_count
    from cases c ${s.join}
    where ${scopeCondition(q.scope, q.prefix)} and ${s.where} and ${g} = ${group}
    order by c.case_no
    limit ${limit}`.execute(db);
  return rows.rows;
}

/** Ratio rounded to 4 places; null when the denominator is zero (no basis, not 0%). */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;
}
