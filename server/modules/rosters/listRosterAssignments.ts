import type { Executor } from '../../storage/db.ts';
import type { RosterUnitRow } from '../../storage/schema.ts';
import { checkRoster } from '../../../shared/rosters/checkRoster.ts';
import { dayOfDate, formatDate } from '../../../shared/rosters/model.ts';
import type { Assignments } from '../../../shared/rosters/wire.ts';
import { loadUnitProblem } from './rosterProblem.ts';

/** 值班表: a unit's assignments for `days` days from `from`, with every hard rule they break (checkRoster). */
export async function listRosterAssignments(db: Executor, o: { unit: RosterUnitRow; from: string; days: number }): Promise<Assignments> {
  const toDate = formatDate(dayOfDate(o.from) + o.days - 1);
  const loaded = await loadUnitProblem(db, o.unit, o.from, toDate);
  return {
    assignments: loaded.rows.map((r) => ({ id: r.id, templateId: r.template_id, date: r.shift_date, role: r.role, userId: r.user_id, startsAt: r.starts_at, endsAt: r.ends_at, source: r.source, overrideReason: r.override_reason })),
    violations: checkRoster(loaded.problem, { assignments: loaded.assignments }),
  };
}
