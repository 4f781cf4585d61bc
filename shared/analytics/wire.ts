import { z } from 'zod';
import { CASE_STATES } from '../cases/stateMachine.ts';

/**
 * Wire shapes of the KPI API (综合评价指标): the routes in server/modules/analytics declare them as
 * response schemas, and the console's KPI page, overview and wall screen import their types.
 * Formulas and the exact meaning of every count: docs/kpis.md.
 */

/** Every count a KPI row carries (each is "distinct cases in a set"). */
export const KPI_METRICS = [
  'due', // 应结案数
  'closed', // 结案数
  'closed_on_time', // 按期结案数
  'overdue_unclosed', // 超期未结案数 (= due − closed)
  'verified', // 核查数 (返工率 denominator)
  'reworked', // 返工案件数
  'dispatched', // 派遣数 (延期率 denominator)
  'extended', // 延期案件数
  'self_resolved', // 自行处置数
  'disputes_closed', // 纠纷结案数
  'disputes_at_grid', // 网格就地化解数
] as const;
export type KpiMetric = (typeof KPI_METRICS)[number];

/** How KPI rows are grouped: territory level, department, handler, or calendar period (China time). */
export const KPI_GROUPS = ['total', 'grid', 'community', 'street', 'county', 'department', 'handler', 'day', 'week', 'month'] as const;
export type KpiGroupBy = (typeof KPI_GROUPS)[number];

const count = z.number().int();
export const kpiCounts = z.object({
  due: count,
  closed: count,
  closed_on_time: count,
  overdue_unclosed: count,
  verified: count,
  reworked: count,
  dispatched: count,
  extended: count,
  self_resolved: count,
  disputes_closed: count,
  disputes_at_grid: count,
} satisfies Record<KpiMetric, typeof count>);
export type KpiCounts = z.infer<typeof kpiCounts>;

/** Ratio rounded to 4 places; null when the denominator is zero (no basis, not 0%). */
const ratio = z.number().nullable();

export const stageAverage = z.object({
  /** Mean wall-clock minutes, one decimal; null when no case left this stage in the period. */
  avgMinutes: z.number().nullable(),
  /** Number of stage passes measured (a reworked case contributes one handling pass per round). */
  n: z.number().int(),
});
export type StageAverage = z.infer<typeof stageAverage>;

/** One group's figures: counts, rates and the average time per stage (filing … closing). */
export const kpiRow = z.object({
  /** Group key: a territory code, department or person id, period label, "none" or "total". */
  key: z.string(),
  name: z.string(),
  counts: kpiCounts,
  rates: z.object({
    /** 结案率 = closed ÷ due */
    closure: ratio,
    /** 按期结案率 = closed_on_time ÷ due */
    onTime: ratio,
    /** 返工率 = reworked ÷ verified */
    rework: ratio,
    /** 延期率 = extended ÷ dispatched */
    extension: ratio,
    /** 就地化解率 = disputes_at_grid ÷ disputes_closed */
    gridResolution: ratio,
  }),
  stageMinutes: z.record(z.string(), stageAverage),
});
export type KpiRow = z.infer<typeof kpiRow>;

/** GET /api/kpis: one row per group (sorted by key) plus the total, over [from, to). */
export const kpiTable = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(KPI_GROUPS),
  /** Evaluation time: an open case counts as due only once its deadline has passed. */
  evaluatedAt: z.string(),
  rows: z.array(kpiRow),
  total: kpiRow,
});
export type KpiTable = z.infer<typeof kpiTable>;

/** One case behind a figure (指标溯源). */
export const kpiCase = z.object({
  id: z.string(),
  caseNo: z.string(),
  kind: z.string(),
  categoryCode: z.string(),
  state: z.enum(CASE_STATES),
  stateName: z.string(),
  gridCode: z.string(),
  departmentId: z.string().nullable(),
  handlerId: z.string().nullable(),
  reportedAt: z.string().nullable(),
  stageDueAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedOnTime: z.boolean().nullable(),
  reworkCount: z.number().int(),
});
export type KpiCase = z.infer<typeof kpiCase>;

/** GET /api/kpis/cases: the cases counted in one figure, by case number. */
export const kpiCaseList = z.object({
  metric: z.enum(KPI_METRICS),
  groupBy: z.enum(KPI_GROUPS),
  group: z.string(),
  from: z.string(),
  to: z.string(),
  /** More cases than `limit` lie behind the figure; only the first `limit` are listed. */
  truncated: z.boolean(),
  cases: z.array(kpiCase),
});
export type KpiCaseList = z.infer<typeof kpiCaseList>;
