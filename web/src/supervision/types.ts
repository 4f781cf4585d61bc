/** Wire shapes of the supervision, evaluation and report APIs (docs/supervision.md, evaluation.md, reports.md). */

export interface SpotCheckStratum {
  stratum: string;
  name?: string;
  population: number;
  sample: number;
}

export interface SpotCheckDrawItem {
  caseId: string;
  caseNo: string;
  stratum: string;
  gridCode: string;
  inspectorId: string | null;
  inspectorName: string | null;
  closedAt?: string;
}

export interface SpotCheckDraw {
  id?: string;
  seed: number;
  confidence?: number;
  margin?: number;
  z: number;
  n0: number;
  population: number;
  sampleSize: number;
  drawn: number;
  unassigned: number;
  strata: SpotCheckStratum[];
  items: SpotCheckDrawItem[];
}

export interface SpotCheckBatchSummary {
  id: string;
  seed: number;
  period: { from: string; to: string };
  scopeCode: string;
  stratumLevel: string;
  confidence: number;
  margin: number;
  population: number;
  sampleSize: number;
  pending: number;
  passed: number;
  failed: number;
  passRate: number | null;
  createdAt: string;
}

export interface SpotCheckItem {
  id: string;
  caseId: string;
  caseNo: string;
  caseState: string;
  gridCode: string;
  stratum: string;
  inspectorId?: string | null;
  inspectorName?: string | null;
  description?: string | null;
  result: 'pending' | 'passed' | 'failed';
  callbackReached: boolean | null;
  callbackSatisfied: boolean | null;
  callbackMatches: boolean | null;
  recheckFixed: boolean | null;
  note: string | null;
  recordedAt: string | null;
}

export interface SpotCheckBatch {
  id: string;
  seed: number;
  period: { from: string; to: string };
  scopeCode: string;
  stratumLevel: string;
  confidence: number;
  margin: number;
  population: number;
  sampleSize: number;
  strata: SpotCheckStratum[];
  passRate: number | null;
  items: SpotCheckItem[];
}

export interface AccountabilityRecord {
  id: string;
  sourceKind: string;
  sourceId: string;
  caseId: string | null;
  personId: string | null;
  personName: string | null;
  departmentId: string | null;
  unitCode: string;
  occurredAt: string | null;
  summary: string;
  state: 'pending' | 'confirmed' | 'waived';
  measure: string | null;
  reason: string | null;
  decidedAt: string | null;
  unitName?: string;
  departmentName?: string | null;
  caseNo?: string | null;
}

/** One row of GET /api/accountability/history: a person, grid or department in one China month. */
export interface AccountabilityHistoryRow {
  key: string;
  name: string;
  month: string;
  total: number;
  pending: number;
  waived: number;
  confirmed: Record<string, number>;
  kinds: Record<string, number>;
}

/** One link of GET /api/cases/:id/responsibility (declared once in shared/). */
import type { ChainLink } from '../../../shared/supervision/wire.ts';
export type { ChainLink };

export interface ResponsibilityView {
  caseId: string;
  caseNo: string;
  state: string;
  gridCode: string;
  chain: ChainLink[];
  /** null when the caller may not read accountability records here. */
  accountability: AccountabilityRecord[] | null;
}

export interface EvaluationComponent {
  key: string;
  labelZh: string;
  weight: number;
  effectiveWeight: number;
  numerator: number;
  denominator: number;
  rate: number | null;
  value: number | null;
}

export interface EvaluationRow {
  key: string;
  name: string;
  score: number | null;
  grade: { grade: string; colour: string } | null;
  rank: number;
  components: EvaluationComponent[];
}

export interface EvaluationTable {
  from: string;
  to: string;
  level: string;
  rows: EvaluationRow[];
}

export interface TraceCaseInfo {
  caseNo: string;
  state: string;
  gridCode: string;
  categoryCode: string;
  description: string;
  closedAt: string | null;
}

export interface EvaluationTrace extends EvaluationRow {
  cases: Record<string, { numerator: string[]; denominator: string[] }>;
  /** Records behind the non-case components; `counted` = in the numerator. */
  records: Record<string, ({ counted: boolean } & Record<string, string | number | boolean | null>)[]>;
  caseInfo: Record<string, TraceCaseInfo>;
  spotCheckItems: { id: string; caseId: string; result: string }[];
}
