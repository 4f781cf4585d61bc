import { sql, type Kysely } from 'kysely';
import { columnTypes } from './_dialect.ts';

// Frozen: territory, people and access, sessions, tokens, and the hash-chained audit log.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('territory_nodes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('parent_code', 'text', (c) => c.references('territory_nodes.code'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('geometry', 'text')
    .addColumn('min_lng', t.double)
    .addColumn('min_lat', t.double)
    .addColumn('max_lng', t.double)
    .addColumn('max_lat', t.double)
    .addColumn('households', 'integer')
    .addColumn('residents', 'integer')
    .addColumn('description', 'text')
    .addColumn('source', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('territory_nodes_parent').on('territory_nodes').column('parent_code').execute();
  await db.schema.createIndex('territory_nodes_path').on('territory_nodes').column('path').execute();
  await db.schema.createIndex('territory_nodes_level').on('territory_nodes').columns(['level', 'path']).execute();
  if (t.isPostgres) {
    // Prefix scans on path ('32/3201/%') need the C collation operator class on PostgreSQL.
    await sql`create index territory_nodes_path_prefix on territory_nodes (path text_pattern_ops)`.execute(db);
  }

  await db.schema
    .createTable('departments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('territory_code', 'text', (c) => c.notNull().references('territory_nodes.code'))
    .addColumn('territory_path', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('departments_kind_territory').on('departments').columns(['kind', 'territory_code']).execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('role_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('scope_code', 'text', (c) => c.notNull().references('territory_nodes.code'))
    .addColumn('scope_path', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('role_assignments_user').on('role_assignments').column('user_id').execute();
  await db.schema.createIndex('role_assignments_scope').on('role_assignments').columns(['scope_code', 'role']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
    .addColumn('source_ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_used_at', t.timestamp)
    .addColumn('revoked_at', t.timestamp)
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', t.bigint, (c) => c.primaryKey())
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('source_ip', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_record').on('audit_log').columns(['record_type', 'record_id']).execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'seq']).execute();

  // One row holding the chain's head; appending locks it, which serialises appends across processes.
  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', t.bigint, (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.insertInto('audit_head').values({ id: 1, seq: 0, hash: '0'.repeat(64) }).execute();

  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('seq', t.bigint, (c) => c.primaryKey())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('signed_at', t.timestamp, (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('foundation migration is not reversible');
}
