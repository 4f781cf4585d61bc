/**
 * Fairness figures of a roster (公平性): per peer group of a unit, how evenly night shifts, rest-day/holiday shifts and
 * hours are shared among the unit's members. Soft measures: the solver minimises their variance, the
 * benchmark and the console report the spread (max − min).
 */
import type { Roster, RosterProblem } from './model.ts';

export interface MeasureStats {
  min: number;
  max: number;
  /** max − min. */
  spread: number;
  mean: number;
  /** Population variance. */
  variance: number;
}

/** Fairness within one peer group: the members of a unit who hold the same set of roles. */
export interface GroupFairness {
  unitId: string;
  /** The roles every member of the group holds, sorted. */
  roles: string[];
  members: number;
  nights: MeasureStats;
  holidays: MeasureStats;
  hours: MeasureStats;
  /** Assignments against a stated preference (avoid nights / avoid weekdays). */
}

export interface FairnessReport {
  groups: GroupFairness[];
  /** Largest night-shift spread over units that have night shifts. */
  nightSpread: number;
  /** Largest holiday-shift spread over units that have holiday shifts. */
  holidaySpread: number;
  /** Largest hours spread over units. */
  hoursSpread: number;
  preferenceMisses: number;
}

/**
 * Peers are compared with peers: a shift leader (带班) who can also staff the desk does the leader
 * nights nobody else can, so comparing them with desk staff would call the roster unfair whatever it is.
 */
export function peerGroupKey(member: { skills: readonly string[] }, unitId: string): string {
  return `${unitId}\u0000${[...member.skills].sort().join('\u0001')}`;
}

/** Statistics of a list of numbers (all zero for an empty list). */
export function stats(values: readonly number[]): MeasureStats {
  if (values.length === 0) return { min: 0, max: 0, spread: 0, mean: 0, variance: 0 };
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const mean = sum / values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { min, max, spread: round(max - min), mean: round(mean), variance: round(sq / values.length) };
}

/** Night, holiday and hours fairness per unit of a roster. */
export function measureFairness(problem: RosterProblem, roster: Roster): FairnessReport {
  const shifts = new Map(problem.shifts.map((s) => [s.id, s]));
  const unitIds = [...new Set(problem.shifts.map((s) => s.unitId))].sort();
  const perPerson = new Map<string, Map<string, { nights: number; holidays: number; hours: number }>>();
  let misses = 0;
  const members = new Map(problem.members.map((m) => [m.personId, m]));
  for (const a of roster.assignments) {
    const s = shifts.get(a.shiftId);
    if (!s) continue;
    const byUnit = perPerson.get(a.personId) ?? new Map();
    perPerson.set(a.personId, byUnit);
    const c = byUnit.get(s.unitId) ?? { nights: 0, holidays: 0, hours: 0 };
    byUnit.set(s.unitId, c);
    if (s.night) c.nights++;
    if (s.holiday) c.holidays++;
    c.hours += (s.end - s.start) / 3_600_000;
    const pref = members.get(a.personId)?.preferences;
    const weekday = new Date(`${s.date}T00:00:00Z`).getUTCDay() || 7;
    if ((pref?.avoidNights && s.night) || pref?.avoidWeekdays?.includes(weekday)) {
      misses++;
    }
  }
  const groups: GroupFairness[] = [];
  for (const unitId of unitIds) {
    const byKey = new Map<string, typeof problem.members>();
    for (const m of problem.members) {
      if (!m.unitIds.includes(unitId)) continue;
      const key = peerGroupKey(m, unitId);
      byKey.set(key, [...(byKey.get(key) ?? []), m]);
    }
    for (const [, peers] of [...byKey].sort((a, b) => a[0].localeCompare(b[0]))) {
      const zero = { nights: 0, holidays: 0, hours: 0 };
      const counts = peers.map((m) => perPerson.get(m.personId)?.get(unitId) ?? zero);
      // Night fairness among those who accept nights: someone who asked for no nights and got none is not a gap.
      const nightPeers = peers.filter((m) => !m.preferences?.avoidNights);
      groups.push({
        unitId,
        roles: [...peers[0]!.skills].sort(),
        members: peers.length,
        nights: stats(nightPeers.map((m) => perPerson.get(m.personId)?.get(unitId)?.nights ?? 0)),
        holidays: stats(counts.map((c) => c.holidays)),
        hours: stats(counts.map((c) => c.hours)),
      });
    }
  }
  const hasNights = new Set(problem.shifts.filter((s) => s.night).map((s) => s.unitId));
  const hasHolidays = new Set(problem.shifts.filter((s) => s.holiday).map((s) => s.unitId));
  return {
    groups,
    nightSpread: Math.max(0, ...groups.filter((g) => hasNights.has(g.unitId)).map((g) => g.nights.spread)),
    holidaySpread: Math.max(0, ...groups.filter((g) => hasHolidays.has(g.unitId)).map((g) => g.holidays.spread)),
    hoursSpread: Math.max(0, ...groups.map((g) => g.hours.spread)),
    preferenceMisses: misses,
  };
}
