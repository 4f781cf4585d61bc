import type { Kysely } from 'kysely';
import { columnTypes } from './_dialect.ts';

// Frozen: duty rosters (值班排班) — units, shift templates, members, leave, assignments, swap requests.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('roster_units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('territory_code', 'text', (c) => c.notNull().references('territory_nodes.code'))
    .addColumn('territory_path', 'text', (c) => c.notNull())
    .addColumn('rules_json', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('roster_units_path').on('roster_units').column('territory_path').execute();
  await db.schema
    .createTable('roster_shift_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('roster_units.id'))
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('night', 'integer', (c) => c.notNull())
    .addColumn('requirements_json', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('roster_members')
    .addColumn('unit_id', 'text', (c) => c.notNull().references('roster_units.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('skills_json', 'text', (c) => c.notNull())
    .addColumn('preferences_json', 'text')
    .addColumn('max_weekly_hours', 'integer')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('roster_members_pk', ['unit_id', 'user_id'])
    .execute();
  await db.schema.createIndex('roster_members_user').on('roster_members').column('user_id').execute();
  await db.schema
    .createTable('roster_unavailability')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('starts_at', t.timestamp, (c) => c.notNull())
    .addColumn('ends_at', t.timestamp, (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('roster_unavailability_user').on('roster_unavailability').columns(['user_id', 'starts_at']).execute();
  await db.schema
    .createTable('roster_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('roster_units.id'))
    .addColumn('template_id', 'text', (c) => c.notNull().references('roster_shift_templates.id'))
    .addColumn('shift_date', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('starts_at', t.timestamp, (c) => c.notNull())
    .addColumn('ends_at', t.timestamp, (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('override_reason', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  // "Who is on duty now" scans a unit's assignments by time; the roster view reads a unit's dates.
  await db.schema.createIndex('roster_assignments_unit_time').on('roster_assignments').columns(['unit_id', 'starts_at']).execute();
  await db.schema.createIndex('roster_assignments_unit_date').on('roster_assignments').columns(['unit_id', 'shift_date']).execute();
  await db.schema.createIndex('roster_assignments_user').on('roster_assignments').columns(['user_id', 'starts_at']).execute();
  await db.schema
    .createTable('roster_swap_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('roster_units.id'))
    .addColumn('requester_id', 'text', (c) => c.notNull())
    .addColumn('assignment_id', 'text', (c) => c.notNull())
    .addColumn('with_assignment_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', t.timestamp)
    .addColumn('decision_note', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['roster_swap_requests', 'roster_assignments', 'roster_unavailability', 'roster_members', 'roster_shift_templates', 'roster_units']) {
    await db.schema.dropTable(table).execute();
  }
}
