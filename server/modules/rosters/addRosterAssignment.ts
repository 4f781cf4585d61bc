import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { allowedIds } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { RosterUnitRow } from '../../storage/schema.ts';
import { loadUnitProblem, newViolations, windowAround } from './rosterProblem.ts';
import type { AssignmentBody } from '../../../shared/rosters/wire.ts';

/**
 * Manual edit (手工调班): put a person on a shift. Checked with checkRoster against the week either
 * side; a change that introduces a violation is refused (CONFLICT with the violations listed) unless
 * the manager gives an override reason, which is stored on the assignment and audited with the violations.
 * Only members of the unit, or with an override anyone the manager may see, go on a shift.
 */
export async function addRosterAssignment(trx: Trx, o: AssignmentBody & { actor: Actor; unit: RosterUnitRow; now: Date }) {
  const member = await trx.selectFrom('roster_members').select('user_id').where('unit_id', '=', o.unit.id).where('user_id', '=', o.userId).executeTakeFirst();
  // A non-member goes on a shift only with an override, and only someone the manager may see (a missing
  // or unseen person answers alike, never a 500 from the foreign key).
  const visible = member !== undefined || (await allowedIds(trx, { actor: o.actor, action: 'people.read', resource: 'user', ids: [o.userId] })).has(o.userId);
  if ((!member && !o.overrideReason) || !visible) throw new AppError('NOT_FOUND', 'person is not a member of this unit', 'userId');
  const { fromDate, toDate } = windowAround(o.date);
  const loaded = await loadUnitProblem(trx, o.unit, fromDate, toDate);
  const shift = loaded.problem.shifts.find((s) => s.id === `${o.templateId}@${o.date}`);
  if (!shift) throw new AppError('NOT_FOUND', 'shift template not found in this unit', 'templateId');
  if (!shift.requirements.some((r) => r.role === o.role)) throw new AppError('VALIDATION_FAILED', `role must be one of: ${shift.requirements.map((r) => r.role).join(', ')}`, 'role');
  const added = { shiftId: shift.id, role: o.role, personId: o.userId };
  const violations = newViolations(loaded.problem, loaded.assignments, [...loaded.assignments, added]);
  if (violations.length > 0 && !o.overrideReason) {
    throw new AppError('CONFLICT', `排班违反规则 / the change breaks roster rules: ${violations.map((v) => v.messageZh).join('；')}`, undefined, { violations });
  }
  const row = {
    id: uuidv7(), unit_id: o.unit.id, template_id: o.templateId, shift_date: o.date, role: o.role, user_id: o.userId,
    starts_at: new Date(shift.start).toISOString(), ends_at: new Date(shift.end).toISOString(), source: 'manual',
    override_reason: violations.length > 0 ? o.overrideReason! : null, created_at: o.now.toISOString(),
  };
  await trx.insertInto('roster_assignments').values(row).execute();
  await appendAudit(trx, o.actor, {
    action: violations.length > 0 ? 'roster.assignment.override' : 'roster.assignment.create',
    recordType: 'roster_unit', recordId: o.unit.id,
    after: { ...row, violations: violations.map((v) => ({ rule: v.rule, personId: v.personId, date: v.date, message: v.messageZh })) },
  });
  return { id: row.id, overridden: violations.length > 0, violations };
}
