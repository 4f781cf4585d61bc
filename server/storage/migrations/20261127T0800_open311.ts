import type { Kysely } from 'kysely';
import { columnTypes } from './_dialect.ts';

// Frozen: API keys of Open311 GeoReport v2 clients (POST requests needs an api_key). Only the
// sha256 of a key is stored, so a copied database yields no live keys.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('open311_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('revoked_at', t.timestamp)
    .addColumn('last_used_at', t.timestamp)
    .execute();
  // GET requests.json reads public kinds newest-first within a date range (default: last 90 days).
  await db.schema.createIndex('cases_kind_created').on('cases').columns(['kind', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_kind_created').execute();
  await db.schema.dropTable('open311_keys').execute();
}
