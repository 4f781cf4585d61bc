import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createTestStorage, forEachDatabase, type TestStorage } from '../../test/harness.ts';
import { systemActor } from '../access/actor.ts';
import { loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import type { Storage } from '../storage/db.ts';
import { appendAudit, entryHash, GENESIS_HASH } from './audit.ts';
import { checkpointIfDue, createCheckpoint, readStoredPublicKey } from './checkpoint.ts';
import { verifyAuditLog } from './verify.ts';
import { appendWitnessHead, readWitnessFile, witnessHeadOf, WitnessFileError } from './witness.ts';
import { DEFAULT_SLA_POLICY } from '../../shared/sla/policy.ts';

async function appendEntries(storage: Storage, n: number): Promise<void> {
  const actor = systemActor('test');
  for (let i = 1; i <= n; i++) {
    await storage.db.transaction().execute((trx) =>
      appendAudit(trx, actor, { action: 'territory.updateProfile', recordType: 'territory', recordId: `3201060010010${String(i).padStart(2, '0')}`, after: { households: i } }),
    );
  }
}

/** What `wangge audit checkpoint --out FILE` does: sign the head now and append it to the witness file. */
async function witnessNow(t: TestStorage, file: string): Promise<void> {
  const cp = await t.storage.db.transaction().execute((trx) => createCheckpoint(trx, { dataDir: t.dataDir }));
  assert.ok(cp, 'the head moved, so a checkpoint is signed');
  assert.equal(appendWitnessHead(file, witnessHeadOf(cp)), true);
}

/** Re-hash the chain from entry 1 and set the head: what database access without the signing key allows. */
async function rehashChain(storage: Storage): Promise<void> {
  const rows = await storage.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  let prev = GENESIS_HASH;
  for (const r of rows) {
    const { hash: _h, prev_hash: _p, ...content } = r;
    const hash = entryHash(prev, { ...content, seq: Number(content.seq) });
    await storage.db.updateTable('audit_log').set({ prev_hash: prev, hash }).where('seq', '=', r.seq).execute();
    prev = hash;
  }
  await storage.db.updateTable('audit_head').set({ seq: rows.length, hash: prev }).where('id', '=', 1).execute();
}

/** A log of 12 entries with witnessed heads at 5 and 12, in a real witness file next to the data dir. */
async function witnessedLog(kind: Parameters<typeof createTestStorage>[0]): Promise<{ t: TestStorage; file: string; key: string }> {
  const t = await createTestStorage(kind);
  const file = path.join(t.dataDir, 'elsewhere', 'witness.jsonl');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await appendEntries(t.storage, 5);
  await witnessNow(t, file);
  await appendEntries(t.storage, 7);
  await witnessNow(t, file);
  return { t, file, key: readStoredPublicKey(t.dataDir)! };
}

forEachDatabase('audit witness file: signed tree heads kept outside the database', (kind) => {
  it('an untouched log passes verify with the witness file', async () => {
    const { t, file, key } = await witnessedLog(kind);
    try {
      const heads = readWitnessFile(file);
      assert.deepEqual(
        heads.map((h) => [h.line, h.tree_size]),
        [
          [1, 5],
          [2, 12],
        ],
      );
      await appendEntries(t.storage, 3); // entries after the last witnessed head are fine
      const result = await verifyAuditLog(t.storage.db, { publicKeyPem: key, witness: heads });
      assert.equal(result.firstBad, undefined);
      assert.equal(result.ok, true);
      assert.equal(result.witnessed, 2);
      assert.equal(result.lastGoodWitness, 12);
    } finally {
      await t.cleanup();
    }
  });

  it('the finding-10 attack (delete newest entries, rewind the head, delete the last checkpoint row) passes plain verify but fails with the witness, naming the truncation', async () => {
    const { t, file, key } = await witnessedLog(kind);
    try {
      const db = t.storage.db;
      await db.deleteFrom('audit_log').where('seq', '>', 9).execute();
      const last = await db.selectFrom('audit_log').select(['seq', 'hash']).where('seq', '=', 9).executeTakeFirstOrThrow();
      await db.updateTable('audit_head').set({ seq: 9, hash: last.hash }).where('id', '=', 1).execute();
      await db.deleteFrom('audit_checkpoints').where('seq', '=', 12).execute();

      // Today's check: the database alone holds a smaller, perfectly consistent log.
      const plain = await verifyAuditLog(db, { publicKeyPem: key });
      assert.equal(plain.ok, true, 'without a witness the truncation is invisible (the gap the witness closes)');

      const result = await verifyAuditLog(db, { publicKeyPem: key, witness: readWitnessFile(file) });
      assert.equal(result.ok, false);
      assert.equal(result.firstBad?.seq, 10);
      assert.match(result.firstBad!.reason, /^truncated: witness line 2 \(.+\) saw 12 entries, the log has 9: entries 10–12 were deleted$/);
    } finally {
      await t.cleanup();
    }
  });

  it('an old entry rewritten with the chain re-hashed and the checkpoint rows deleted fails with the witness, naming the rewrite', async () => {
    const { t, file, key } = await witnessedLog(kind);
    try {
      const db = t.storage.db;
      await db.updateTable('audit_log').set({ actor_label: 'someone else' }).where('seq', '=', 3).execute();
      await rehashChain(t.storage);
      await db.deleteFrom('audit_checkpoints').execute();
      assert.equal((await verifyAuditLog(db, { publicKeyPem: key })).ok, true, 'self-consistent without the witness');

      const result = await verifyAuditLog(db, { publicKeyPem: key, witness: readWitnessFile(file) });
      assert.equal(result.ok, false);
      assert.equal(result.firstBad?.seq, 5);
      assert.match(result.firstBad!.reason, /^rewritten: witness line 1 \(tree_size 5, .+\) root hash differs from entry 5: entries 1–5 were rewritten after that head was witnessed$/);
    } finally {
      await t.cleanup();
    }
  });

  it('a rewrite between two witnessed heads is narrowed to the entries after the last matching one', async () => {
    const { t, file, key } = await witnessedLog(kind);
    try {
      await t.storage.db.updateTable('audit_log').set({ after_json: '{"households":99}' }).where('seq', '=', 8).execute();
      await rehashChain(t.storage);
      await t.storage.db.deleteFrom('audit_checkpoints').execute();
      const result = await verifyAuditLog(t.storage.db, { publicKeyPem: key, witness: readWitnessFile(file) });
      assert.equal(result.firstBad?.seq, 12);
      assert.match(result.firstBad!.reason, /entries 6–12 were rewritten/);
      assert.equal(result.witnessed, 1);
    } finally {
      await t.cleanup();
    }
  });

  it('a witness line edited to match a rewritten log fails its signature', async () => {
    const { t, file, key } = await witnessedLog(kind);
    try {
      const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
      const forged = { ...JSON.parse(lines[1]!), root_hash: 'f'.repeat(64) };
      fs.writeFileSync(file, `${lines[0]}\n${JSON.stringify(forged)}\n`);
      const result = await verifyAuditLog(t.storage.db, { publicKeyPem: key, witness: readWitnessFile(file) });
      assert.deepEqual(result.firstBad, { seq: 12, reason: 'witness line 2 (tree_size 12) signature invalid: the witnessed head was altered or forged' });
    } finally {
      await t.cleanup();
    }
  });

  it('checkpointIfDue appends each new signed head to WANGGE_AUDIT_WITNESS_FILE, creating it, never twice', async () => {
    const t = await createTestStorage(kind);
    try {
      const file = path.join(t.dataDir, 'witness', 'auto.jsonl');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      let now = new Date('2026-01-01T00:00:00.000Z');
      const ctx: AppContext = {
        config: loadConfig({ WANGGE_DATA_DIR: t.dataDir, LOG_LEVEL: 'silent', WANGGE_AUDIT_WITNESS_FILE: file }),
        storage: t.storage,
        now: () => now,
        slaPolicy: DEFAULT_SLA_POLICY,
      };
      await appendEntries(t.storage, 2);
      assert.equal((await checkpointIfDue(ctx))?.seq, 2, 'the first checkpoint is always due');
      assert.equal(await checkpointIfDue(ctx), null);
      await appendEntries(t.storage, 99);
      assert.equal(await checkpointIfDue(ctx), null, '99 entries and 0 s: not due under the default 100 entries / 60 s');
      now = new Date('2026-01-01T00:01:00.000Z');
      assert.equal((await checkpointIfDue(ctx))?.seq, 101, '60 s passed: due');
      await appendEntries(t.storage, 100);
      assert.equal((await checkpointIfDue(ctx))?.seq, 201, '100 entries: due');
      assert.deepEqual(
        readWitnessFile(file).map((h) => h.tree_size),
        [2, 101, 201],
      );
      const result = await verifyAuditLog(t.storage.db, { publicKeyPem: readStoredPublicKey(t.dataDir)!, witness: readWitnessFile(file) });
      assert.equal(result.ok, true, result.firstBad?.reason);
      assert.equal(result.witnessed, 3);
    } finally {
      await t.cleanup();
    }
  });
});

describe('witness file format', () => {
  it('refuses a malformed line naming the file and line', async () => {
    const t = await createTestStorage('sqlite');
    try {
      const file = path.join(t.dataDir, 'bad.jsonl');
      fs.writeFileSync(file, '{"tree_size":1,"root_hash":"' + 'a'.repeat(64) + '","timestamp":"x","key_id":"k","signature":"s"}\n\n{"tree_size":0}\n');
      assert.throws(() => readWitnessFile(file), (err: unknown) => err instanceof WitnessFileError && /bad\.jsonl line 3: tree_size: /.test(err.message));
      fs.writeFileSync(file, 'not json\n');
      assert.throws(() => readWitnessFile(file), /line 1: not JSON/);
      assert.throws(() => readWitnessFile(path.join(t.dataDir, 'missing.jsonl')), /witness file .*missing\.jsonl: ENOENT/);
    } finally {
      await t.cleanup();
    }
  });

  it('appends after a line cut short by a crash, on a line of its own', async () => {
    const t = await createTestStorage('sqlite');
    try {
      const file = path.join(t.dataDir, 'cut.jsonl');
      fs.writeFileSync(file, '{"tree_size":1');
      appendWitnessHead(file, { tree_size: 2, root_hash: 'b'.repeat(64), timestamp: 't', key_id: 'k', signature: 's' });
      assert.deepEqual(fs.readFileSync(file, 'utf8').split('\n'), ['{"tree_size":1', `{"tree_size":2,"root_hash":"${'b'.repeat(64)}","timestamp":"t","key_id":"k","signature":"s"}`, '']);
    } finally {
      await t.cleanup();
    }
  });
});
