import { sql, type Kysely } from 'kysely';
import { columnTypes } from './_dialect.ts';

// Frozen: the case closed loop (案件闭环) — categories, cases, timeline, controlled-action ledger, inbox.
// Categories are seeded by the app at start (seedCategories, idempotent), not here: migrations never
// import app code, and operators edit the table afterwards.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('case_categories')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('parent_code', 'text')
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('department_kind', 'text', (c) => c.notNull())
    .addColumn('department_level', 'text', (c) => c.notNull())
    .addColumn('limits_json', 'text', (c) => c.notNull())
    .addColumn('filing_criteria', 'text', (c) => c.notNull())
    .addColumn('closing_criteria', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_no', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('category_code', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('lat', t.double, (c) => c.notNull())
    .addColumn('lng', t.double, (c) => c.notNull())
    .addColumn('grid_code', 'text', (c) => c.notNull())
    .addColumn('territory_path', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('reporter_id', 'text')
    .addColumn('reporter_name', 'text')
    .addColumn('reporter_phone', 'text')
    .addColumn('tracking_code', 'text', (c) => c.unique())
    .addColumn('department_id', 'text')
    .addColumn('handler_id', 'text')
    .addColumn('rework_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pending_request_json', 'text')
    .addColumn('resume_to', 'text')
    .addColumn('self_resolved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('self_resolved_by', 'text')
    .addColumn('stage', 'text')
    .addColumn('stage_limit', 'text')
    .addColumn('stage_started_at', t.timestamp)
    .addColumn('stage_due_at', t.timestamp)
    .addColumn('stage_warn_at', t.timestamp)
    .addColumn('stage_escalate_at', t.timestamp)
    .addColumn('warned_at', t.timestamp)
    .addColumn('supervised_at', t.timestamp)
    .addColumn('escalated_at', t.timestamp)
    .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('overdue_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('calendar_unknown_years', 'text')
    .addColumn('closed_at', t.timestamp)
    .addColumn('closed_on_time', 'integer')
    .addColumn('duplicate_of', 'text')
    .addColumn('dispute_level', 'text')
    .addColumn('details_json', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  // Scoped lists (prefix on the path) newest first; the id is UUIDv7, so id order = creation order.
  await db.schema.createIndex('cases_territory').on('cases').columns(['territory_path', 'id']).execute();
  if (t.isPostgres) {
    await sql`create index cases_territory_prefix on cases (territory_path text_pattern_ops, id)`.execute(db);
  }
  await db.schema.createIndex('cases_department').on('cases').columns(['department_id', 'id']).execute();
  await db.schema.createIndex('cases_state').on('cases').columns(['state', 'id']).execute();
  // Duplicate detection: same category, recent.
  await db.schema.createIndex('cases_category_created').on('cases').columns(['category_code', 'created_at']).execute();
  // The SLA scan: each phase is one range scan on (flag IS NULL, instant <= now).
  await db.schema.createIndex('cases_sla_warn').on('cases').columns(['warned_at', 'stage_warn_at']).execute();
  await db.schema.createIndex('cases_sla_due').on('cases').columns(['supervised_at', 'stage_due_at']).execute();
  await db.schema.createIndex('cases_sla_escalate').on('cases').columns(['escalated_at', 'stage_escalate_at']).execute();
  await db.schema.createIndex('cases_handler').on('cases').columns(['handler_id', 'id']).execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('note', 'text')
    .addColumn('lat', t.double)
    .addColumn('lng', t.double)
    .addColumn('photos_json', 'text')
    .addColumn('data_json', 'text')
    .execute();
  await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'id']).execute();

  await db.schema
    .createTable('case_ledger')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('extend_by', 'text')
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_ledger_case').on('case_ledger').columns(['case_id', 'id']).execute();
  await db.schema.createIndex('case_ledger_kind').on('case_ledger').columns(['kind', 'at']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('read_at', t.timestamp)
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropTable('case_ledger').execute();
  await db.schema.dropTable('case_events').execute();
  await db.schema.dropTable('cases').execute();
  await db.schema.dropTable('case_categories').execute();
}
