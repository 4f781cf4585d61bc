/**
 * The daily-report duty day rule (日报日), one copy for the server (which refuses a report on another
 * day and counts missing grids only on duty days) and the field app (which shows the 日报 card only then).
 */

/** Enough of a phase to decide: does it carry the duty, and when does it run (ISO instants). */
export interface DutyPhase {
  dailyReport: boolean;
  startsAt: string;
  endsAt: string;
}

/** A China-time date ('YYYY-MM-DD') is a duty day when a phase with the daily report duty overlaps it. */
export function isDutyDay(phases: readonly DutyPhase[], date: string): boolean {
  const dayStart = new Date(`${date}T00:00:00+08:00`);
  const from = dayStart.toISOString();
  const to = new Date(dayStart.getTime() + 86_400_000).toISOString();
  return phases.some((p) => p.dailyReport && p.startsAt < to && p.endsAt > from);
}
