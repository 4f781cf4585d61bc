import { addOfficeTime, addWorkingTime, parseLimit, warningAt, workingTimeBetween } from '../../../shared/sla/index.ts';
import type { CaseState } from '../../../shared/cases/stateMachine.ts';
import type { StageLimits } from './taxonomy.ts';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../../../shared/sla/policy.ts';

/** The four timed stages of the closed loop; each has its own limit per category. */
export type Stage = keyof StageLimits;

export type { SlaPolicy } from '../../../shared/sla/policy.ts';

/**
 * The policy in force: the category's override on top of the server's defaults (the app context's
 * `slaPolicy`, set once at boot from the configuration; the shipped defaults when none is given).
 */
export function slaPolicy(categoryOverride?: Partial<SlaPolicy> | null, server: Readonly<SlaPolicy> = DEFAULT_SLA_POLICY): SlaPolicy {
  return {
    warnShare: categoryOverride?.warnShare ?? server.warnShare,
    escalateAfter: categoryOverride?.escalateAfter !== undefined ? categoryOverride.escalateAfter : server.escalateAfter,
  };
}

/**
 * A category's override as stored next to its stage limits in limits_json, checked: a bad value is
 * ignored (the server default applies) rather than breaking every case of the category.
 */
export function categorySlaOverride(stored: Record<string, unknown>): Partial<SlaPolicy> | undefined {
  const out: Partial<SlaPolicy> = {};
  const share = stored['warnShare'];
  if (typeof share === 'number' && share > 0 && share < 1) out.warnShare = share;
  const after = stored['escalateAfter'];
  if (after === null || after === 'limit') out.escalateAfter = null;
  else if (typeof after === 'string') {
    try {
      parseLimit(after, 'escalateAfter');
      out.escalateAfter = after;
    } catch {
      /* ignored: the server default applies */
    }
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * Which stage's clock runs in a state. verified/closed and the terminal states have no clock;
 * a suspended case (缓办) has its clock paused (pauseStage) and resumes with the time it had left (resumeStage).
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
 * the policy's share of the limit, escalation when still overdue `escalateAfter` (default: one more
 * limit) after the due time. Returns the years the holiday calendar did not know (stored on the case
 * and logged, never hidden). `policy` is the category's override; `server` (the app context's policy)
 * fills the rest.
 */
export function startStage(
  stage: Stage | null,
  limits: StageLimits,
  start: Date,
  policy?: Partial<SlaPolicy> | null,
  server?: Readonly<SlaPolicy>,
): { columns: StageColumns; unknownYears: number[] } {
  const { warnShare, escalateAfter } = slaPolicy(policy, server);
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
  const escalate = addWorkingTime(due.dueAtMs, escalateAfter ?? limit);
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
  policy?: Partial<SlaPolicy> | null,
  server?: Readonly<SlaPolicy>,
): { stage_due_at: string; stage_warn_at: string; stage_escalate_at: string; warned_at: null; supervised_at: null; escalated_at: null; unknownYears: number[] } | null {
  if (!row.stage_due_at || !row.stage_limit) return null;
  const { warnShare, escalateAfter } = slaPolicy(policy, server);
  const due = addWorkingTime(row.stage_due_at, extendBy);
  // Warn again when `warnShare` of the extension has passed.
  const warn = warningAt(row.stage_due_at, extendBy, warnShare);
  const escalate = addWorkingTime(due.dueAtMs, escalateAfter ?? row.stage_limit);
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

/** The server-log line for a deadline computed in a year the holiday calendar does not know (never guessed silently). */
export function unknownYearsWarning(years: readonly number[]): string {
  return `节假日日历不含 ${years.join(', ')} 年，时限按普通周末计算 / holiday calendar does not know ${years.join(', ')}: deadline computed with weekends only`;
}

/** What a paused clock remembers (kept in the data of the 批准缓办 event, so the timeline shows it). */
export interface PausedClock {
  stage: string;
  limit: string;
  pausedAt: string;
  dueAt: string;
  warnAt: string | null;
  escalateAt: string | null;
  /** Working time (natural time for an `h` limit) left to the due time when paused; 0 when already overdue. */
  remainingMs: number;
}

type ClockRow = { stage: string | null; stage_limit: string | null; stage_due_at: string | null; stage_warn_at: string | null; stage_escalate_at: string | null };

const isNatural = (limit: string) => parseLimit(limit).unit === 'h';

/** Time left from `from` to `to` on the limit's own clock (office time, or natural time for `h`); ≤ 0 when passed. */
function leftOn(limit: string, from: string, to: string): number {
  return isNatural(limit) ? Date.parse(to) - Date.parse(from) : workingTimeBetween(from, to).ms;
}

/**
 * 缓办: stop the running clock at `at`. The instants are cleared, so the deadline scan (which claims by
 * instant) never warns, supervises or escalates a suspended case; stage, limit and start stay for display.
 * Returns null when no clock runs.
 */
export function pauseStage(row: ClockRow, at: Date): { columns: { stage_due_at: null; stage_warn_at: null; stage_escalate_at: null }; paused: PausedClock } | null {
  if (!row.stage || !row.stage_limit || !row.stage_due_at) return null;
  const pausedAt = at.toISOString();
  return {
    columns: { stage_due_at: null, stage_warn_at: null, stage_escalate_at: null },
    paused: {
      stage: row.stage,
      limit: row.stage_limit,
      pausedAt,
      dueAt: row.stage_due_at,
      warnAt: row.stage_warn_at,
      escalateAt: row.stage_escalate_at,
      remainingMs: Math.max(0, leftOn(row.stage_limit, pausedAt, row.stage_due_at)),
    },
  };
}

/**
 * Resume a paused clock at `at`: each instant still ahead when the case was suspended gets the working
 * time it had left, counted from the resume moment on the holiday calendar (a resume during a holiday
 * starts counting at the next working day's office hours). Instants already passed stay as they were —
 * their notices were due before the suspension, and the flags (warned/supervised/escalated) are kept,
 * so nothing is announced twice.
 */
export function resumeStage(paused: PausedClock, at: Date): { columns: { stage: string; stage_limit: string; stage_due_at: string; stage_warn_at: string | null; stage_escalate_at: string | null }; unknownYears: number[] } {
  const natural = isNatural(paused.limit);
  const years = new Set<number>();
  const shift = (instant: string | null): string | null => {
    if (!instant) return null;
    const left = leftOn(paused.limit, paused.pausedAt, instant);
    if (Date.parse(instant) <= Date.parse(paused.pausedAt) || left <= 0) return instant;
    const r = addOfficeTime(at, left, { natural });
    r.calendarUnknownYears.forEach((y) => years.add(y));
    return new Date(r.dueAtMs).toISOString();
  };
  return {
    columns: {
      stage: paused.stage,
      stage_limit: paused.limit,
      stage_due_at: shift(paused.dueAt)!,
      stage_warn_at: shift(paused.warnAt),
      stage_escalate_at: shift(paused.escalateAt),
    },
    unknownYears: [...years].sort(),
  };
}
