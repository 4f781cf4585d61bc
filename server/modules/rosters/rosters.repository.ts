import type { Executor } from '../../storage/db.ts';
import type { RosterAssignmentRow, RosterUnitRow } from '../../storage/schema.ts';

/** Queries of the duty-roster module; the use cases own the transaction. */

export function findUnit(db: Executor, unitId: string): Promise<RosterUnitRow | undefined> {
  return db.selectFrom('roster_units').selectAll().where('id', '=', unitId).executeTakeFirst();
}

export function listTemplates(db: Executor, unitId: string) {
  return db.selectFrom('roster_shift_templates').selectAll().where('unit_id', '=', unitId).where('active', '=', 1).orderBy('start_time').execute();
}

export function listMembers(db: Executor, unitId: string) {
  return db
    .selectFrom('roster_members')
    .innerJoin('users', 'users.id', 'roster_members.user_id')
    .select(['roster_members.user_id', 'roster_members.skills_json', 'roster_members.preferences_json', 'roster_members.max_weekly_hours', 'users.display_name'])
    .where('roster_members.unit_id', '=', unitId)
    .orderBy('users.display_name')
    .execute();
}

export function isMember(db: Executor, unitId: string, userId: string) {
  return db.selectFrom('roster_members').select('user_id').where('unit_id', '=', unitId).where('user_id', '=', userId).executeTakeFirst();
}

/** Leave and unavailability of these people overlapping [from, to). */
export function listUnavailability(db: Executor, userIds: readonly string[], from: string, to: string) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('roster_unavailability')
    .selectAll()
    .where('user_id', 'in', [...userIds])
    .where('starts_at', '<', to)
    .where('ends_at', '>', from)
    .execute();
}

/** A unit's assignments on shift dates in [fromDate, toDate] ('YYYY-MM-DD' compares as text). */
export function listAssignments(db: Executor, unitId: string, fromDate: string, toDate: string): Promise<RosterAssignmentRow[]> {
  return db
    .selectFrom('roster_assignments')
    .selectAll()
    .where('unit_id', '=', unitId)
    .where('shift_date', '>=', fromDate)
    .where('shift_date', '<=', toDate)
    .orderBy('starts_at')
    .orderBy('template_id')
    .orderBy('role')
    .execute();
}

export function findAssignment(db: Executor, id: string) {
  return db.selectFrom('roster_assignments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Assignments running at an instant in units whose id is given or whose path starts with a prefix. */
export function listOnDutyAt(db: Executor, at: string, filter: { unitId: string } | { pathPrefix: string }) {
  let q = db
    .selectFrom('roster_assignments')
    .innerJoin('roster_units', 'roster_units.id', 'roster_assignments.unit_id')
    .innerJoin('users', 'users.id', 'roster_assignments.user_id')
    .innerJoin('roster_shift_templates', 'roster_shift_templates.id', 'roster_assignments.template_id')
    .select([
      'roster_assignments.id', 'roster_assignments.unit_id', 'roster_units.name_zh as unit_name', 'roster_assignments.role',
      'roster_assignments.user_id', 'users.display_name', 'roster_shift_templates.name_zh as shift_name',
      'roster_assignments.starts_at', 'roster_assignments.ends_at',
    ])
    .where('roster_assignments.starts_at', '<=', at)
    .where('roster_assignments.ends_at', '>', at);
  q = 'unitId' in filter ? q.where('roster_assignments.unit_id', '=', filter.unitId) : q.where('roster_units.territory_path', 'like', `${filter.pathPrefix}%`);
  return q.orderBy('roster_units.name_zh').orderBy('roster_assignments.role').orderBy('users.display_name').execute();
}

export function findSwap(db: Executor, id: string) {
  return db.selectFrom('roster_swap_requests').selectAll().where('id', '=', id).executeTakeFirst();
}
