import { requireAccess } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { markNotificationRead } from '../../notifications/notifications.repository.ts';

/** Mark one of the caller's own notifications read (idempotent); another person's answers NOT_FOUND (resource notification: its recipient only). */
export async function readNotification(trx: Trx, o: { actor: Actor; id: string; now: Date }): Promise<void> {
  await requireAccess(trx, { actor: o.actor, action: 'case.read', resource: 'notification', ids: [o.id], now: o.now });
  // The update still names the recipient: a second, independent guard.
  if (!o.actor.id || !(await markNotificationRead(trx, o.actor.id, o.id, o.now.toISOString()))) throw notFound('notification');
}
