import { allowedIds } from '../access/access.ts';
import type { Actor } from '../access/actor.ts';
import { AppError } from '../errors.ts';
import type { Executor } from '../storage/db.ts';
import { sinceFor } from './attachmentAccess.ts';

/*
 * The one check that a new record's uploads exist and may be attached (server/access/attachmentRefs.ts
 * then counts the record as a reference). Photos are named by their sha256, follow-up evidence by
 * attachment row id; both answer VALIDATION_FAILED naming the field, never "forbidden".
 */

/**
 * Photos a new record may reference: each must be an upload the actor may read (staff), or — for
 * the resident portal and Open311 (no account) — an anonymous upload still inside its 24 h window.
 * Anything else is reported like a missing upload, so a hash seen elsewhere cannot be pulled into a
 * record one controls and read from there.
 */
export async function requireAttachments(db: Executor, o: { actor: Actor; photos: readonly string[]; now: Date; field?: string }): Promise<void> {
  const field = o.field ?? 'photos';
  const unique = [...new Set(o.photos)];
  if (unique.length === 0) return;
  let usable: Set<string>;
  if (o.actor.id === null) {
    const rows = await db
      .selectFrom('attachments')
      .select('sha256')
      .distinct()
      .where('sha256', 'in', unique)
      .where('created_by', 'is', null)
      .where('created_at', '>=', sinceFor(o.now))
      .execute();
    usable = new Set(rows.map((r) => r.sha256));
  } else {
    usable = await allowedIds(db, { actor: o.actor, action: 'case.read', resource: 'attachment', ids: unique, now: o.now });
  }
  const missing = unique.find((p) => !usable.has(p));
  if (missing) throw new AppError('VALIDATION_FAILED', `${field}: 未找到已上传的附件 / no uploaded attachment ${missing}; upload it first (POST /api/uploads)`, field);
}

/**
 * Attachment row ids (follow-up evidence `attachmentIds`) a record may reference: each must name an
 * upload whose file the actor may read; anything else answers like a missing id.
 */
export async function requireAttachmentIds(db: Executor, o: { actor: Actor; ids: readonly string[]; now: Date; field: string }): Promise<void> {
  const ids = [...new Set(o.ids)];
  if (ids.length === 0) return;
  const found = await db.selectFrom('attachments').select(['id', 'sha256']).where('id', 'in', ids).execute();
  const usable = await allowedIds(db, { actor: o.actor, action: 'case.read', resource: 'attachment', ids: found.map((f) => f.sha256), now: o.now });
  const missing = ids.filter((id) => !found.some((f) => f.id === id && usable.has(f.sha256)));
  if (missing.length) throw new AppError('VALIDATION_FAILED', `${o.field}: 附件不存在 / no such attachment: ${missing[0]}`, o.field);
}
