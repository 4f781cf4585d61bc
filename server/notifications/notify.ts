import { uuidv7 } from 'uuidv7';
import type { Executor } from '../storage/db.ts';
import { forEachChunk } from '../storage/chunked.ts';
import type { NotificationRow } from '../storage/schema.ts';

/** One inbox message (站内通知) for one person; `caseId` when it is about a case (the inbox links to it). */
export interface Notice {
  userId: string;
  kind: string;
  title: string;
  body: string;
  caseId?: string | null;
}

/**
 * The one way to notify: one unread notifications row per notice, stamped `at`, inserted in chunks in
 * the caller's transaction (the live feed picks the rows up after commit). Returns how many were written.
 */
export async function notify(db: Executor, notices: readonly Notice[], at: string): Promise<number> {
  const rows: NotificationRow[] = notices.map((n) => ({ id: uuidv7(), user_id: n.userId, case_id: n.caseId ?? null, kind: n.kind, title: n.title, body: n.body, created_at: at, read_at: null }));
  await forEachChunk(rows, (chunk) => db.insertInto('notifications').values(chunk).execute());
  return rows.length;
}
