import type { Kysely } from 'kysely';
import { columnTypes } from './_dialect.ts';

// Frozen: the hazard register (风险隐患台账) and dispute mediation sessions (调解记录).
// One case_hazards row per hazard case (grade, plan, responsible unit/person, deadline, status) so the
// register filters and sorts in SQL on both databases instead of parsing details_json; existing hazard
// cases are backfilled from their details. Re-inspections and mediation sessions are append-only rows.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('case_hazards')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('grade', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('plan', 'text')
    .addColumn('responsible_unit', 'text')
    .addColumn('responsible_person_id', 'text')
    .addColumn('responsible_person_name', 'text')
    .addColumn('deadline', t.timestamp)
    .addColumn('planned_by', 'text')
    .addColumn('planned_at', t.timestamp)
    .addColumn('reinspection_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_reinspection_result', 'text')
    .addColumn('last_reinspected_at', t.timestamp)
    .addColumn('last_reinspected_by', 'text')
    .addColumn('signed_off_by', 'text')
    .addColumn('signed_off_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_hazards_status_deadline').on('case_hazards').columns(['status', 'deadline']).execute();
  await db.schema.createIndex('case_hazards_grade').on('case_hazards').columns(['grade', 'case_id']).execute();

  await db.schema
    .createTable('case_hazard_reinspections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('photos_json', 'text')
    .addColumn('inspector_id', 'text')
    .addColumn('inspector_name', 'text', (c) => c.notNull())
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_hazard_reinspections_case').on('case_hazard_reinspections').columns(['case_id', 'id']).execute();

  await db.schema
    .createTable('case_mediation_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('mediator', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('parties_json', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('recorded_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_mediation_sessions_case').on('case_mediation_sessions').columns(['case_id', 'id']).execute();

  // Backfill: hazard cases reported before this migration get their register row (grade from details).
  const existing = (await db.selectFrom('cases').select(['id', 'details_json', 'created_at']).where('kind', '=', 'hazard').execute()) as {
    id: string;
    details_json: string | null;
    created_at: string | Date;
  }[];
  for (const row of existing) {
    let grade: string | null = null;
    try {
      const g = row.details_json ? (JSON.parse(row.details_json) as { grade?: unknown }).grade : null;
      grade = typeof g === 'string' ? g : null;
    } catch {
      grade = null;
    }
    const at = row.created_at instanceof Date ? row.created_at.toISOString() : row.created_at;
    await db
      .insertInto('case_hazards')
      .values({ case_id: row.id, grade, status: 'open', reinspection_count: 0, created_at: at, updated_at: at })
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('case_mediation_sessions').execute();
  await db.schema.dropTable('case_hazard_reinspections').execute();
  await db.schema.dropTable('case_hazards').execute();
}
