import assert from 'node:assert/strict';
import fs from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { openStorage } from '../../server/storage/db.ts';
import { migrateToLatest } from '../../server/storage/migrate.ts';
import { appendAudit } from '../../server/audit/audit.ts';
import { createCheckpoint } from '../../server/audit/checkpoint.ts';
import { systemActor } from '../../server/access/actor.ts';
import { runWangge as wangge } from '../../test/cli.ts';

// The CLI opens the SQLite file itself, so this suite is SQLite-only by nature; the verifier's
// behaviour on PostgreSQL is covered by server/audit/audit.test.ts.
describe('wangge audit (command line, SQLite file)', () => {
  let dataDir: string;
  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-audit-cli-'));
    const storage = openStorage({ databaseUrl: null, sqliteFile: path.join(dataDir, 'wangge.sqlite') });
    await migrateToLatest(storage.db);
    for (let i = 1; i <= 6; i++) {
      await storage.db.transaction().execute((trx) =>
        appendAudit(trx, systemActor('seed', 'cli'), { action: 'people.manage', recordType: 'user', recordId: `user-${i}`, after: { disabled: 0, n: i } }),
      );
    }
    await storage.close();
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('checkpoint signs the head and creates the key pair in the data dir', async () => {
    const run = await wangge(dataDir, 'audit', 'checkpoint');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^checkpoint seq=6 hash=[0-9a-f]{64} .*key_id=[0-9a-f]{16} signature=/);
    assert.ok(fs.existsSync(path.join(dataDir, 'keys/audit-ed25519.pem')));
    assert.ok(fs.existsSync(path.join(dataDir, 'keys/audit-ed25519.pub.pem')));
  });

  it('checkpoint --if-due does nothing when the head has not moved', async () => {
    const run = await wangge(dataDir, 'audit', 'checkpoint', '--if-due');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'no checkpoint due');
  });

  it('verify exits 0 on the untouched log', async () => {
    const run = await wangge(dataDir, 'audit', 'verify');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /audit log OK: 6 entries \(head seq 6\), 1 checkpoints \(last 6\), signatures checked with key [0-9a-f]{16}/);
    assert.match(run.stdout, /no --witness given: truncation of the newest entries cannot be ruled out/, 'says what a plain verify cannot see');
  });

  it('verify accepts several --public-key files (an old key and the current one) and fails on a foreign key alone', async () => {
    const foreign = path.join(dataDir, 'foreign.pub.pem');
    fs.writeFileSync(foreign, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const current = path.join(dataDir, 'keys/audit-ed25519.pub.pem');
    const both = await wangge(dataDir, 'audit', 'verify', '--public-key', foreign, '--public-key', current);
    assert.equal(both.code, 0, both.stderr);
    const alone = await wangge(dataDir, 'audit', 'verify', '--public-key', foreign);
    assert.equal(alone.code, 1);
    assert.match(alone.stderr, /FAILED at seq 6: checkpoint 6 signed by unknown key/);
  });

  it('tail prints the most recent entries readably, oldest first', async () => {
    const run = await wangge(dataDir, 'audit', 'tail', '-n', '2');
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^#5 .*seed \(seed\) via cli .*people\.manage {2}user:user-5 {2}\[ok\] {2}after=\{"disabled":0,"n":5\}/);
    assert.match(lines[1]!, /^#6 /);
  });

  it('verify exits non-zero naming the seq after the SQLite file was edited directly', async () => {
    const sqlite = new SQLite(path.join(dataDir, 'wangge.sqlite'));
    sqlite.prepare('update audit_log set after_json = ? where seq = 4').run('{"disabled":1,"n":4}');
    sqlite.close();
    const run = await wangge(dataDir, 'audit', 'verify');
    assert.equal(run.code, 1);
    assert.match(run.stderr, /audit log FAILED at seq 4: hash mismatch: entry content changed/);
  });

  it('verify refuses a --public-key file that is not a key, naming the option', async () => {
    const bogus = path.join(dataDir, 'not-a-key.pem');
    fs.writeFileSync(bogus, 'hello');
    const run = await wangge(dataDir, 'audit', 'verify', '--public-key', bogus);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--public-key .*not a PEM public key/);
  });
});

