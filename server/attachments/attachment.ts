import type { AttachmentRow } from '../storage/schema.ts';

/** Domain shape of an attachment (what routes present, after access checks on the owning record). */
export interface Attachment {
  id: string;
  sha256: string;
  size: number;
  mime: string;
  createdBy: string | null;
  createdAt: string;
  originalName: string | null;
  /** Location metadata was removed before storing. */
  stripped: boolean;
}

/** Row → domain. */
export function toAttachment(row: AttachmentRow): Attachment {
  return {
    id: row.id,
    sha256: row.sha256,
    size: Number(row.size),
    mime: row.mime,
    createdBy: row.created_by,
    createdAt: row.created_at,
    originalName: row.original_name,
    stripped: row.stripped === 1,
  };
}

/** A client-supplied file name made safe to store and show: base name, no control characters, ≤ 200 chars. */
export function cleanOriginalName(name: string | null | undefined): string | null {
  if (!name) return null;
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return cleaned === '' ? null : cleaned;
}
