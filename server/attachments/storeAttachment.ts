import { uuidv7 } from 'uuidv7';
import type { Actor } from '../access/actor.ts';
import { appendAudit } from '../audit/audit.ts';
import type { Trx } from '../storage/db.ts';
import { acceptUpload } from './acceptUpload.ts';
import { cleanOriginalName, toAttachment, type Attachment } from './attachment.ts';
import { insertAttachment } from './attachments.repository.ts';
import type { AttachmentStore } from './store.ts';

export interface StoreAttachmentOptions {
  actor: Actor;
  store: AttachmentStore;
  bytes: Uint8Array;
  originalName?: string | null;
  maxBytes: number;
  /** True for resident (public) uploads: location metadata is removed before anything is stored. */
  stripLocation: boolean;
  now: Date;
  /** Anonymous uploads: sha256 of the uploader token (newUploaderToken) that alone may fetch it until referenced. */
  uploaderTokenHash?: string | null;
}

/**
 * Accept an upload, put the bytes in the content-addressed store, and record its metadata with an
 * audit entry in the caller's transaction. The bytes are written before the commit: if the
 * transaction rolls back, an unreferenced blob remains, which is harmless (same content → same
 * address) and can be collected later; the reverse order could leave a row without bytes.
 */
export async function storeAttachment(trx: Trx, options: StoreAttachmentOptions): Promise<Attachment> {
  const accepted = acceptUpload(options.bytes, { maxBytes: options.maxBytes, stripLocation: options.stripLocation });
  const { sha256, size } = await options.store.put(accepted.bytes);
  const row = {
    id: uuidv7(),
    sha256,
    size,
    mime: accepted.mime,
    created_by: options.actor.id,
    created_at: options.now.toISOString(),
    original_name: cleanOriginalName(options.originalName),
    stripped: accepted.stripped ? 1 : 0,
    uploader_token_hash: options.uploaderTokenHash ?? null,
  };
  await insertAttachment(trx, row);
  await appendAudit(trx, options.actor, {
    action: 'attachment.create',
    recordType: 'attachment',
    recordId: row.id,
    after: { sha256, size, mime: row.mime, originalName: row.original_name, stripped: accepted.stripped, removedMetadata: accepted.removed },
  });
  return toAttachment(row);
}
