import type { Kysely } from 'kysely';
import { columnTypes } from './_dialect.ts';

// Frozen: patrols at key sites (巡逻防控) — sites with dosage, plans and their visits, check-ins
// (unique client nonce = replay guard and per-check-in idempotency key), and missed-window alerts
// (primary key = idempotency of the gap scan).
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('patrol_sites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('risk_level', 'integer', (c) => c.notNull())
    .addColumn('lat', t.double, (c) => c.notNull())
    .addColumn('lng', t.double, (c) => c.notNull())
    .addColumn('geofence_json', 'text', (c) => c.notNull())
    .addColumn('dosage_json', 'text', (c) => c.notNull())
    .addColumn('grid_code', 'text', (c) => c.notNull())
    .addColumn('territory_path', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('patrol_sites_territory').on('patrol_sites').columns(['territory_path', 'id']).execute();

  await db.schema
    .createTable('patrol_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope_code', 'text', (c) => c.notNull())
    .addColumn('territory_path', 'text', (c) => c.notNull())
    .addColumn('shift_start', t.timestamp, (c) => c.notNull())
    .addColumn('shift_end', t.timestamp, (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('seed', 'integer', (c) => c.notNull())
    .addColumn('multiplier', t.double, (c) => c.notNull())
    .addColumn('required_visits', 'integer', (c) => c.notNull())
    .addColumn('planned_visits', 'integer', (c) => c.notNull())
    .addColumn('report_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('patrol_plans_territory').on('patrol_plans').columns(['territory_path', 'shift_start']).execute();

  await db.schema
    .createTable('patrol_plan_visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('worker_id', 'text', (c) => c.notNull())
    .addColumn('slot_start', t.timestamp, (c) => c.notNull())
    .addColumn('slot_end', t.timestamp, (c) => c.notNull())
    .addColumn('planned_start', t.timestamp, (c) => c.notNull())
    .addColumn('planned_end', t.timestamp, (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('patrol_plan_visits_plan').on('patrol_plan_visits').columns(['plan_id', 'worker_id', 'seq']).execute();
  await db.schema.createIndex('patrol_plan_visits_worker').on('patrol_plan_visits').columns(['worker_id', 'planned_start']).execute();

  await db.schema
    .createTable('patrol_checkins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('worker_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addColumn('lat', t.double)
    .addColumn('lng', t.double)
    .addColumn('accuracy_m', t.double)
    .addColumn('client_nonce', 'text', (c) => c.notNull().unique())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('territory_path', 'text', (c) => c.notNull())
    .addColumn('received_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('patrol_checkins_site_at').on('patrol_checkins').columns(['site_id', 'at']).execute();
  await db.schema.createIndex('patrol_checkins_worker_at').on('patrol_checkins').columns(['worker_id', 'at']).execute();

  await db.schema
    .createTable('patrol_gap_alerts')
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('slot_start', t.timestamp, (c) => c.notNull())
    .addColumn('slot_end', t.timestamp, (c) => c.notNull())
    .addColumn('notified', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('patrol_gap_alerts_pk', ['site_id', 'slot_start'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['patrol_gap_alerts', 'patrol_checkins', 'patrol_plan_visits', 'patrol_plans', 'patrol_sites']) await db.schema.dropTable(table).execute();
}
