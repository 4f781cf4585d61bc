import type { Executor } from '../../storage/db.ts';
import type { RosterAssignmentRow, RosterUnitRow } from '../../storage/schema.ts';

/** Queries of the duty-roster module; the use cases own the transaction. */

export function findUnit(db: Executor, unitId: string): Promise<RosterUnitRow | undefined> {
  return db.selectFrom('roster_units').selectAll().where('id', '=', unitId).executeTakeFirst();
}

/**
 * Every template row of a unit that generates or generated shifts: current ones plus retired and
 * replaced versions (which still own the shifts worked before their retired_from date).
 */
export function listTemplateVersions(db: Executor, unitId: string) {
  return db
    .selectFrom('roster_shift_templates')
    .selectAll()
    .where('unit_id', '=', unitId)
    .where((eb) => eb.or([eb('active', '=', 1), eb('retired_from', 'is not', null)]))
    .orderBy('start_time')
    .orderBy('created_at')
    .execute();
}

export function findTemplate(db: Executor, unitId: string, templateId: string) {
  return db.selectFrom('roster_shift_templates').selectAll().where('unit_id', '=', unitId).where('id', '=', templateId).executeTakeFirst();
}

/** Assignments of a template row on shift dates from `fromDate` on, in date order. */
export function assignmentsOfTemplateFrom(db: Executor, templateId: string, fromDate: string) {
  return db.selectFrom('roster_assignments').selectAll().where('template_id', '=', templateId).where('shift_date', '>=', fromDate).orderBy('shift_date').execute();
}

/** How many assignments a template row has on shift dates before `date` (its worked or started history). */
export async function countAssignmentsOfTemplateBefore(db: Executor, templateId: string, date: string): Promise<number> {
  const row = await db.selectFrom('roster_assignments').select((e) => e.fn.countAll<number>().as('n')).where('template_id', '=', templateId).where('shift_date', '<', date).executeTakeFirst();
  return Number(row?.n ?? 0);
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

/** Leave and unavailability of these people overlapping [from, to), earliest first. */
export function listUnavailability(db: Executor, userIds: readonly string[], from: string, to: string) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('roster_unavailability')
    .selectAll()
    .where('user_id', 'in', [...userIds])
    .where('starts_at', '<', to)
    .where('ends_at', '>', from)
    .orderBy('starts_at')
    .orderBy('id')
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

/** Units whose territory lies under any of the paths, or of which the person is a member; with member and template counts. */
export async function listUnitsUnder(db: Executor, paths: readonly string[], memberId: string | null) {
  if (paths.length === 0 && memberId === null) return [];
  return db
    .selectFrom('roster_units')
    .select((eb) => [
      'roster_units.id', 'roster_units.name_zh', 'roster_units.kind', 'roster_units.territory_code', 'roster_units.territory_path', 'roster_units.rules_json',
      eb.selectFrom('roster_members').select((e) => e.fn.countAll<number>().as('n')).whereRef('roster_members.unit_id', '=', 'roster_units.id').as('members'),
      eb.selectFrom('roster_shift_templates').select((e) => e.fn.countAll<number>().as('n')).whereRef('roster_shift_templates.unit_id', '=', 'roster_units.id').where('roster_shift_templates.active', '=', 1).as('templates'),
    ])
    .where((eb) => {
      const ors = paths.map((p) => eb('roster_units.territory_path', 'like', `${p}%`));
      if (memberId !== null) ors.push(eb('roster_units.id', 'in', eb.selectFrom('roster_members').select('unit_id').where('user_id', '=', memberId)));
      return eb.or(ors);
    })
    .orderBy('roster_units.territory_path')
    .orderBy('roster_units.name_zh')
    .execute();
}

/** A unit's swap requests (optionally in one state), newest first, with the requester's and decider's names. */
export function listSwaps(db: Executor, unitId: string, state: string | undefined, limit: number) {
  let q = db
    .selectFrom('roster_swap_requests as s')
    .leftJoin('users as requester', 'requester.id', 's.requester_id')
    .leftJoin('users as decider', 'decider.id', 's.decided_by')
    .selectAll('s')
    .select(['requester.display_name as requester_name', 'decider.display_name as decider_name'])
    .where('s.unit_id', '=', unitId);
  if (state) q = q.where('s.state', '=', state);
  return q.orderBy('s.created_at', 'desc').orderBy('s.id', 'desc').limit(limit).execute();
}

/** Assignments by id with the person's name and the shift's name (for swap lists). */
export function assignmentsWithNames(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('roster_assignments')
    .innerJoin('users', 'users.id', 'roster_assignments.user_id')
    .innerJoin('roster_shift_templates', 'roster_shift_templates.id', 'roster_assignments.template_id')
    .select(['roster_assignments.id', 'roster_assignments.user_id', 'users.display_name', 'roster_assignments.shift_date', 'roster_assignments.role', 'roster_shift_templates.name_zh as shift_name', 'roster_assignments.starts_at', 'roster_assignments.ends_at'])
    .where('roster_assignments.id', 'in', [...new Set(ids)])
    .execute();
}

/** A person's assignments in a unit that have not ended by `at`. */
export function upcomingAssignmentsOf(db: Executor, unitId: string, userId: string, at: string) {
  return db.selectFrom('roster_assignments').select(['id', 'shift_date']).where('unit_id', '=', unitId).where('user_id', '=', userId).where('ends_at', '>', at).orderBy('starts_at').execute();
}
