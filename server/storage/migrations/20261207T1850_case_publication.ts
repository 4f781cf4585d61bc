import type { Kysely } from 'kysely';
import { columnTypes } from './_dialect.ts';

// Frozen: 公开 — a resident's report (portal or Open311) is listed on the public feed only after staff
// mark it public (issue #12, finding 2). published_at null = not public; published_by = who decided.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('cases').addColumn('published_at', t.timestamp).execute();
  await db.schema.alterTable('cases').addColumn('published_by', 'text').execute();
  await db.schema.createIndex('cases_published_at').on('cases').columns(['published_at']).execute();
}
