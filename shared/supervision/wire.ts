import { z } from 'zod';

/**
 * Wire shapes of supervision (督导): random spot checks (随机抽查), accountability records (责任追究) and a
 * case's responsibility chain (责任链). The routes of server/modules/supervision declare these as their
 * response schemas (serialised and documented through them); the console imports the inferred types.
 * ISO-8601 timestamps are strings.
 */

const isoTime = z.string().describe('ISO-8601 time');
const period = z.object({ from: isoTime, to: isoTime }).describe('half-open period [from, to)');

// ---- Spot checks (随机抽查) ----

/** One stratum (分层: a street or a district) of a draw: closed cases in it and how many were sampled. */
export const spotCheckStratum = z.object({
  stratum: z.string().describe('stratum code (9-digit street or 6-digit district prefix of the grid code)'),
  name: z.string(),
  population: z.number().int(),
  sample: z.number().int(),
});
export type SpotCheckStratum = z.infer<typeof spotCheckStratum>;

/** One sampled closed case with the independent inspector (督查员) it was given. */
export const spotCheckDrawItem = z.object({
  caseId: z.string(),
  caseNo: z.string(),
  stratum: z.string(),
  gridCode: z.string(),
  territoryPath: z.string(),
  departmentId: z.string().nullable(),
  handlerId: z.string().nullable(),
  closedAt: isoTime,
  inspectorId: z.string().nullable().describe('null: no eligible inspector (unassigned)'),
  inspectorName: z.string().nullable(),
});
export type SpotCheckDrawItem = z.infer<typeof spotCheckDrawItem>;

/** GET /api/spotchecks/preview: a reproducible draw (same seed, same closed cases → same sample); nothing recorded. */
export const spotCheckDraw = z.object({
  seed: z.number().int(),
  period,
  scopeCode: z.string(),
  stratumLevel: z.enum(['street', 'county']),
  confidence: z.number(),
  margin: z.number(),
  z: z.number().describe('two-sided z of the confidence level'),
  n0: z.number().describe('Cochran sample size before the finite population correction'),
  population: z.number().int(),
  sampleSize: z.number().int(),
  drawn: z.number().int(),
  unassigned: z.number().int(),
  strata: z.array(spotCheckStratum),
  items: z.array(spotCheckDrawItem),
});
export type SpotCheckDraw = z.infer<typeof spotCheckDraw>;

/** 201 of POST /api/spotchecks: the recorded batch's id and its draw. */
export const spotCheckCreated = spotCheckDraw.extend({ id: z.string() });
export type SpotCheckCreated = z.infer<typeof spotCheckCreated>;

/** An item's verdict: pending until its inspector records the callback and re-check. */
export const spotCheckResult = z.enum(['pending', 'passed', 'failed']);
export type SpotCheckResult = z.infer<typeof spotCheckResult>;

/** One recorded batch in GET /api/spotchecks, with its pending/passed/failed counts. */
/** What every view of a recorded batch starts with: its draw (seed, period, scope, stratum) and sample size. */
const spotCheckBatchHeader = {
  id: z.string(),
  seed: z.number().int(),
  period,
  scopeCode: z.string(),
  stratumLevel: z.string(),
  confidence: z.number(),
  margin: z.number(),
  population: z.number().int(),
  sampleSize: z.number().int(),
};

export const spotCheckBatchSummary = z.object({
  ...spotCheckBatchHeader,
  pending: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  passRate: z.number().nullable().describe('passed / (passed + failed), null before any result'),
  createdAt: isoTime,
});
export type SpotCheckBatchSummary = z.infer<typeof spotCheckBatchSummary>;

export const spotCheckListResponse = z.object({ batches: z.array(spotCheckBatchSummary) });
export type SpotCheckListResponse = z.infer<typeof spotCheckListResponse>;

/** The callback (回访) and field re-check (现场复核) answers of an item; null = not asked / not yet recorded. */
const spotCheckAnswers = {
  result: spotCheckResult,
  callbackReached: z.boolean().nullable(),
  callbackSatisfied: z.boolean().nullable(),
  callbackMatches: z.boolean().nullable(),
  recheckFixed: z.boolean().nullable(),
  note: z.string().nullable(),
  recordedAt: isoTime.nullable(),
};

/** One item of a recorded batch (GET /api/spotchecks/:id). */
export const spotCheckItem = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNo: z.string(),
  caseState: z.string(),
  gridCode: z.string(),
  stratum: z.string(),
  inspectorId: z.string().nullable(),
  inspectorName: z.string().nullable(),
  ...spotCheckAnswers,
});
export type SpotCheckItem = z.infer<typeof spotCheckItem>;

/** GET /api/spotchecks/:id: a recorded batch with every item and its result. */
export const spotCheckBatch = z.object({
  ...spotCheckBatchHeader,
  strata: z.array(spotCheckStratum),
  passRate: z.number().nullable(),
  items: z.array(spotCheckItem),
});
export type SpotCheckBatch = z.infer<typeof spotCheckBatch>;

/** One of my assignments (督查员的待办) in GET /api/spotchecks/mine. */
export const mySpotCheckItem = z.object({
  id: z.string(),
  batchId: z.string(),
  caseId: z.string(),
  caseNo: z.string(),
  caseState: z.string(),
  categoryCode: z.string(),
  description: z.string(),
  gridCode: z.string(),
  stratum: z.string(),
  ...spotCheckAnswers,
});
export type MySpotCheckItem = z.infer<typeof mySpotCheckItem>;

