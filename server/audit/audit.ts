import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../access/actor.ts';
import type { Executor, Trx } from '../storage/db.ts';
import type { AuditLogRow } from '../storage/schema.ts';

/**
 * Append-only, hash-chained audit log (一次写入, 不可篡改).
 *
 * Design: a linear hash chain (each entry's hash covers its content and the previous hash) plus
 * Ed25519-signed checkpoints (see checkpoint.ts). We chose a chain over an RFC 6962 Merkle tree
 * because appends are already serialised through one head row, verification is a single pass,
 * and the questions operators ask are "has anything been changed, removed or reordered?", not
 * "prove entry N is included without reading the log". The checkpoints, signed with a key that
 * lives outside the database, stop someone with database access from rewriting the whole chain.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  action: string;
  recordType: string;
  recordId?: string | null;
  before?: unknown;
  after?: unknown;
  outcome?: 'ok' | 'denied' | 'failed';
}

/** The fields the hash covers, in a fixed order. */
export function entryHash(prevHash: string, row: Omit<AuditLogRow, 'hash' | 'prev_hash'>): string {
  const canonical = JSON.stringify([
    row.seq,
    row.at,
    row.actor_id,
    row.actor_label,
    row.action,
    row.record_type,
    row.record_id,
    row.before_json,
    row.after_json,
    row.source_ip,
    row.outcome,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/**
 * Append one audit entry inside the caller's transaction: the entry commits or rolls back with
 * the change it describes. The head row update takes a row lock on PostgreSQL, serialising
 * appends across server processes; SQLite serialises writers itself. Three statements per entry.
 */
export async function appendAudit(trx: Trx, actor: Actor, input: AuditInput): Promise<number> {
  // One statement takes the row lock, advances seq and reads the previous hash (RETURNING: SQLite ≥3.35
  // and PostgreSQL); the lock is held until commit, so no other append can interleave before the hash update.
  const head = await trx.updateTable('audit_head').set({ seq: sql`seq + 1` }).where('id', '=', 1).returning(['seq', 'hash']).executeTakeFirstOrThrow();
  const row = {
    seq: Number(head.seq),
    at: new Date().toISOString(),
    actor_id: actor.id,
    actor_label: `${actor.username} (${actor.displayName}) via ${actor.via}`,
    action: input.action,
    record_type: input.recordType,
    record_id: input.recordId ?? null,
    before_json: toJson(input.before),
    after_json: toJson(input.after),
    source_ip: actor.sourceIp,
    outcome: input.outcome ?? 'ok',
  };
  const hash = entryHash(head.hash, row);
  await trx.insertInto('audit_log').values({ ...row, prev_hash: head.hash, hash }).execute();
  await trx.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute();
  return row.seq;
}

/** Fields that changed between two plain objects: the audit 'before'/'after' pair, minimal. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

/** Read-only helper for tests and verification. */
export async function auditEntries(db: Executor, fromSeq = 1, limit = 1000): Promise<AuditLogRow[]> {
  return db.selectFrom('audit_log').selectAll().where('seq', '>=', fromSeq).orderBy('seq').limit(limit).execute();
}
