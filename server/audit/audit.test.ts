import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createHash, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTestStorage, forEachDatabase, type DatabaseKind, type TestStorage } from '../../test/harness.ts';
import { systemActor } from '../access/actor.ts';
import { loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import type { Storage } from '../storage/db.ts';
import { appendAudit, entryHash, GENESIS_HASH } from './audit.ts';
import { auditKeyPaths, checkpointIfDue, checkpointMessage, createCheckpoint, loadOrCreateAuditKey, readStoredPublicKey } from './checkpoint.ts';
import { verifyAuditLog } from './verify.ts';
import { DEFAULT_SLA_POLICY } from '../../shared/sla/policy.ts';

/** Append n entries, each in its own transaction, as the system actor. */
async function appendEntries(storage: Storage, n: number): Promise<void> {
  const actor = systemActor('test');
  for (let i = 1; i <= n; i++) {
    await storage.db.transaction().execute((trx) =>
      appendAudit(trx, actor, { action: 'territory.updateProfile', recordType: 'territory', recordId: `3201060010010${String(i).padStart(2, '0')}`, before: { households: i }, after: { households: i + 1 } }),
    );
  }
}

async function checkpointNow(t: TestStorage) {
  return t.storage.db.transaction().execute((trx) => createCheckpoint(trx, { dataDir: t.dataDir }));
}

function publicKeyOf(t: TestStorage): string {
  const pem = readStoredPublicKey(t.dataDir);
  assert.ok(pem, 'public key file should exist after a checkpoint');
  return pem;
}

/** A database with ten entries and a signed checkpoint at seq 10: the starting point of each tampering. */
async function signedLog(kind: DatabaseKind, n = 10): Promise<TestStorage> {
  const t = await createTestStorage(kind);
  await appendEntries(t.storage, n);
  const cp = await checkpointNow(t);
  assert.equal(cp?.seq, n);
  return t;
}

/** What an attacker with database access but no signing key can do: recompute every hash and the head. */
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

forEachDatabase('audit log: chain, checkpoints and verifier', (kind) => {
  describe('an untouched log', () => {
    let t: TestStorage;
    before(async () => {
      t = await signedLog(kind);
    });
    after(async () => t.cleanup());

    it('verifies: every entry, the head and the signed checkpoint', async () => {
      const result = await verifyAuditLog(t.storage.db, { publicKeyPem: publicKeyOf(t) });
      assert.equal(result.firstBad, undefined);
      assert.equal(result.ok, true);
      assert.equal(result.entries, 10);
      assert.equal(result.checkpoints, 1);
      assert.equal(result.signaturesChecked, true);
      assert.deepEqual(result.head.seq, 10);
    });

    it('verifies when read in small pages too', async () => {
      const pages: number[] = [];
      const result = await verifyAuditLog(t.storage.db, { publicKeyPem: publicKeyOf(t), pageSize: 3, onProgress: (s) => pages.push(s) });
      assert.equal(result.ok, true);
      assert.equal(result.entries, 10);
      assert.deepEqual(pages, [3, 6, 9, 10]);
    });

    it('stores the key pair in the data dir: private 0600, key_id = sha256(public DER)[0..16]', async () => {
      const paths = auditKeyPaths(t.dataDir);
      assert.equal(fs.statSync(paths.privateKey).mode & 0o777, 0o600);
      const pub = createPublicKey(fs.readFileSync(paths.publicKey, 'utf8'));
      const expectedId = createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
      const cp = await t.storage.db.selectFrom('audit_checkpoints').selectAll().executeTakeFirstOrThrow();
      assert.equal(cp.key_id, expectedId);
      assert.equal(loadOrCreateAuditKey(t.dataDir).keyId, expectedId, 'a second load reuses the key, never regenerates it');
    });

    it('skips a checkpoint when the head has not moved', async () => {
      assert.equal(await checkpointNow(t), null);
      const count = await t.storage.db.selectFrom('audit_checkpoints').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1);
    });

    it('rejects checkpoints signed by another key when the real public key is given', async () => {
      const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const result = await verifyAuditLog(t.storage.db, { publicKeyPem: other });
      assert.equal(result.ok, false);
      assert.equal(result.firstBad?.seq, 10);
      assert.match(result.firstBad!.reason, /checkpoint 10 signed by unknown key/);
    });
  });

  it('an empty log verifies and gets no checkpoint', async () => {
    const t = await createTestStorage(kind);
    try {
      assert.equal(await checkpointNow(t), null);
      const result = await verifyAuditLog(t.storage.db);
      assert.deepEqual({ ok: result.ok, entries: result.entries, checkpoints: result.checkpoints }, { ok: true, entries: 0, checkpoints: 0 });
    } finally {
      await t.cleanup();
    }
  });

  it('a changed field (after_json) fails naming that seq', async () => {
    const t = await signedLog(kind);
    try {
      await t.storage.db.updateTable('audit_log').set({ after_json: '{"households":999}' }).where('seq', '=', 4).execute();
      const result = await verifyAuditLog(t.storage.db, { publicKeyPem: publicKeyOf(t) });
      assert.equal(result.ok, false);
      assert.deepEqual(result.firstBad, { seq: 4, reason: 'hash mismatch: entry content changed' });
      assert.equal(result.entries, 3, 'entries before the bad one were checked');
    } finally {
      await t.cleanup();
    }
  });

  it('a deleted middle entry fails as a seq gap', async () => {
    const t = await signedLog(kind);
    try {
      await t.storage.db.deleteFrom('audit_log').where('seq', '=', 5).execute();
      const result = await verifyAuditLog(t.storage.db, { publicKeyPem: publicKeyOf(t) });
      assert.deepEqual(result.firstBad, { seq: 5, reason: 'seq gap: entry 5 missing' });
    } finally {
      await t.cleanup();
    }
  });

  it('two entries with swapped contents (seq kept) fail at the first of them', async () => {
    const t = await signedLog(kind);
    try {
      const [a, b] = await t.storage.db.selectFrom('audit_log').selectAll().where('seq', 'in', [3, 4]).orderBy('seq').execute();
      const { seq: _sa, ...contentA } = a!;
      const { seq: _sb, ...contentB } = b!;
      await t.storage.db.updateTable('audit_log').set(contentB).where('seq', '=', 3).execute();
      await t.storage.db.updateTable('audit_log').set(contentA).where('seq', '=', 4).execute();
      const result = await verifyAuditLog(t.storage.db, { publicKeyPem: publicKeyOf(t) });
      assert.equal(result.ok, false);
      assert.equal(result.firstBad?.seq, 3);
    } finally {
      await t.cleanup();
    }
  });

  it('swapped entries whose seq was also recomputed still fail on the broken links', async () => {
    const t = await signedLog(kind);
    try {
      // Move entry 4's content to seq 3 with a freshly computed hash: self-consistent, but linked wrongly.
      const rows = await t.storage.db.selectFrom('audit_log').selectAll().where('seq', 'in', [2, 4]).orderBy('seq').execute();
      const { hash: _h, prev_hash: _p, ...content4 } = rows[1]!;
      const moved = { ...content4, seq: 3 };
      const prevHash = rows[1]!.prev_hash; // entry 4's original prev_hash = entry 3's hash, not entry 2's
      await t.storage.db.updateTable('audit_log').set({ ...moved, prev_hash: prevHash, hash: entryHash(prevHash, moved) }).where('seq', '=', 3).execute();
      const result = await verifyAuditLog(t.storage.db, { publicKeyPem: publicKeyOf(t) });
      assert.deepEqual(result.firstBad, { seq: 3, reason: 'prev_hash mismatch: entries reordered or removed' });
    } finally {
      await t.cleanup();
    }
  });

  it('deleted last entries fail on the head; rewriting the head too is caught by the checkpoint', async () => {
    const t = await signedLog(kind);
    try {
      await t.storage.db.deleteFrom('audit_log').where('seq', '>', 8).execute();
      const headOnly = await verifyAuditLog(t.storage.db, { publicKeyPem: publicKeyOf(t) });
      assert.equal(headOnly.firstBad?.seq, 9);
      assert.match(headOnly.firstBad!.reason, /^head does not match last entry: entries removed from the end/);

      const last = await t.storage.db.selectFrom('audit_log').select(['seq', 'hash']).where('seq', '=', 8).executeTakeFirstOrThrow();
      await t.storage.db.updateTable('audit_head').set({ seq: 8, hash: last.hash }).where('id', '=', 1).execute();
      const result = await verifyAuditLog(t.storage.db, { publicKeyPem: publicKeyOf(t) });
      assert.equal(result.ok, false);
      assert.equal(result.firstBad?.seq, 10);
      assert.match(result.firstBad!.reason, /checkpoint 10 points past the end of the log .*entries removed from the end/);
      assert.equal(result.entries, 8);
    } finally {
      await t.cleanup();
    }
  });

  it('a change with the whole chain re-hashed (database access, no key) is caught by the checkpoint', async () => {
    const t = await signedLog(kind);
    try {
      await t.storage.db.updateTable('audit_log').set({ actor_label: 'someone else' }).where('seq', '=', 2).execute();
      await rehashChain(t.storage);
      const result = await verifyAuditLog(t.storage.db, { publicKeyPem: publicKeyOf(t) });
      assert.equal(result.ok, false);
      assert.equal(result.entries, 9, 'the re-hashed chain itself is consistent up to the checkpoint');
      assert.deepEqual(result.firstBad, {
        seq: 10,
        reason: 'checkpoint 10 does not match entry 10: entries 1–10 were rewritten after the checkpoint was signed',
      });

      // …and moving the checkpoint's hash along with it breaks its signature.
      const head = await t.storage.db.selectFrom('audit_head').select('hash').executeTakeFirstOrThrow();
      await t.storage.db.updateTable('audit_checkpoints').set({ hash: head.hash }).where('seq', '=', 10).execute();
      const forged = await verifyAuditLog(t.storage.db, { publicKeyPem: publicKeyOf(t) });
      assert.deepEqual(forged.firstBad, { seq: 10, reason: 'checkpoint 10 signature invalid: the checkpoint was altered or forged' });

      // …and re-signing with a key of the attacker's own is not the operator's key.
      const attacker = generateKeyPairSync('ed25519');
      const cp = await t.storage.db.selectFrom('audit_checkpoints').selectAll().executeTakeFirstOrThrow();
      const signature = sign(null, checkpointMessage(10, cp.hash, cp.signed_at), attacker.privateKey).toString('base64');
      await t.storage.db.updateTable('audit_checkpoints').set({ signature, key_id: 'attackerattacker' }).where('seq', '=', 10).execute();
      const resigned = await verifyAuditLog(t.storage.db, { publicKeyPem: publicKeyOf(t) });
      assert.equal(resigned.firstBad?.seq, 10);
      assert.match(resigned.firstBad!.reason, /unknown key attackerattacker/);
    } finally {
      await t.cleanup();
    }
  });

  it('a rolled-back transaction leaves no audit entry and the chain still verifies', async () => {
    const t = await signedLog(kind, 3);
    try {
      await assert.rejects(
        t.storage.db.transaction().execute(async (trx) => {
          await appendAudit(trx, systemActor('test'), { action: 'people.manage', recordType: 'user', recordId: 'u1', after: { disabled: 1 } });
          throw new Error('use case failed after writing its audit entry');
        }),
        /use case failed/,
      );
      const rows = await t.storage.db.selectFrom('audit_log').select('seq').execute();
      assert.equal(rows.length, 3);
      await appendEntries(t.storage, 1);
      const result = await verifyAuditLog(t.storage.db, { publicKeyPem: publicKeyOf(t) });
      assert.equal(result.ok, true, result.firstBad?.reason);
      assert.equal(result.entries, 4);
      assert.equal(result.head.seq, 4);
    } finally {
      await t.cleanup();
    }
  });

  it('checkpointIfDue signs after N entries or M minutes, and not otherwise', async () => {
    const t = await createTestStorage(kind);
    try {
      let now = new Date('2026-01-01T00:00:00.000Z');
      const ctx: AppContext = {
        config: loadConfig({ WANGGE_DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' }),
        storage: t.storage,
        now: () => now,
        slaPolicy: DEFAULT_SLA_POLICY,
      };
      const schedule = { everyEntries: 5, everyMinutes: 10 };
      assert.equal(await checkpointIfDue(ctx, schedule), null, 'nothing to sign in an empty log');
      await appendEntries(t.storage, 2);
      assert.equal((await checkpointIfDue(ctx, schedule))?.seq, 2, 'the first checkpoint is always due');
      await appendEntries(t.storage, 2);
      assert.equal(await checkpointIfDue(ctx, schedule), null, '2 entries and 0 minutes: not due');
      now = new Date('2026-01-01T00:10:00.000Z');
      assert.equal((await checkpointIfDue(ctx, schedule))?.seq, 4, '10 minutes passed: due');
      assert.equal(await checkpointIfDue(ctx, schedule), null, 'head unchanged: never re-signed');
      await appendEntries(t.storage, 5);
      assert.equal((await checkpointIfDue(ctx, schedule))?.seq, 9, '5 entries: due');
      const result = await verifyAuditLog(t.storage.db, { publicKeyPem: publicKeyOf(t) });
      assert.equal(result.ok, true);
      assert.equal(result.checkpoints, 3);
    } finally {
      await t.cleanup();
    }
  });

  it('20 concurrent transactions appending entries leave a chain that verifies', async () => {
    const t = await createTestStorage(kind);
    try {
      const actor = systemActor('test');
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t.storage.db.transaction().execute(async (trx) => {
            for (let j = 0; j < 5; j++) {
              await appendAudit(trx, actor, { action: 'test.concurrent', recordType: 'test', recordId: `${i}-${j}` });
            }
          }),
        ),
      );
      await checkpointNow(t);
      const result = await verifyAuditLog(t.storage.db, { publicKeyPem: publicKeyOf(t) });
      assert.equal(result.ok, true, result.firstBad?.reason);
      assert.equal(result.entries, 100);
      assert.equal(result.head.seq, 100);
      const recordIds = await t.storage.db.selectFrom('audit_log').select('record_id').execute();
      assert.equal(new Set(recordIds.map((r) => r.record_id)).size, 100);
    } finally {
      await t.cleanup();
    }
  });
});
