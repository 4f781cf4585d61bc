import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { createTestStorage, forEachDatabase, type TestStorage } from '../../test/harness.ts';
import { migrateToLatest, MigrationMismatchError } from './migrate.ts';

forEachDatabase('migrations', (kind) => {
  let t: TestStorage;
  before(async () => {
    t = await createTestStorage(kind);
  });
  after(async () => t.cleanup());

  it('are idempotent: a second run applies nothing', async () => {
    assert.deepEqual(await migrateToLatest(t.storage.db), []);
  });

  it('round-trips timestamps, integers and text the same way on both databases', async () => {
    const at = '2026-11-27T05:00:00.123Z';
    await t.storage.db
      .insertInto('territory_nodes')
      .values({
        code: '32', level: 'province', name_zh: '江苏省', name_en: null, parent_code: null, path: '32/',
        geometry: null, min_lng: 118.5, min_lat: null, max_lng: null, max_lat: null, households: 12,
        residents: null, description: null, source: 'test', created_at: at, updated_at: at,
      })
      .execute();
    const row = await t.storage.db.selectFrom('territory_nodes').selectAll().where('code', '=', '32').executeTakeFirstOrThrow();
    assert.equal(row.created_at, at);
    assert.equal(row.households, 12);
    assert.equal(row.min_lng, 118.5);
    const count = await t.storage.db.selectFrom('territory_nodes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(count.n, 1);
  });

  it('refuse to run when the database has a migration the code does not know', async () => {
    await sql`insert into kysely_migration (name, timestamp) values ('20991231T2359_from_the_future', '2099-12-31T23:59:00Z')`.execute(t.storage.db);
    await assert.rejects(() => migrateToLatest(t.storage.db), MigrationMismatchError);
  });
});
