import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openStorage, type Storage } from './db.ts';

describe('group commit (SQLite)', () => {
  let dir: string;
  let storage: Storage;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-gc-'));
    storage = openStorage({ databaseUrl: null, sqliteFile: path.join(dir, 'gc.sqlite') });
    await sql`create table gc (id integer primary key, v text not null)`.execute(storage.db);
  });
  after(async () => {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const insert = (v: string, fail = false) =>
    storage.transaction(async (trx) => {
      await sql`insert into gc (v) values (${v})`.execute(trx);
      await sql`insert into gc (v) values (${`${v}-2`})`.execute(trx);
      if (fail) throw new Error(`unit ${v} failed`);
      return v;
    });

  it('commits concurrent units together; a failing unit rolls back alone', async () => {
    const before = storage.commitStats!();
    const results = await Promise.allSettled(Array.from({ length: 60 }, (_, i) => insert(`u${i}`, i % 7 === 3)));
    const after = storage.commitStats!();
    assert.equal(after.units - before.units, 60);
    assert.ok(after.commits - before.commits < 60, `units shared commits: ${after.commits - before.commits} commits for 60 units`);
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [`u${i}`] : []));
    assert.deepEqual(failed, ['u3', 'u10', 'u17', 'u24', 'u31', 'u38', 'u45', 'u52', 'u59']);
    const rows = (await sql<{ v: string }>`select v from gc`.execute(storage.db)).rows.map((r) => r.v);
    assert.equal(rows.length, (60 - failed.length) * 2);
    for (const f of failed) assert.ok(!rows.includes(f) && !rows.includes(`${f}-2`), `${f} left nothing behind`);
  });

  it('a lone unit commits on its own and its result is returned', async () => {
    assert.equal(await insert('alone'), 'alone');
    const r = await sql<{ n: number }>`select count(*) as n from gc where v like 'alone%'`.execute(storage.db);
    assert.equal(Number(r.rows[0]!.n), 2);
  });
});
