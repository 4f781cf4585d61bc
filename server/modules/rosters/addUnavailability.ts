import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { isMember } from './rosters.repository.ts';
import type { UnavailabilityBody } from '../../../shared/rosters/wire.ts';

/** Record leave (请假) or unavailability for a member of the unit; later rosters respect it. */
export async function addUnavailability(trx: Trx, o: UnavailabilityBody & { actor: Actor; unitId: string; now: Date }) {
  if (!(await isMember(trx, o.unitId, o.userId))) throw new AppError('NOT_FOUND', 'person is not a member of this unit', 'userId');
  const row = { id: uuidv7(), user_id: o.userId, kind: o.kind, starts_at: o.startsAt, ends_at: o.endsAt, reason: o.reason ?? null, created_by: o.actor.id, created_at: o.now.toISOString() };
  await trx.insertInto('roster_unavailability').values(row).execute();
  await appendAudit(trx, o.actor, { action: 'roster.unavailability.create', recordType: 'roster_unit', recordId: o.unitId, after: row });
  return { id: row.id, userId: o.userId, kind: o.kind, startsAt: o.startsAt, endsAt: o.endsAt, reason: row.reason };
}
