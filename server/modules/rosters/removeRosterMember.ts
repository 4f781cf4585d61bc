import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { upcomingAssignmentsOf } from './rosters.repository.ts';

/**
 * Take a person off a unit's roster. Refused (409) while they still hold shifts that have not ended:
 * those must be swapped or regenerated first, or the roster would show shifts held by a non-member.
 * Past assignments stay as history.
 */
export async function removeRosterMember(trx: Trx, o: { actor: Actor; unitId: string; userId: string; now: Date }) {
  const before = await trx.selectFrom('roster_members').selectAll().where('unit_id', '=', o.unitId).where('user_id', '=', o.userId).executeTakeFirst();
  if (!before) throw new AppError('NOT_FOUND', 'person is not a member of this unit', 'userId');
  const upcoming = await upcomingAssignmentsOf(trx, o.unitId, o.userId, o.now.toISOString());
  if (upcoming.length > 0) {
    throw new AppError('CONFLICT', `该人员还有 ${upcoming.length} 个未结束的班次（最早 ${upcoming[0]!.shift_date}），请先换班或重新排班 / the person still holds ${upcoming.length} shifts that have not ended`, 'userId', { upcomingShifts: upcoming.length, firstDate: upcoming[0]!.shift_date });
  }
  await trx.deleteFrom('roster_members').where('unit_id', '=', o.unitId).where('user_id', '=', o.userId).execute();
  await appendAudit(trx, o.actor, { action: 'roster.member.remove', recordType: 'roster_unit', recordId: o.unitId, before, after: null });
  return { unitId: o.unitId, userId: o.userId, removed: true };
}
