import { createHash, randomBytes } from 'node:crypto';
import { allowedIds } from '../access/access.ts';
import type { Actor } from '../access/actor.ts';
import { attachmentReferences, UNREFERENCED_UPLOAD_HOURS } from '../access/attachmentRefs.ts';
import { AppError } from '../errors.ts';
import type { Executor } from '../storage/db.ts';
import type { AttachmentStore } from './store.ts';

/** A fresh uploader token for an anonymous upload (shown once) and the hash that is stored. */
export function newUploaderToken(): { token: string; hash: string } {
  const token = `wgu_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashUploaderToken(token) };
}

export function hashUploaderToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The start of the window in which an unreferenced upload is still its uploader's. */
export const sinceFor = (now: Date) => new Date(now.getTime() - UNREFERENCED_UPLOAD_HOURS * 3600_000).toISOString();

/**
 * The file a caller may download, or NOT_FOUND — missing, foreign, expired and unreferenced-but-not-
 * yours all look the same. Staff: the central check on resource `attachment` (readable through any
 * record that references it; one's own unreferenced upload for 24 h). Anonymous: only with the
 * uploader token of an upload nobody references yet, within 24 h.
 */
export async function requireReadableAttachment(
  db: Executor,
  o: { actor: Actor | null; sha256: string; uploadToken: string | null; now: Date },
): Promise<{ mime: string; size: number }> {
  const row = await db.selectFrom('attachments').select(['mime', 'size']).where('sha256', '=', o.sha256).limit(1).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'attachment not found');
  if (o.actor) {
    const ok = await allowedIds(db, { actor: o.actor, action: 'case.read', resource: 'attachment', ids: [o.sha256], now: o.now });
    if (ok.has(o.sha256)) return { mime: row.mime, size: Number(row.size) };
  }
  if (o.uploadToken && (await anonymousUploadHeld(db, o.sha256, o.uploadToken, o.now))) return { mime: row.mime, size: Number(row.size) };
  throw new AppError('NOT_FOUND', 'attachment not found');
}

async function anonymousUploadHeld(db: Executor, sha256: string, token: string, now: Date): Promise<boolean> {
  const held = await db
    .selectFrom('attachments')
    .select('id')
    .where('sha256', '=', sha256)
    .where('uploader_token_hash', '=', hashUploaderToken(token))
    .where('created_at', '>=', sinceFor(now))
    .executeTakeFirst();
  if (!held) return false;
  const refs = await attachmentReferences(db, [sha256]);
  return (refs.get(sha256) ?? []).length === 0;
}

/**
 * Anonymous uploads nobody referenced within UNREFERENCED_UPLOAD_HOURS are deleted (row, then the
 * bytes when no other row shares them). Staff uploads are kept (audited, attributable) but become
 * unreadable to everyone once their window passes without a reference.
 */
export async function expireUnreferencedUploads(db: Executor, store: AttachmentStore, now: Date): Promise<{ deleted: number }> {
  const stale = await db
    .selectFrom('attachments')
    .select(['id', 'sha256'])
    .where('created_by', 'is', null)
    .where('uploader_token_hash', 'is not', null)
    .where('created_at', '<', sinceFor(now))
    .limit(500)
    .execute();
  if (stale.length === 0) return { deleted: 0 };
  const refs = await attachmentReferences(db, stale.map((r) => r.sha256));
  // Referenced ones are settled: the record decides access now, the uploader token is dropped.
  const kept = stale.filter((r) => (refs.get(r.sha256) ?? []).length > 0);
  if (kept.length) await db.updateTable('attachments').set({ uploader_token_hash: null }).where('id', 'in', kept.map((r) => r.id)).execute();
  const doomed = stale.filter((r) => (refs.get(r.sha256) ?? []).length === 0);
  if (doomed.length === 0) return { deleted: 0 };
  await db.deleteFrom('attachments').where('id', 'in', doomed.map((r) => r.id)).execute();
  for (const sha256 of new Set(doomed.map((r) => r.sha256))) {
    const still = await db.selectFrom('attachments').select('id').where('sha256', '=', sha256).executeTakeFirst();
    if (!still) await store.remove(sha256);
  }
  return { deleted: doomed.length };
}
