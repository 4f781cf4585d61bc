import type { Executor } from '../storage/db.ts';
import type { AttachmentRow } from '../storage/schema.ts';

/** Insert one attachment metadata row. */
export async function insertAttachment(db: Executor, row: AttachmentRow): Promise<void> {
  await db.insertInto('attachments').values(row).execute();
}

/** One attachment by id, or undefined. */
export async function findAttachmentById(db: Executor, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Attachments by id, in one query (case detail pages list several). */
export async function findAttachmentsByIds(db: Executor, ids: readonly string[]): Promise<AttachmentRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('attachments').selectAll().where('id', 'in', ids).execute();
}
