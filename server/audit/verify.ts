import { verify as verifySignature, type KeyObject } from 'node:crypto';
import type { DB, Executor } from '../storage/db.ts';
import type { AuditCheckpointRow, AuditLogRow } from '../storage/schema.ts';
import { GENESIS_HASH, entryHash } from './audit.ts';
import { checkpointMessage, parsePublicKey } from './checkpoint.ts';
import type { WitnessedHead } from './witness.ts';

/**
 * Audit log verifier (审计日志校验). One pass over the log in seq order, page by page (keyset
 * pagination, so 10^7 entries never sit in memory), inside one repeatable-read snapshot so entries
 * appended while it runs cannot make a sound log look broken.
 */

export interface VerifyOptions {
  /** Public key(s) the checkpoints must be signed with. Absent → signatures are not checked (signaturesChecked: false). */
  publicKeyPem?: string | readonly string[];
  /** Entries per page. Default 2000. */
  pageSize?: number;
  /** Called after each page with the last seq checked (progress bars). */
  onProgress?(seq: number): void;
  /**
   * Signed tree heads from a witness file kept outside the database (server/audit/witness.ts). Each
   * must still hold: the log has at least `tree_size` entries and entry `tree_size` has `root_hash`.
   */
  witness?: readonly WitnessedHead[];
}

export interface VerifyResult {
  ok: boolean;
  /** Entries checked (up to the first bad one). */
  entries: number;
  /** Checkpoints checked (up to the first bad one). */
  checkpoints: number;
  head: { seq: number; hash: string };
  /** Whether checkpoint signatures were verified against a public key. */
  signaturesChecked: boolean;
  /** Ids of the keys that signed the checkpoints seen. */
  keyIds: string[];
  /** The last checkpoint that matched the log, 0 when none. */
  lastGoodCheckpoint: number;
  firstBad?: { seq: number; reason: string };
  /** Witnessed heads that matched the log (up to the first bad one). */
  witnessed: number;
  /** Largest witnessed tree size that matched, 0 when none. */
  lastGoodWitness: number;
}

