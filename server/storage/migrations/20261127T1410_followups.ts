import type { Kysely } from 'kysely';
import { columnTypes } from './_dialect.ts';

// Frozen: follow-up items (长效机制) tracked to completion, and the scheduled bulletins store.
//
// followup_items (created by 20261127T1200) gains what its lifecycle needs: a description, the owner's
// unit (a territory node or a department, its name kept for display), progress 0–100 with the latest
// note, completion evidence (note + attachment ids), the verifying supervisor, and a version for
// optimistic checks. States: open → in_progress → completed (awaiting verification) → verified; a
// rejected verification goes back to in_progress.
//
// scheduled_bulletins: one row per (kind, China date, scope code) — the unique key is what makes the
// scheduled job write exactly one bulletin per day and scope however many processes run it. The XLSX
// and PDF bytes are stored in the row (tens of kB each) so the row and its files commit together;
// pdf is null when the server has no CJK font (pdf_error says why).
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const bytes = t.isPostgres ? 'bytea' : 'blob';

  const add = async (name: string, type: string, build?: (c: any) => any) => {
    await db.schema.alterTable('followup_items').addColumn(name, type as never, build ?? ((c) => c)).execute();
  };
  await add('description', 'text');
  await add('source_kind', 'text', (c) => c.notNull().defaultTo('manual'));
  await add('owner_unit_code', 'text');
  await add('owner_department_id', 'text');
  await add('owner_unit_name', 'text');
  await add('progress', 'integer', (c) => c.notNull().defaultTo(0));
  await add('progress_note', 'text');
  await add('evidence_json', 'text');
  await add('completed_by', 'text');
  await add('verified_by', 'text');
  await add('verified_at', t.timestamp);
  await add('verify_note', 'text');
  await add('updated_at', t.timestamp);
  await add('version', 'integer', (c) => c.notNull().defaultTo(1));
  await db.schema.createIndex('followup_path_due').on('followup_items').columns(['territory_path', 'due_at']).execute();
  await db.schema.createIndex('followup_owner').on('followup_items').columns(['owner_id', 'state']).execute();

  await db.schema
    .createTable('scheduled_bulletins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('bulletin_date', 'text', (c) => c.notNull())
    .addColumn('scope_code', 'text', (c) => c.notNull())
    .addColumn('scope_path', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('period_from', t.timestamp, (c) => c.notNull())
    .addColumn('period_to', t.timestamp, (c) => c.notNull())
    .addColumn('xlsx', bytes, (c) => c.notNull())
    .addColumn('pdf', bytes)
    .addColumn('pdf_error', 'text')
    .addColumn('summary_json', 'text', (c) => c.notNull())
    .addColumn('generated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('scheduled_bulletins_once', ['kind', 'bulletin_date', 'scope_code'])
    .execute();
  await db.schema.createIndex('scheduled_bulletins_path').on('scheduled_bulletins').columns(['scope_path', 'bulletin_date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('scheduled_bulletins').execute();
  await db.schema.dropIndex('followup_owner').execute();
  await db.schema.dropIndex('followup_path_due').execute();
  for (const c of ['version', 'updated_at', 'verify_note', 'verified_at', 'verified_by', 'completed_by', 'evidence_json', 'progress_note', 'progress', 'owner_unit_name', 'owner_department_id', 'owner_unit_code', 'source_kind', 'description']) {
    await db.schema.alterTable('followup_items').dropColumn(c).execute();
  }
}