// Finding 10 (issue 12): a truncated log with a rewound head and its last checkpoint row deleted passed
// `audit verify`. A witness file written by `audit checkpoint --out` and kept elsewhere catches it.
describe('wangge audit checkpoint --out / verify --witness (command line, SQLite file)', () => {
  let dataDir: string;
  let witness: string;
  const sqliteFile = () => path.join(dataDir, 'wangge.sqlite');
  async function appendN(n: number): Promise<void> {
    const storage = openStorage({ databaseUrl: null, sqliteFile: sqliteFile() });
    for (let i = 1; i <= n; i++) {
      await storage.db.transaction().execute((trx) => appendAudit(trx, systemActor('seed', 'cli'), { action: 'people.manage', recordType: 'user', recordId: `user-${i}` }));
    }
    await storage.close();
  }
  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-audit-witness-'));
    witness = path.join(dataDir, 'offsite', 'witness.jsonl');
    fs.mkdirSync(path.dirname(witness));
    const storage = openStorage({ databaseUrl: null, sqliteFile: sqliteFile() });
    await migrateToLatest(storage.db);
    await storage.close();
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('checkpoint --out signs the head and appends it to the witness file, creating the file; re-running adds nothing', async () => {
    await appendN(4);
    const first = await wangge(dataDir, 'audit', 'checkpoint', '--out', witness);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^witnessed: tree_size=4 root_hash=[0-9a-f]{64} in /);
    await appendN(4);
    assert.equal((await wangge(dataDir, 'audit', 'checkpoint', '--out', witness)).code, 0);
    const again = await wangge(dataDir, 'audit', 'checkpoint', '--out', witness);
    assert.match(again.stdout, /^already witnessed: tree_size=8 /);
    const lines = fs.readFileSync(witness, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => [l['tree_size'], Object.keys(l).join(',')]),
      [
        [4, 'tree_size,root_hash,timestamp,key_id,signature'],
        [8, 'tree_size,root_hash,timestamp,key_id,signature'],
      ],
    );
  });

  it('verify --witness exits 0 on the untouched log', async () => {
    const run = await wangge(dataDir, 'audit', 'verify', '--witness', witness);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /witness: 2 signed tree heads match the log \(largest tree_size 8\)/);
  });

  it('after deleting the newest entries, rewinding the head and deleting the last checkpoint row, verify passes but verify --witness exits 1 naming the truncation', async () => {
    const sqlite = new SQLite(sqliteFile());
    sqlite.prepare('delete from audit_log where seq > 6').run();
    const last = sqlite.prepare('select hash from audit_log where seq = 6').get() as { hash: string };
    sqlite.prepare('update audit_head set seq = 6, hash = ? where id = 1').run(last.hash);
    sqlite.prepare('delete from audit_checkpoints where seq = 8').run();
    sqlite.close();
    const plain = await wangge(dataDir, 'audit', 'verify');
    assert.equal(plain.code, 0, 'the database alone cannot see it');
    const run = await wangge(dataDir, 'audit', 'verify', '--witness', witness);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /audit log FAILED at seq 7: truncated: witness line 2 \(.+\) saw 8 entries, the log has 6: entries 7–8 were deleted/);
  });

  it('checkpoint --out into a directory that does not exist fails naming the option, not with a stack trace', async () => {
    const run = await wangge(dataDir, 'audit', 'checkpoint', '--out', path.join(dataDir, 'no-such-dir', 'w.jsonl'));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^error: --out .*no-such-dir.*ENOENT/);
  });

  it('verify --witness refuses a malformed witness file naming the line', async () => {
    const bad = path.join(dataDir, 'offsite', 'bad.jsonl');
    fs.writeFileSync(bad, '{"tree_size":"many"}\n');
    const run = await wangge(dataDir, 'audit', 'verify', '--witness', bad);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--witness: witness file .*bad\.jsonl line 1: tree_size: /);
  });
});