class Bad extends Error {
  constructor(
    readonly seq: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Page through a table by seq (keyset pagination: `seq > last` is an index range scan). */
async function* pagesBySeq<T extends { seq: number }>(fetch: (afterSeq: number) => Promise<T[]>): AsyncGenerator<T> {
  let after = 0;
  for (;;) {
    const rows = await fetch(after);
    if (rows.length === 0) return;
    for (const row of rows) yield row;
    after = Number(rows[rows.length - 1]!.seq);
  }
}

/**
 * Check the whole audit log: contiguous seq from 1; each prev_hash links to the previous entry
 * (genesis = GENESIS_HASH); each hash recomputes; the head row equals the last entry; every
 * checkpoint's signature verifies and matches the entry at its seq; no checkpoint lies past the end.
 * Stops at the first failure and names it in plain words.
 */
export async function verifyAuditLog(db: DB | Executor, options: VerifyOptions = {}): Promise<VerifyResult> {
  const keys = new Map<string, KeyObject>();
  const pems = options.publicKeyPem === undefined ? [] : typeof options.publicKeyPem === 'string' ? [options.publicKeyPem] : options.publicKeyPem;
  for (const pem of pems) {
    const { publicKey, keyId } = parsePublicKey(pem);
    keys.set(keyId, publicKey);
  }
  const pageSize = options.pageSize ?? 2000;
  const run = (trx: Executor) => verifyIn(trx, keys, pageSize, options.onProgress, options.witness ?? []);
  // A Kysely instance (not a transaction) has .transaction(): take one consistent snapshot.
  // On SQLite the isolation level is ignored; a read transaction in WAL mode is already a snapshot.
  if (!db.isTransaction) {
    return (db as DB).transaction().setIsolationLevel('repeatable read').execute(run);
  }
  return run(db);
}

async function verifyIn(
  db: Executor,
  keys: Map<string, KeyObject>,
  pageSize: number,
  onProgress: ((seq: number) => void) | undefined,
  witness: readonly WitnessedHead[],
): Promise<VerifyResult> {
  const headRow = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  const head = { seq: Number(headRow?.seq ?? 0), hash: headRow?.hash ?? GENESIS_HASH };
  const result: VerifyResult = {
    ok: true,
    entries: 0,
    checkpoints: 0,
    head,
    signaturesChecked: keys.size > 0,
    keyIds: [],
    lastGoodCheckpoint: 0,
    witnessed: 0,
    lastGoodWitness: 0,
  };
  // Witnessed heads by tree size; the largest one tells how long the log was at least.
  const witnessAt = new Map<number, WitnessedHead[]>();
  for (const w of witness) witnessAt.set(w.tree_size, [...(witnessAt.get(w.tree_size) ?? []), w]);
  const longestWitnessed = witness.reduce<WitnessedHead | null>((m, w) => (m === null || w.tree_size > m.tree_size ? w : m), null);
  const keyIds = new Set<string>();

  const checkpoints = pagesBySeq<AuditCheckpointRow>(async (after) =>
    (await db.selectFrom('audit_checkpoints').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute()).map(
      (r) => ({ ...r, seq: Number(r.seq) }),
    ),
  );
  let nextCheckpoint = (await checkpoints.next()).value as AuditCheckpointRow | undefined;

  const checkCheckpoint = (cp: AuditCheckpointRow, entry: AuditLogRow | null): void => {
    keyIds.add(cp.key_id);
    if (keys.size > 0) {
      const key = keys.get(cp.key_id);
      if (!key) throw new Bad(cp.seq, `checkpoint ${cp.seq} signed by unknown key ${cp.key_id}: not the public key given`);
      let valid = false;
      try {
        valid = verifySignature(null, checkpointMessage(cp.seq, cp.hash, cp.signed_at), key, Buffer.from(cp.signature, 'base64'));
      } catch {
        valid = false;
      }
      if (!valid) throw new Bad(cp.seq, `checkpoint ${cp.seq} signature invalid: the checkpoint was altered or forged`);
    }
    if (!entry) {
      throw new Bad(cp.seq, `checkpoint ${cp.seq} points past the end of the log (last entry ${result.entries}): entries removed from the end`);
    }
    if (entry.hash !== cp.hash) {
      throw new Bad(
        cp.seq,
        `checkpoint ${cp.seq} does not match entry ${cp.seq}: entries ${result.lastGoodCheckpoint + 1}–${cp.seq} were rewritten after the checkpoint was signed`,
      );
    }
    result.checkpoints++;
    result.lastGoodCheckpoint = cp.seq;
  };

  /** A witnessed head is a checkpoint kept elsewhere: its signature must verify like a checkpoint's. */
  const checkWitnessSignature = (w: WitnessedHead): void => {
    if (keys.size === 0) return;
    const key = keys.get(w.key_id);
    if (!key) throw new Bad(w.tree_size, `witness line ${w.line} (tree_size ${w.tree_size}) signed by unknown key ${w.key_id}: not the public key given`);
    let valid = false;
    try {
      valid = verifySignature(null, checkpointMessage(w.tree_size, w.root_hash, w.timestamp), key, Buffer.from(w.signature, 'base64'));
    } catch {
      valid = false;
    }
    if (!valid) throw new Bad(w.tree_size, `witness line ${w.line} (tree_size ${w.tree_size}) signature invalid: the witnessed head was altered or forged`);
  };

  let prevSeq = 0;
  let prevHash = GENESIS_HASH;
  try {
    for (const w of witness) checkWitnessSignature(w);
    const entries = pagesBySeq<AuditLogRow>(async (after) => {
      const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
      if (rows.length > 0) onProgress?.(Number(rows[rows.length - 1]!.seq));
      return rows;
    });
    for await (const raw of entries) {
      const row = { ...raw, seq: Number(raw.seq) };
      const expected = prevSeq + 1;
      if (row.seq !== expected) throw new Bad(expected, `seq gap: entry ${expected} missing`);
      const { hash, prev_hash, ...content } = row;
      if (entryHash(prev_hash, content) !== hash) throw new Bad(row.seq, 'hash mismatch: entry content changed');
      if (prev_hash !== prevHash) throw new Bad(row.seq, 'prev_hash mismatch: entries reordered or removed');
      while (nextCheckpoint && nextCheckpoint.seq <= row.seq) {
        // Seq is contiguous from 1, so a checkpoint below the current entry can only be seq <= 0.
        if (nextCheckpoint.seq < row.seq) throw new Bad(nextCheckpoint.seq, `checkpoint ${nextCheckpoint.seq} points to no entry`);
        checkCheckpoint(nextCheckpoint, row);
        nextCheckpoint = (await checkpoints.next()).value as AuditCheckpointRow | undefined;
      }
      for (const w of witnessAt.get(row.seq) ?? []) {
        // The chain value at size n commits to entries 1..n (RFC 6962/9162 consistency, for a chain):
        // a different value means some entry after the last matching witnessed head was rewritten.
        if (w.root_hash !== row.hash) {
          throw new Bad(
            row.seq,
            `rewritten: witness line ${w.line} (tree_size ${w.tree_size}, ${w.timestamp}) root hash differs from entry ${row.seq}: entries ${result.lastGoodWitness + 1}–${row.seq} were rewritten after that head was witnessed`,
          );
        }
        result.witnessed++;
        result.lastGoodWitness = row.seq;
      }
      prevSeq = row.seq;
      prevHash = row.hash;
      result.entries++;
    }
    if (longestWitnessed && longestWitnessed.tree_size > prevSeq) {
      throw new Bad(
        prevSeq + 1,
        `truncated: witness line ${longestWitnessed.line} (${longestWitnessed.timestamp}) saw ${longestWitnessed.tree_size} entries, the log has ${prevSeq}: entries ${prevSeq + 1}–${longestWitnessed.tree_size} were deleted`,
      );
    }
    if (head.seq > prevSeq) {
      throw new Bad(prevSeq + 1, `head does not match last entry: entries removed from the end (head says ${head.seq}, log ends at ${prevSeq})`);
    }
    if (head.seq < prevSeq) {
      throw new Bad(head.seq + 1, `head does not match last entry: entries after ${head.seq} were added outside the audit helper`);
    }
    if (head.hash !== prevHash) throw new Bad(prevSeq, `head does not match last entry: head hash differs from entry ${prevSeq}`);
    if (nextCheckpoint) checkCheckpoint(nextCheckpoint, null);
  } catch (err) {
    if (!(err instanceof Bad)) throw err;
    result.ok = false;
    result.firstBad = { seq: err.seq, reason: err.reason };
  }
  result.keyIds = [...keyIds];
  return result;
}
