import type { Kysely } from 'kysely';

// Frozen: shift templates (班次模板) get a validity range so they can be edited and retired without
// rewriting history. A template row generates shifts on China dates in [valid_from, retired_from)
// (null = unbounded). Editing a template that already has worked shifts closes the old row
// (retired_from) and opens a new version (valid_from, replaces_id → the old row); retiring sets
// retired_from and active = 0. Past assignments keep pointing at the row whose times they were worked under.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('roster_shift_templates').addColumn('valid_from', 'text').execute();
  await db.schema.alterTable('roster_shift_templates').addColumn('retired_from', 'text').execute();
  await db.schema.alterTable('roster_shift_templates').addColumn('replaces_id', 'text').execute();
}
