import type { Actor } from '../../access/actor.ts';
import type { Executor } from '../../storage/db.ts';
import { findNotifications } from '../../notifications/notifications.repository.ts';
import { scrubPersonalData } from '../../../shared/privacy/scrub.ts';

/** The caller's inbox, newest first. */
export async function listNotifications(db: Executor, o: { actor: Actor; unreadOnly: boolean; limit: number; cursor?: string }) {
  if (!o.actor.id) return { notifications: [], nextCursor: null };
  const rows = await findNotifications(db, o.actor.id, { unreadOnly: o.unreadOnly, limit: o.limit + 1, ...(o.cursor ? { beforeId: o.cursor } : {}) });
  const page = rows.slice(0, o.limit);
  return {
    notifications: page.map((n) => ({ id: n.id, caseId: n.case_id, kind: n.kind, title: n.title, body: scrubPersonalData(n.body), createdAt: n.created_at, readAt: n.read_at })),
    nextCursor: rows.length > o.limit ? page[page.length - 1]!.id : null,
  };
}
