import type { Actor } from './actor.ts';
import type { Executor } from '../storage/db.ts';
import { chunksOf } from '../storage/chunked.ts';
import type { Ref } from './resources.ts';

/** How long an upload nobody references stays readable by its uploader (and, if anonymous, stored at all). */
export const UNREFERENCED_UPLOAD_HOURS = 24;

/**
 * Where uploads are referenced: each JSON column that holds sha256 values, and the registered
 * resource whose access decides who may see them. A new column holding attachment hashes must be
 * added here, or its files stay visible to their uploader only.
 */
const REFERENCES = [
  { table: 'case_events', column: 'photos_json', id: 'case_id', resource: 'case' },
  { table: 'case_hazard_reinspections', column: 'photos_json', id: 'case_id', resource: 'case' },
  { table: 'inspection_findings', column: 'photos_json', id: 'task_id', resource: 'inspectionTask' },
  { table: 'inspection_item_results', column: 'photos_json', id: 'task_id', resource: 'inspectionTask' },
  { table: 'spotcheck_items', column: 'photos_json', id: 'id', resource: 'spotCheckItem' },
  { table: 'directives', column: 'attachments_json', id: 'id', resource: 'directive' },
  { table: 'directive_deliveries', column: 'report_photos_json', id: 'directive_id', resource: 'directive' },
  { table: 'followup_items', column: 'evidence_json', id: 'id', resource: 'followup' },
] as const;

/** Columns that (also) name uploads by their attachment row id rather than the hash: follow-up evidence `attachmentIds`. */
const ID_REFERENCES = [{ table: 'followup_items', column: 'evidence_json', id: 'id', resource: 'followup' }] as const;

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Bulk: sha256 → the records that reference it. The hashes are hex only, so they are safe inside a
 * LIKE pattern (no wildcard can be smuggled in). Scans the JSON columns; fine at the sizes a district
 * runs, and the only place to change if a link table is ever introduced.
 */
export async function attachmentReferences(db: Executor, ids: readonly string[]): Promise<Map<string, Ref[]>> {
  const hashes = [...new Set(ids)].filter((h) => SHA256.test(h));
  const out = new Map<string, Ref[]>(hashes.map((h) => [h, []]));
  if (hashes.length === 0) return out;
  for (const ref of REFERENCES) {
    // 50 LIKE patterns per statement: each is a full scan term, keep the OR short.
    for (const chunk of chunksOf(hashes, 50)) {
      const rows = (await (db as Executor)
        .selectFrom(ref.table as 'case_events')
        .select([`${ref.id} as rid` as 'case_id', `${ref.column} as refs` as 'photos_json'])
        .where((eb) => eb.or(chunk.map((h) => eb(ref.column as 'photos_json', 'like', `%${h}%`))))
        .execute()) as unknown as { rid: string; refs: string | null }[];
      for (const row of rows) {
        for (const h of chunk) if (row.refs?.includes(h)) out.get(h)!.push({ resource: ref.resource, id: row.rid });
      }
    }
  }
  // Row ids of these uploads (UUIDs: hex and '-', safe in LIKE too), for columns that name ids.
  const rows = await db.selectFrom('attachments').select(['id', 'sha256']).where('sha256', 'in', hashes).execute();
  for (const ref of ID_REFERENCES) {
    for (const piece of chunksOf(rows, 50)) {
      const chunk = piece.filter((r) => /^[0-9a-f-]{36}$/.test(r.id));
      if (chunk.length === 0) continue;
      const found = (await (db as Executor)
        .selectFrom(ref.table)
        .select([`${ref.id} as rid` as 'id', `${ref.column} as refs` as 'evidence_json'])
        .where((eb) => eb.or(chunk.map((r) => eb(ref.column, 'like', `%${r.id}%`))))
        .execute()) as unknown as { rid: string; refs: string | null }[];
      for (const f of found) for (const r of chunk) if (f.refs?.includes(r.id)) out.get(r.sha256)!.push({ resource: ref.resource, id: f.rid });
    }
  }
  return out;
}

/** Uploads the actor made themselves within UNREFERENCED_UPLOAD_HOURS (theirs to read and attach, referenced or not). */
export async function ownUnreferencedUploads(db: Executor, actor: Actor, ids: readonly string[], now: Date): Promise<Set<string>> {
  if (actor.id === null || ids.length === 0) return new Set();
  const since = new Date(now.getTime() - UNREFERENCED_UPLOAD_HOURS * 3600_000).toISOString();
  const rows = await db
    .selectFrom('attachments')
    .select('sha256')
    .where('sha256', 'in', [...new Set(ids)])
    .where('created_by', '=', actor.id)
    .where('created_at', '>=', since)
    .execute();
  return new Set(rows.map((r) => r.sha256));
}
