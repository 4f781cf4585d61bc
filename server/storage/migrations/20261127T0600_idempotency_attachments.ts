import type { Kysely } from 'kysely';
import { columnTypes } from './_dialect.ts';

// Frozen: idempotency records for creating endpoints (IETF Idempotency-Key draft) and attachment metadata.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  // One row per (principal, key). The primary key is what decides races between server processes:
  // whoever inserts the reservation first owns the request.
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('principal', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    // Random token of the current owner: a stale owner whose lease was taken over cannot record its result.
    .addColumn('lock_token', 'text')
    .addColumn('locked_until', t.timestamp)
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('completed_at', t.timestamp)
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['principal', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_expires').on('idempotency_keys').column('expires_at').execute();

  // Metadata of stored uploads; the bytes live content-addressed in the attachment store.
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', t.bigint, (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('original_name', 'text')
    .addColumn('stripped', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('attachments_sha256').on('attachments').column('sha256').execute();
  await db.schema.createIndex('attachments_created_by').on('attachments').columns(['created_by', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attachments').execute();
  await db.schema.dropTable('idempotency_keys').execute();
}
