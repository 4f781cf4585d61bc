import type { Kysely } from 'kysely';
import { columnTypes } from './_dialect.ts';

// Frozen: directives (通知/部署/指令) with per-person deliveries, supplementary requirements (补充要求)
// and the escalation log; campaigns (专项行动 / 重大活动安保) with phases and the daily report duty (零报告).
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('directives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('attachments_json', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('issuer_id', 'text')
    .addColumn('issuer_name', 'text', (c) => c.notNull())
    .addColumn('issuing_code', 'text', (c) => c.notNull())
    .addColumn('issuing_path', 'text', (c) => c.notNull())
    .addColumn('target_units_json', 'text')
    .addColumn('target_roles_json', 'text')
    .addColumn('reply_form_json', 'text')
    .addColumn('sign_deadline', t.timestamp)
    .addColumn('report_deadline', t.timestamp)
    .addColumn('remind_at', t.timestamp)
    .addColumn('campaign_id', 'text')
    .addColumn('delivered_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('directives_issuing').on('directives').columns(['issuing_path', 'id']).execute();
  await db.schema.createIndex('directives_campaign').on('directives').columns(['campaign_id', 'id']).execute();

  // One row per (directive, role assignment): the assignment id is the natural key, so the fan-out is
  // one INSERT … SELECT with no id generated per row, and a person serving two grids signs in each.
  await db.schema
    .createTable('directive_deliveries')
    .addColumn('directive_id', 'text', (c) => c.notNull())
    .addColumn('assignment_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('territory_path', 'text', (c) => c.notNull())
    .addColumn('delivered_at', t.timestamp, (c) => c.notNull())
    .addColumn('signed_at', t.timestamp)
    .addColumn('sign_lat', t.double)
    .addColumn('sign_lng', t.double)
    .addColumn('reported_at', t.timestamp)
    .addColumn('report_text', 'text')
    .addColumn('report_answers_json', 'text')
    .addColumn('report_photos_json', 'text')
    .addColumn('escalation_step', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('directive_deliveries_pk', ['directive_id', 'assignment_id'])
    .execute();
  // Roll-up: a covering range scan on the directive's subtree, grouped by the child-level path prefix.
  await db.schema
    .createIndex('directive_deliveries_rollup')
    .on('directive_deliveries')
    .columns(['directive_id', 'territory_path', 'signed_at', 'reported_at', 'unit_code'])
    .execute();
  await db.schema.createIndex('directive_deliveries_person').on('directive_deliveries').columns(['person_id', 'directive_id']).execute();

  await db.schema
    .createTable('directive_supplements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('directive_id', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('directive_supplements_directive').on('directive_supplements').columns(['directive_id', 'unit_path']).execute();

  await db.schema
    .createTable('directive_escalations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('directive_id', 'text', (c) => c.notNull())
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('recipient_id', 'text', (c) => c.notNull())
    .addColumn('unsigned_count', 'integer', (c) => c.notNull())
    .addColumn('person_ids_json', 'text', (c) => c.notNull())
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('directive_escalations_directive').on('directive_escalations').columns(['directive_id', 'at']).execute();

  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('territory_code', 'text', (c) => c.notNull())
    .addColumn('territory_path', 'text', (c) => c.notNull())
    .addColumn('starts_at', t.timestamp, (c) => c.notNull())
    .addColumn('ends_at', t.timestamp, (c) => c.notNull())
    .addColumn('event_at', t.timestamp)
    .addColumn('daily_report_due', 'text', (c) => c.notNull())
    .addColumn('cloned_from', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaigns_period').on('campaigns').columns(['starts_at', 'ends_at']).execute();

  await db.schema
    .createTable('campaign_phases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('starts_at', t.timestamp, (c) => c.notNull())
    .addColumn('ends_at', t.timestamp, (c) => c.notNull())
    .addColumn('sla_multipliers_json', 'text', (c) => c.notNull())
    .addColumn('patrol_multiplier', t.double, (c) => c.notNull())
    .addColumn('daily_report', 'integer', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaign_phases_period').on('campaign_phases').columns(['starts_at', 'ends_at']).execute();
  await db.schema.createIndex('campaign_phases_campaign').on('campaign_phases').columns(['campaign_id', 'sort_order']).execute();

  await db.schema
    .createTable('campaign_daily_reports')
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('grid_code', 'text', (c) => c.notNull())
    .addColumn('report_date', 'text', (c) => c.notNull())
    .addColumn('territory_path', 'text', (c) => c.notNull())
    .addColumn('nothing_to_report', 'integer', (c) => c.notNull())
    .addColumn('incident_count', 'integer', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('reported_by', 'text')
    .addColumn('reporter_name', 'text', (c) => c.notNull())
    .addColumn('reported_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_daily_reports_pk', ['campaign_id', 'report_date', 'grid_code'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['campaign_daily_reports', 'campaign_phases', 'campaigns', 'directive_escalations', 'directive_supplements', 'directive_deliveries', 'directives']) {
    await db.schema.dropTable(table).execute();
  }
}
