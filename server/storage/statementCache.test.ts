import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import { CachingSqliteDatabase } from './statementCache.ts';

function fresh(maxEntries = 4, maxSqlLength = 4096) {
  const raw = new SQLite(':memory:');
  raw.exec('create table t (id integer primary key, v text not null)');
  return new CachingSqliteDatabase(raw, maxEntries, maxSqlLength);
}

describe('prepared-statement cache (SQLite)', () => {
  it('prepares a statement once per SQL text and reuses it', () => {
    const db = fresh();
    const a = db.prepare('select v from t where id = ?');
    const b = db.prepare('select v from t where id = ?');
    assert.equal(a, b);
    assert.notEqual(db.prepare('select id from t where v = ?'), a);
    assert.deepEqual(db.stats(), { hits: 1, misses: 2, size: 2 });
  });

  it('keeps at most maxEntries, evicting the least recently used', () => {
    const db = fresh(2);
    const s1 = db.prepare('select 1');
    db.prepare('select 2');
    db.prepare('select 1'); // 1 is now the most recent
    db.prepare('select 3'); // evicts 2
    assert.equal(db.stats().size, 2);
    assert.equal(db.prepare('select 1'), s1, 'recently used entry kept');
    const before = db.stats().misses;
    db.prepare('select 2');
    assert.equal(db.stats().misses, before + 1, 'evicted entry prepared again');
  });

  it('never hands out a statement that is still iterating', () => {
    const db = fresh();
    db.prepare('insert into t (v) values (?)').run(['a']);
    db.prepare('insert into t (v) values (?)').run(['b']);
    const first = db.prepare('select v from t order by id');
    const it1 = first.iterate([]);
    assert.deepEqual(it1.next().value, { v: 'a' });
    const second = db.prepare('select v from t order by id');
    assert.notEqual(second, first);
    assert.deepEqual(it1.next().value, { v: 'b' });
    it1.return?.();
    assert.equal(db.prepare('select v from t order by id'), first, 'the cached one again once it is free');
  });

  it('forgets everything on a schema change and does not cache long SQL', () => {
    const db = fresh(8, 40);
    db.prepare('select v from t');
    db.prepare('alter table t add column w text');
    assert.equal(db.stats().size, 0);
    db.prepare(`select v from t where v in (${Array(30).fill('?').join(',')})`);
    assert.equal(db.stats().size, 0);
  });

  it('runs Kysely queries, transactions and schema changes correctly through the cache', async () => {
    const cache = fresh();
    const k = new Kysely<{ t: { id: Generated<number>; v: string; w: string | null } }>({ dialect: new SqliteDialect({ database: cache }) });
    for (let i = 0; i < 20; i++) await k.insertInto('t').values({ v: `v${i}` }).execute();
    await k.transaction().execute(async (trx) => {
      await trx.updateTable('t').set({ v: 'changed' }).where('id', '=', 3).execute();
    });
    await sql`alter table t add column w text`.execute(k);
    await k.updateTable('t').set({ w: 'x' }).where('id', '<', 3).execute();
    const rows = await k.selectFrom('t').selectAll().where('id', '<=', 3).orderBy('id').execute();
    assert.deepEqual(rows, [
      { id: 1, v: 'v0', w: 'x' },
      { id: 2, v: 'v1', w: 'x' },
      { id: 3, v: 'changed', w: null },
    ]);
    assert.ok(cache.stats().hits >= 19, 'the repeated insert was prepared once');
    await k.destroy();
  });
});
