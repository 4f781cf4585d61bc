import type { Kysely } from 'kysely';

// Frozen: per-category Open311 service attributes (GeoReport v2 service definitions). A JSON array of
// attribute definitions (code, datatype, required, description, values, the case-details key it fills);
// null means the category asks for its case kind's defaults (server/modules/open311/open311Services.ts).
// Seeded for new categories from the shipped taxonomy; operators edit it like the rest of the row.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('case_categories').addColumn('open311_attributes_json', 'text').execute();
}
