import type { Kysely } from 'kysely';

// Frozen: an index for the intake's duplicate search (疑似重复: same category, within 100 m, last 24 h).
// The older (category_code, created_at) index walks every case of the category reported in the last
// day — thousands in a busy city — on each intake; leading with a narrow latitude band after the
// category reads only the neighbours, and lng/created_at are checked inside the index.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('cases_duplicate_search').on('cases').columns(['category_code', 'lat', 'lng', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_duplicate_search').execute();
}
