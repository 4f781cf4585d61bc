import { addWorkingTime, warningAt } from '../../../shared/sla/index.ts';
import type { CaseState } from '../../../shared/cases/stateMachine.ts';
import type { StageLimits } from './taxonomy.ts';

/** The four timed stages of the closed loop; each has its own limit per category. */
export type Stage = keyof StageLimits;

/** Share of a stage limit after which the holder is warned (预警). */
export const DEFAULT_WARN_SHARE = 0.75;

/**
 * Which stage's clock runs in a state. verified/closed and the terminal states have no clock;
 * a suspended case (缓办) stops the clock, and resuming restarts the stage with a full limit.
 */
export function stageOf(state: CaseState): Stage | null {
  switch (state) {
    case 'reported':
      return 'filing';
    case 'filed':
      return 'dispatch';
    case 'dispatched':
    case 'in_handling':
      return 'handling';
    case 'handled':
      return 'verification';
    default:
      return null;
  }
}

/** Columns that describe the running stage clock (all null when no clock runs). */
export interface StageColumns {
  stage: Stage | null;
  stage_limit: string | null;
  stage_started_at: string | null;
  stage_due_at: string | null;
  stage_warn_at: string | null;
  stage_escalate_at: string | null;
  warned_at: null;
  supervised_at: null;
  escalated_at: null;
}

/**
 * Start a stage clock at `start`: due = start + limit in working time (addWorkingTime), warning at
 * `warnShare` of the limit, escalation when still overdue one more limit after the due time.
 * Returns the years the holiday calendar did not know (stored on the case and logged, never hidden).
 */
export function startStage(
  stage: Stage | null,
  limits: StageLimits,
  start: Date,
  warnShare = DEFAULT_WARN_SHARE,
): { columns: StageColumns; unknownYears: number[] } {
  const flags = { warned_at: null, supervised_at: null, escalated_at: null } as const;
  if (!stage) {
    return {
      columns: { stage: null, stage_limit: null, stage_started_at: null, stage_due_at: null, stage_warn_at: null, stage_escalate_at: null, ...flags },
      unknownYears: [],
    };
  }
  const limit = limits[stage];
  const due = addWorkingTime(start, limit);
  const warn = warningAt(start, limit, warnShare);
  const escalate = addWorkingTime(due.dueAtMs, limit);
  const unknownYears = [...new Set([...due.calendarUnknownYears, ...warn.calendarUnknownYears, ...escalate.calendarUnknownYears])].sort();
  return {
    columns: {
      stage,
      stage_limit: limit,
      stage_started_at: start.toISOString(),
      stage_due_at: new Date(due.dueAtMs).toISOString(),
      stage_warn_at: new Date(warn.atMs).toISOString(),
      stage_escalate_at: new Date(escalate.dueAtMs).toISOString(),
      ...flags,
    },
    unknownYears,
  };
}

/** Extend a running stage by `extendBy` (approved 延期): the due and escalation times move, the warning re-arms. */
export function extendStage(
  row: { stage_due_at: string | null; stage_limit: string | null; stage_started_at: string | null },
  extendBy: string,
  warnShare = DEFAULT_WARN_SHARE,
): { stage_due_at: string; stage_warn_at: string; stage_escalate_at: string; warned_at: null; supervised_at: null; escalated_at: null; unknownYears: number[] } | null {
  if (!row.stage_due_at || !row.stage_limit) return null;
  const due = addWorkingTime(row.stage_due_at, extendBy);
  // Warn again when `warnShare` of the extension has passed.
  const warn = warningAt(row.stage_due_at, extendBy, warnShare);
  const escalate = addWorkingTime(due.dueAtMs, row.stage_limit);
  return {
    stage_due_at: new Date(due.dueAtMs).toISOString(),
    stage_warn_at: new Date(warn.atMs).toISOString(),
    stage_escalate_at: new Date(escalate.dueAtMs).toISOString(),
    warned_at: null,
    supervised_at: null,
    escalated_at: null,
    unknownYears: [...new Set([...due.calendarUnknownYears, ...escalate.calendarUnknownYears])].sort(),
  };
}

/** Merge unknown calendar years into the stored text list ("2027,2028"). */
export function mergeUnknownYears(stored: string | null, more: readonly number[]): string | null {
  const years = new Set<number>((stored ?? '').split(',').filter(Boolean).map(Number));
  for (const y of more) years.add(y);
  return years.size ? [...years].sort().join(',') : null;
}
