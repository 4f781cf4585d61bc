import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openStorage } from './db.ts';
import { migrateToLatest } from './migrate.ts';
import { FsAttachmentStore } from '../attachments/store.ts';

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

// Issue #12 finding 11: the SQLite file was created 0644 (readable by every local account), and so were
// attachments. The usual umask 022 is set on purpose so the test shows what wangge itself does.
describe('data files are private to the service account (SQLite file, WAL, attachments)', () => {
  let root: string;
  let previousUmask: number;
  before(() => {
    previousUmask = process.umask(0o022);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-modes-'));
  });
  after(() => {
    process.umask(previousUmask);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('creates the data dir 0700 and the database with its -wal and -shm files 0600', async () => {
    const dataDir = path.join(root, 'fresh', 'data');
    const file = path.join(dataDir, 'wangge.sqlite');
    const storage = openStorage({ databaseUrl: null, sqliteFile: file });
    try {
      await migrateToLatest(storage.db);
      await sql`select count(*) from audit_log`.execute(storage.db);
      assert.equal(modeOf(dataDir), 0o700);
      assert.equal(modeOf(path.join(root, 'fresh')), 0o700);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) {
        assert.ok(fs.existsSync(f), `${path.basename(f)} exists while the database is open`);
        assert.equal(modeOf(f), 0o600, path.basename(f));
      }
    } finally {
      await storage.close();
    }
  });

  it('narrows a database file an older version left 0644', async () => {
    const dataDir = path.join(root, 'old');
    fs.mkdirSync(dataDir);
    const file = path.join(dataDir, 'wangge.sqlite');
    const first = openStorage({ databaseUrl: null, sqliteFile: file });
    await migrateToLatest(first.db);
    await first.close();
    fs.chmodSync(file, 0o644);
    const again = openStorage({ databaseUrl: null, sqliteFile: file });
    try {
      assert.equal(modeOf(file), 0o600);
    } finally {
      await again.close();
    }
  });

  it('stores attachments 0600 in 0700 directories', async () => {
    const store = new FsAttachmentStore(path.join(root, 'att'));
    const { sha256 } = await store.put(Buffer.from('photo of a case'));
    const file = store.pathFor(sha256);
    assert.equal(modeOf(file), 0o600);
    for (let dir = path.dirname(file); dir !== root; dir = path.dirname(dir)) assert.equal(modeOf(dir), 0o700, dir);
  });
});
