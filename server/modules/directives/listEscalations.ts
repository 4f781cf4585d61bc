import type { Actor } from '../../access/actor.ts';
import type { Trx } from '../../storage/db.ts';
import type { Escalations } from '../../../shared/directives/wire.ts';
import { findEscalations } from './directives.repository.ts';
import { getDirectiveRollup } from './getDirectiveRollup.ts';

/** 催签督办记录: the reminders and escalations sent about a directive's unsigned deliveries, oldest first. */
export async function listEscalations(trx: Trx, o: { actor: Actor; now: Date; directiveId: string }): Promise<Escalations> {
  // Same visibility as the roll-up at the issuing unit: whoever may not read that gets its NOT_FOUND.
  await getDirectiveRollup(trx, { actor: o.actor, now: o.now, directiveId: o.directiveId, limit: 1 });
  const rows = await findEscalations(trx, o.directiveId);
  return { items: rows.map((r) => ({ step: r.step, unitCode: r.unit_code, recipientId: r.recipient_id, unsignedCount: r.unsigned_count, at: r.at })) };
}
