import type { Executor } from '../../storage/db.ts';
import type { AuditLogRow } from '../../storage/schema.ts';

export interface AuditFilter {
  recordType?: string | undefined;
  recordId?: string | undefined;
  actorId?: string | undefined;
  /** ISO-8601 UTC, inclusive. */
  from?: string | undefined;
  /** ISO-8601 UTC, inclusive. */
  to?: string | undefined;
  /** Only entries with seq below this (keyset pagination, newest first). */
  beforeSeq?: number | undefined;
  limit: number;
}

/** Audit entries matching the filter, newest first. Queries only. */
export async function findAuditEntries(db: Executor, filter: AuditFilter): Promise<AuditLogRow[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (filter.recordType !== undefined) q = q.where('record_type', '=', filter.recordType);
  if (filter.recordId !== undefined) q = q.where('record_id', '=', filter.recordId);
  if (filter.actorId !== undefined) q = q.where('actor_id', '=', filter.actorId);
  if (filter.from !== undefined) q = q.where('at', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('at', '<=', filter.to);
  if (filter.beforeSeq !== undefined) q = q.where('seq', '<', filter.beforeSeq);
  const rows = await q.orderBy('seq', 'desc').limit(filter.limit).execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}
