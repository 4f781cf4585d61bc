import type { Kysely } from 'kysely';
import { columnTypes } from './_dialect.ts';

// Frozen: unannounced inspections (明察暗访), completing the tables of 20261127T1200_supervision.
// - inspection_plans gains its type (明察 'open' / 暗访 'covert'), a description and the checklist template
//   it was built from (the checklist itself stays copied into checklist_json, so editing a template never
//   changes a plan already under way).
// - inspection_tasks gains who completed it and the inspector's summary.
// - inspection_item_results: one result (pass | fail | na, note, photos) per task and checklist item.
// - inspection_findings becomes the findings register (问题): description, severity, location, responsible
//   unit, and the rectification case (整改) with its deadline once one is opened. Its frozen columns stay:
//   item_key ('' = not tied to a checklist item) and result (always 'fail' for a finding).
// - inspection_checklist_templates: reusable checklists (检查表模板) owned by a territory node.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema.alterTable('inspection_plans').addColumn('kind', 'text', (c) => c.notNull().defaultTo('open')).execute();
  await db.schema.alterTable('inspection_plans').addColumn('description', 'text').execute();
  await db.schema.alterTable('inspection_plans').addColumn('template_id', 'text').execute();
  await db.schema.createIndex('inspection_plans_path').on('inspection_plans').columns(['territory_path', 'starts_at']).execute();

  await db.schema.alterTable('inspection_tasks').addColumn('completed_by', 'text').execute();
  await db.schema.alterTable('inspection_tasks').addColumn('summary', 'text').execute();
  await db.schema.createIndex('inspection_tasks_inspector').on('inspection_tasks').columns(['inspector_id', 'state']).execute();

  await db.schema
    .createTable('inspection_item_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('photos_json', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('recorded_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('inspection_item_results_task_item', ['task_id', 'item_key'])
    .execute();

  await db.schema.alterTable('inspection_findings').addColumn('description', 'text').execute();
  await db.schema.alterTable('inspection_findings').addColumn('severity', 'text').execute();
  await db.schema.alterTable('inspection_findings').addColumn('address', 'text').execute();
  await db.schema.alterTable('inspection_findings').addColumn('lat', t.double).execute();
  await db.schema.alterTable('inspection_findings').addColumn('lng', t.double).execute();
  await db.schema.alterTable('inspection_findings').addColumn('responsible_unit', 'text').execute();
  await db.schema.alterTable('inspection_findings').addColumn('rectify_deadline', t.timestamp).execute();
  await db.schema.alterTable('inspection_findings').addColumn('rectify_requested_by', 'text').execute();
  await db.schema.alterTable('inspection_findings').addColumn('rectify_requested_at', t.timestamp).execute();
  await db.schema.createIndex('inspection_findings_case').on('inspection_findings').columns(['case_id']).execute();

  await db.schema
    .createTable('inspection_checklist_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('territory_code', 'text', (c) => c.notNull())
    .addColumn('territory_path', 'text', (c) => c.notNull())
    .addColumn('items_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('inspection_checklist_templates').execute();
  await db.schema.dropTable('inspection_item_results').execute();
  await db.schema.dropIndex('inspection_findings_case').execute();
  for (const column of ['rectify_requested_at', 'rectify_requested_by', 'rectify_deadline', 'responsible_unit', 'lng', 'lat', 'address', 'severity', 'description']) {
    await db.schema.alterTable('inspection_findings').dropColumn(column).execute();
  }
  await db.schema.dropIndex('inspection_tasks_inspector').execute();
  await db.schema.alterTable('inspection_tasks').dropColumn('summary').execute();
  await db.schema.alterTable('inspection_tasks').dropColumn('completed_by').execute();
  await db.schema.dropIndex('inspection_plans_path').execute();
  for (const column of ['template_id', 'description', 'kind']) await db.schema.alterTable('inspection_plans').dropColumn(column).execute();
}
