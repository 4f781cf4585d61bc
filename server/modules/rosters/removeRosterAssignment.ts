import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { RosterAssignmentRow, RosterUnitRow } from '../../storage/schema.ts';
import { shiftHasStarted, type RoleRequirement } from '../../../shared/rosters/model.ts';

/**
 * 移除排班: take one person off one shift that has not started (a started or past shift is history:
 * SHIFT_STARTED). Pending swap requests that involve it are denied in the same transaction. The
 * answer says whether the shift is now short of its template's requirement for that role.
 */
export async function removeRosterAssignment(trx: Trx, o: { actor: Actor; unit: RosterUnitRow; assignment: RosterAssignmentRow; now: Date }) {
  const a = o.assignment;
  if (shiftHasStarted(a.starts_at, o.now.getTime())) {
    throw new AppError('SHIFT_STARTED', `该班次已于 ${a.starts_at} 开始，不能移除 / the shift started at ${a.starts_at} and is history now`, 'id', { startsAt: a.starts_at });
  }
  await trx.deleteFrom('roster_assignments').where('id', '=', a.id).execute();
  const swaps = await trx
    .selectFrom('roster_swap_requests')
    .select('id')
    .where('state', '=', 'pending')
    .where((eb) => eb.or([eb('assignment_id', '=', a.id), eb('with_assignment_id', '=', a.id)]))
    .execute();
  if (swaps.length > 0) {
    await trx
      .updateTable('roster_swap_requests')
      .set({ state: 'denied', decided_by: o.actor.id, decided_at: o.now.toISOString(), decision_note: '班次已被移除 / the shift was removed' })
      .where('id', 'in', swaps.map((s) => s.id))
      .execute();
  }
  const template = await trx.selectFrom('roster_shift_templates').select('requirements_json').where('id', '=', a.template_id).executeTakeFirst();
  const required = ((template ? JSON.parse(template.requirements_json) : []) as RoleRequirement[]).find((r) => r.role === a.role)?.count ?? 0;
  const left = await trx.selectFrom('roster_assignments').select((e) => e.fn.countAll<number>().as('n')).where('template_id', '=', a.template_id).where('shift_date', '=', a.shift_date).where('role', '=', a.role).executeTakeFirst();
  const remaining = Number(left?.n ?? 0);
  const staffing = { role: a.role, required, remaining, understaffed: remaining < required, missing: Math.max(0, required - remaining) };
  await appendAudit(trx, o.actor, {
    action: 'roster.assignment.remove', recordType: 'roster_unit', recordId: o.unit.id,
    before: a,
    after: { removed: a.id, deniedSwaps: swaps.map((s) => s.id), ...staffing },
  });
  return { id: a.id, removed: true, templateId: a.template_id, date: a.shift_date, ...staffing, deniedSwaps: swaps.length };
}
