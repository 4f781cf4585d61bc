import type { Kysely } from 'kysely';
import { columnTypes } from './_dialect.ts';

// Frozen: supervision (督导检查) — random spot checks (随机抽查), unannounced inspections (明察暗访),
// accountability records (责任追究), evaluation weights (综合评价) and follow-up items (长效机制).
// Default evaluation weights are plain data inserted here (docs/evaluation.md); operators edit the table.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('spotcheck_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seed', t.bigint, (c) => c.notNull())
    .addColumn('period_from', t.timestamp, (c) => c.notNull())
    .addColumn('period_to', t.timestamp, (c) => c.notNull())
    .addColumn('scope_code', 'text', (c) => c.notNull())
    .addColumn('scope_path', 'text', (c) => c.notNull())
    .addColumn('stratum_level', 'text', (c) => c.notNull())
    .addColumn('confidence', t.double, (c) => c.notNull())
    .addColumn('margin', t.double, (c) => c.notNull())
    .addColumn('population', 'integer', (c) => c.notNull())
    .addColumn('sample_size', 'integer', (c) => c.notNull())
    .addColumn('strata_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('spotcheck_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('stratum', 'text', (c) => c.notNull())
    .addColumn('territory_path', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text')
    .addColumn('handler_id', 'text')
    .addColumn('inspector_id', 'text')
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('callback_reached', 'integer')
    .addColumn('callback_satisfied', 'integer')
    .addColumn('callback_matches', 'integer')
    .addColumn('recheck_fixed', 'integer')
    .addColumn('note', 'text')
    .addColumn('photos_json', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('recorded_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('spotcheck_items_batch_case', ['batch_id', 'case_id'])
    .execute();
  await db.schema.createIndex('spotcheck_items_path').on('spotcheck_items').columns(['territory_path', 'recorded_at']).execute();
  await db.schema.createIndex('spotcheck_items_inspector').on('spotcheck_items').columns(['inspector_id', 'result']).execute();

  await db.schema
    .createTable('inspection_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('territory_code', 'text', (c) => c.notNull())
    .addColumn('territory_path', 'text', (c) => c.notNull())
    .addColumn('checklist_json', 'text', (c) => c.notNull())
    .addColumn('starts_at', t.timestamp, (c) => c.notNull())
    .addColumn('ends_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('inspection_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('target_name', 'text', (c) => c.notNull())
    .addColumn('territory_path', 'text', (c) => c.notNull())
    .addColumn('inspector_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('completed_at', t.timestamp)
    .execute();
  await db.schema.createIndex('inspection_tasks_plan').on('inspection_tasks').columns(['plan_id']).execute();

  await db.schema
    .createTable('inspection_findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('photos_json', 'text')
    .addColumn('case_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inspection_findings_task').on('inspection_findings').columns(['task_id']).execute();

  await db.schema
    .createTable('accountability_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('person_id', 'text')
    .addColumn('person_name', 'text')
    .addColumn('department_id', 'text')
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('territory_path', 'text', (c) => c.notNull())
    .addColumn('occurred_at', t.timestamp, (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('measure', 'text')
    .addColumn('reason', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('accountability_source', ['source_kind', 'source_id'])
    .execute();
  await db.schema.createIndex('accountability_path').on('accountability_records').columns(['territory_path', 'occurred_at']).execute();
  await db.schema.createIndex('accountability_person').on('accountability_records').columns(['person_id', 'occurred_at']).execute();

  await db.schema
    .createTable('evaluation_weights')
    .addColumn('component', 'text', (c) => c.primaryKey())
    .addColumn('label_zh', 'text', (c) => c.notNull())
    .addColumn('weight', t.double, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  const at = new Date(0).toISOString();
  const defaults: [string, string, number][] = [
    ['closure', '结案率', 0.2],
    ['onTime', '按期结案率', 0.2],
    ['rework', '返工率（逆向）', 0.1],
    ['gridResolution', '就地化解率', 0.1],
    ['directiveSign', '指令签收率', 0.1],
    ['dailyReport', '日报报送率', 0.1],
    ['patrolCompliance', '巡逻达标率', 0.1],
    ['spotCheckPass', '抽查合格率', 0.1],
  ];
  await db
    .insertInto('evaluation_weights')
    .values(defaults.map(([component, label_zh, weight]) => ({ component, label_zh, weight, updated_at: at })))
    .execute();

  await db.schema
    .createTable('followup_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text')
    .addColumn('territory_code', 'text', (c) => c.notNull())
    .addColumn('territory_path', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('owner_name', 'text', (c) => c.notNull())
    .addColumn('due_at', t.timestamp, (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('done_at', t.timestamp)
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('followup_campaign').on('followup_items').columns(['campaign_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['followup_items', 'evaluation_weights', 'accountability_records', 'inspection_findings', 'inspection_tasks', 'inspection_plans', 'spotcheck_items', 'spotcheck_batches']) {
    await db.schema.dropTable(table).execute();
  }
}
