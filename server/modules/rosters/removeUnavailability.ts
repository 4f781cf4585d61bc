import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { isMember } from './rosters.repository.ts';

/** Withdraw a leave or unavailability entry (销假) of a member of the unit; later rosters may use the time again. */
export async function removeUnavailability(trx: Trx, o: { actor: Actor; unitId: string; id: string }) {
  const row = await trx.selectFrom('roster_unavailability').selectAll().where('id', '=', o.id).executeTakeFirst();
  // Leave of someone outside this unit answers like a missing entry.
  if (!row || !(await isMember(trx, o.unitId, row.user_id))) throw new AppError('NOT_FOUND', 'leave entry not found', 'id');
  await trx.deleteFrom('roster_unavailability').where('id', '=', o.id).execute();
  await appendAudit(trx, o.actor, { action: 'roster.unavailability.remove', recordType: 'roster_unit', recordId: o.unitId, before: row, after: null });
  return { id: o.id, removed: true };
}
