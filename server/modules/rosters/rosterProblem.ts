import type { Executor } from '../../storage/db.ts';
import type { RosterAssignmentRow, RosterUnitRow } from '../../storage/schema.ts';
import { checkRoster, type Violation } from '../../../shared/rosters/checkRoster.ts';
import {
  DAY_MS, DEFAULT_RULES, dayOfDate, expandShifts, formatDate,
  type Assignment, type Member, type RosterProblem, type RosterRules, type ShiftTemplate,
} from '../../../shared/rosters/model.ts';
import { listAssignments, listMembers, listTemplateVersions, listUnavailability } from './rosters.repository.ts';

/** Rules stored on a unit, over the defaults. */
export function unitRules(unit: RosterUnitRow): RosterRules {
  return { ...DEFAULT_RULES, ...(JSON.parse(unit.rules_json) as Partial<RosterRules>) };
}

export interface LoadedProblem {
  problem: RosterProblem;
  templates: ShiftTemplate[];
  rows: RosterAssignmentRow[];
  assignments: (Assignment & { id: string })[];
}

/**
 * The unit's shifts, members, leave and stored assignments for shift dates [fromDate, toDate]: what
 * checkRoster needs. Callers widen the window by a week each side so rest, consecutive-day and weekly
 * rules see the neighbouring shifts. Rules are checked within the unit (see docs/rosters.md).
 */
export async function loadUnitProblem(db: Executor, unit: RosterUnitRow, fromDate: string, toDate: string): Promise<LoadedProblem> {
  // Every version that generates shifts somewhere: each expands only inside [validFrom, retiredFrom),
  // so past dates keep the times and requirements they were worked under.
  const templateRows = await listTemplateVersions(db, unit.id);
  const templates: ShiftTemplate[] = templateRows.map((t) => ({
    id: t.id, unitId: unit.id, name: t.name_zh, startTime: t.start_time, durationMinutes: t.duration_minutes,
    night: t.night === 1, requirements: JSON.parse(t.requirements_json), validFrom: t.valid_from, retiredFrom: t.retired_from,
  }));
  const from = dayOfDate(fromDate);
  const days = dayOfDate(toDate) - from + 1;
  const shifts = expandShifts(templates, fromDate, days);
  const memberRows = await listMembers(db, unit.id);
  const leave = await listUnavailability(db, memberRows.map((m) => m.user_id), new Date((from - 2) * DAY_MS).toISOString(), new Date((from + days + 2) * DAY_MS).toISOString());
  const members: Member[] = memberRows.map((m) => ({
    personId: m.user_id,
    name: m.display_name,
    skills: JSON.parse(m.skills_json),
    unitIds: [unit.id],
    unavailable: leave.filter((l) => l.user_id === m.user_id).map((l) => ({
      start: Date.parse(l.starts_at), end: Date.parse(l.ends_at), kind: l.kind === 'leave' ? 'leave' : 'unavailable', ...(l.reason ? { reason: l.reason } : {}),
    })),
    ...(m.preferences_json ? { preferences: JSON.parse(m.preferences_json) } : {}),
    maxWeeklyHours: m.max_weekly_hours,
  }));
  const rows = await listAssignments(db, unit.id, fromDate, toDate);
  const assignments = rows.map((r) => ({ id: r.id, shiftId: `${r.template_id}@${r.shift_date}`, role: r.role, personId: r.user_id }));
  return { problem: { shifts, members, rules: unitRules(unit) }, templates, rows, assignments };
}

/** The check window around a shift date: a week each side. */
export function windowAround(date: string): { fromDate: string; toDate: string } {
  const d = dayOfDate(date);
  return { fromDate: formatDate(d - 7), toDate: formatDate(d + 7) };
}

const key = (v: Violation) => `${v.rule}|${v.personId}|${v.shiftId}|${v.date}`;

/**
 * Violations an edit would introduce: present after, absent before. Coverage gaps at the window's
 * edges and problems that already existed never block an edit that does not cause them.
 */
export function newViolations(problem: RosterProblem, before: Assignment[], after: Assignment[]): Violation[] {
  const old = new Set(checkRoster(problem, { assignments: before }).map(key));
  return checkRoster(problem, { assignments: after }).filter((v) => !old.has(key(v)));
}
