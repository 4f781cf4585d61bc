import type { Kysely } from 'kysely';
import { columnTypes } from './_dialect.ts';

// Frozen: issue #12 (auth). Login throttling keyed by names and addresses rather than by account
// (so an unknown username behaves exactly like a known one), TOTP second factor with hashed recovery
// codes, login challenges between the password and the TOTP step, forced password change, and API
// tokens with expiry and scope.
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema.alterTable('users').addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('users').addColumn('totp_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_pending_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_enabled_at', t.timestamp).execute();
  await db.schema.alterTable('users').addColumn('totp_last_step', t.bigint).execute();

  await db.schema.alterTable('api_tokens').addColumn('expires_at', t.timestamp).execute();
  await db.schema.alterTable('api_tokens').addColumn('scope', 'text', (c) => c.notNull().defaultTo('write')).execute();
  // Tokens minted before expiry existed keep working for 90 days from this upgrade, then must be
  // re-issued: none lives forever, and no integration breaks on the day of the upgrade.
  const in90Days = new Date(Date.now() + 90 * 24 * 3600_000).toISOString();
  await db.updateTable('api_tokens').set({ expires_at: in90Days }).where('expires_at', 'is', null).where('revoked_at', 'is', null).execute();

  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', t.timestamp, (c) => c.notNull())
    .addColumn('locked_until', t.timestamp)
    .execute();
  await db.schema.createIndex('login_throttle_last_failure').on('login_throttle').column('last_failure_at').execute();

  await db.schema
    .createTable('login_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source_ip', 'text')
    .execute();

  await db.schema
    .createTable('totp_recovery_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('used_at', t.timestamp)
    .execute();
  await db.schema.createIndex('totp_recovery_codes_user').on('totp_recovery_codes').column('user_id').execute();
}
