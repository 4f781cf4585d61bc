import { z } from 'zod';

/**
 * Wire shapes of the comprehensive evaluation (综合评价): scores, grades and ranks of areas, departments
 * or posts, each traceable to the cases and records behind it. Declared by server/modules/evaluation's
 * routes as response schemas; the console imports the inferred types.
 */

export const EVALUATION_LEVELS = ['grid', 'community', 'street', 'county', 'department', 'handler'] as const;
export const evaluationLevel = z.enum(EVALUATION_LEVELS);
export type EvaluationLevel = z.infer<typeof evaluationLevel>;

/** Weight per component key (closure, onTime, rework, …); docs/evaluation.md. */
export const evaluationWeights = z.record(z.string(), z.number());
export type EvaluationWeights = z.infer<typeof evaluationWeights>;

/** One component of a score (评价指标): its rate and the weight it carries. */
export const evaluationComponent = z.object({
  key: z.string(),
  labelZh: z.string(),
  weight: z.number(),
  effectiveWeight: z.number().describe('weight renormalised over the components that have data (sums to 1 over them)'),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  rate: z.number().nullable().describe('0–1 (4 places), null when there is no basis'),
  value: z.number().nullable().describe('what the score uses: the rate, or 1 − rate for inverse components (返工率)'),
  metrics: z.object({ numerator: z.string(), denominator: z.string() }).nullable().describe('KPI metrics behind a case component (drill down with GET /api/kpis/cases)'),
});
export type EvaluationComponent = z.infer<typeof evaluationComponent>;

export const evaluationGrade = z.object({ grade: z.string().describe('优 | 良 | 中 | 差'), colour: z.string() });

/** One scored group (an area, a department or a post). */
export const evaluationRow = z.object({
  key: z.string(),
  name: z.string(),
  score: z.number().nullable().describe('100 × Σ wᵢ·vᵢ / Σ wᵢ over the components with data, one decimal'),
  grade: evaluationGrade.nullable(),
  rank: z.number().int().describe('by score, then key; 0 when unscored'),
  components: z.array(evaluationComponent),
});
export type EvaluationRow = z.infer<typeof evaluationRow>;

/** GET /api/evaluation/scores. */
export const evaluationTable = z.object({
  from: z.string(),
  to: z.string(),
  level: evaluationLevel,
  weights: evaluationWeights,
  rows: z.array(evaluationRow),
});
export type EvaluationTable = z.infer<typeof evaluationTable>;

/** Case number, state and grid of a case behind a figure (description scrubbed of personal data). */
export const traceCaseInfo = z.object({
  caseNo: z.string(),
  state: z.string(),
  gridCode: z.string(),
  categoryCode: z.string(),
  description: z.string(),
  closedAt: z.string().nullable(),
});
export type TraceCaseInfo = z.infer<typeof traceCaseInfo>;

/** A record behind a non-case component; `counted` = in the numerator, the rest is what the drill-down lists. */
export const traceRecord = z.object({ counted: z.boolean() }).catchall(z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type TraceRecord = z.infer<typeof traceRecord>;

/** GET /api/evaluation/trace: one group's components and the cases and records behind them (name and rank absent when the key has no score row). */
export const evaluationTrace = evaluationRow.extend({
  name: z.string().optional(),
  rank: z.number().int().optional(),
  cases: z.record(z.string(), z.object({ numerator: z.array(z.string()), denominator: z.array(z.string()) })).describe('case ids per case component'),
  records: z.record(z.string(), z.array(traceRecord)).describe('records per non-case component'),
  caseInfo: z.record(z.string(), traceCaseInfo),
  spotCheckItems: z.array(z.object({ id: z.string(), caseId: z.string(), result: z.string() })),
});
export type EvaluationTrace = z.infer<typeof evaluationTrace>;

/** GET and PUT /api/evaluation/weights. */
export const evaluationWeightsResponse = z.object({ weights: evaluationWeights });
export type EvaluationWeightsResponse = z.infer<typeof evaluationWeightsResponse>;