export const mySpotCheckItemsResponse = z.object({ items: z.array(mySpotCheckItem) });
export type MySpotCheckItemsResponse = z.infer<typeof mySpotCheckItemsResponse>;

/** POST /api/spotchecks/items/:id/result: the item's verdict; a re-check that found it not fixed reopened the case. */
export const spotCheckResultResponse = z.object({
  itemId: z.string(),
  caseId: z.string(),
  result: z.enum(['passed', 'failed']),
  reopened: z.boolean(),
});
export type SpotCheckResultResponse = z.infer<typeof spotCheckResultResponse>;

// ---- Accountability (责任追究) ----

export const accountabilityState = z.enum(['pending', 'confirmed', 'waived']);
export type AccountabilityState = z.infer<typeof accountabilityState>;

/** One accountability record as stored (presentAccountability). */
const accountabilityRecordBase = z.object({
  id: z.string(),
  sourceKind: z.string().describe('see ACCOUNTABILITY_SOURCE_KINDS'),
  sourceId: z.string(),
  caseId: z.string().nullable(),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  departmentId: z.string().nullable(),
  unitCode: z.string(),
  occurredAt: isoTime.nullable(),
  summary: z.string(),
  state: accountabilityState,
  measure: z.string().nullable().describe('reminder 提醒 | criticism 通报批评 | referral 移交, once confirmed'),
  reason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: isoTime.nullable(),
});

/** A record in a list, with the display names of its grid, department and case. */
export const accountabilityRecord = accountabilityRecordBase.extend({
  unitName: z.string(),
  departmentName: z.string().nullable(),
  caseNo: z.string().nullable(),
});
export type AccountabilityRecord = z.infer<typeof accountabilityRecord>;

export const accountabilityListResponse = z.object({ records: z.array(accountabilityRecord) });
export type AccountabilityListResponse = z.infer<typeof accountabilityListResponse>;

/** POST /api/accountability/generate: records inserted now, per source kind (existing ones are kept: idempotent). */
export const accountabilityGenerateResponse = z.object({
  inserted: z.record(z.string(), z.number().int()).describe('records inserted per source kind'),
  total: z.number().int(),
  candidates: z.number().int(),
});
export type AccountabilityGenerateResponse = z.infer<typeof accountabilityGenerateResponse>;

/** One row of GET /api/accountability/history: a person, grid or department in one China month. */
export const accountabilityHistoryRow = z.object({
  key: z.string().describe('person id, grid code or department id; none = the records naming nobody'),
  name: z.string(),
  month: z.string().describe('YYYY-MM (China time)'),
  total: z.number().int(),
  pending: z.number().int(),
  waived: z.number().int(),
  confirmed: z.record(z.string(), z.number().int()).describe('confirmed records by measure'),
  kinds: z.record(z.string(), z.number().int()).describe('records by source kind'),
});
export type AccountabilityHistoryRow = z.infer<typeof accountabilityHistoryRow>;

export const accountabilityHistoryResponse = z.object({
  by: z.enum(['person', 'unit', 'department']),
  rows: z.array(accountabilityHistoryRow),
});
export type AccountabilityHistoryResponse = z.infer<typeof accountabilityHistoryResponse>;

/** POST /api/accountability/:id/decision. */
export const accountabilityDecisionResponse = z.object({
  id: z.string(),
  state: z.enum(['confirmed', 'waived']),
  measure: z.string().nullable(),
  reason: z.string().nullable(),
  decidedAt: isoTime,
});
export type AccountabilityDecisionResponse = z.infer<typeof accountabilityDecisionResponse>;

// ---- Responsibility chain (责任链) ----

/** One link of a case's responsibility chain: a state the case sat in, who held it, until when, late or not. */
export const chainLink = z.object({
  stage: z.string().nullable().describe('timed stage (filing | dispatch | handling | verification), null for untimed states (closed, suspended …)'),
  state: z.string(),
  from: isoTime,
  to: isoTime.nullable().describe('null = the case is still in this state'),
  minutes: z.number().int(),
  holderId: z.string().nullable().describe('the handler while handling, otherwise whoever acted on it next; nobody once finished'),
  holderName: z.string().nullable(),
  unitKind: z.enum(['grid', 'department']).describe('the department while dispatched/handling, otherwise the grid'),
  unitId: z.string(),
  unitName: z.string(),
  dueAt: isoTime.nullable().describe('the stage deadline in force during this link (after any approved extension)'),
  overdue: z.boolean().describe('still in the state after its deadline (or left it late)'),
  overdueMinutes: z.number().int(),
  missedDeadline: z.boolean().describe('the deadline passed while the case sat in this link: this holder missed it'),
  endedBy: z.string().nullable(),
  endedByName: z.string().nullable(),
});
export type ChainLink = z.infer<typeof chainLink>;

/** GET /api/cases/:id/responsibility: the chain, and the case's accountability records (null when the caller may not read them). */
export const responsibilityView = z.object({
  caseId: z.string(),
  caseNo: z.string(),
  state: z.string(),
  gridCode: z.string(),
  chain: z.array(chainLink),
  accountability: z.array(accountabilityRecord).nullable(),
});
export type ResponsibilityView = z.infer<typeof responsibilityView>;
