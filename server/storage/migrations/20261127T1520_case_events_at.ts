import type { Kysely } from 'kysely';

// Frozen: case events by time, for the live feed's backfill (GET /api/live/cases/recent: the newest
// changes in the caller's scope, ORDER BY at DESC LIMIT n, bounded to the last days).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('case_events_at').on('case_events').columns(['at']).execute();
}
