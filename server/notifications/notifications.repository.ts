import type { Executor } from '../storage/db.ts';
import type { NotificationRow } from '../storage/schema.ts';

/** Reads of a person's notifications (通知); writes go through notify(). */

/** A person's notifications, newest first, optionally unread only and before a cursor id. */
export async function findNotifications(db: Executor, userId: string, o: { unreadOnly: boolean; beforeId?: string; limit: number }): Promise<NotificationRow[]> {
  let q = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (o.unreadOnly) q = q.where('read_at', 'is', null);
  if (o.beforeId) q = q.where('id', '<', o.beforeId);
  return q.orderBy('id', 'desc').limit(o.limit).execute();
}

/** Mark one of the person's notifications read; false when it is not theirs or does not exist. */
export async function markNotificationRead(db: Executor, userId: string, id: string, at: string): Promise<boolean> {
  const existing = await db.selectFrom('notifications').select(['id', 'read_at']).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  if (!existing) return false;
  if (existing.read_at === null) await db.updateTable('notifications').set({ read_at: at }).where('id', '=', id).execute();
  return true;
}
