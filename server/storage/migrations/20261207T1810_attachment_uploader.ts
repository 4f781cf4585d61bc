import type { Kysely } from 'kysely';

/**
 * Anonymous uploads (resident portal) get a one-time uploader token: only its sha256 is stored, and
 * only its holder may download the file until a record references it (issue #12, finding 3).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('attachments').addColumn('uploader_token_hash', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('attachments').dropColumn('uploader_token_hash').execute();
}
