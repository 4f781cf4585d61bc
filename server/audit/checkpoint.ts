import fs from 'node:fs';
import path from 'node:path';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Executor, Trx } from '../storage/db.ts';
import type { AuditCheckpointRow } from '../storage/schema.ts';
import { appendWitnessHead, witnessHeadOf } from './witness.ts';

/**
 * Signed checkpoints (签名检查点) over the audit hash chain.
 *
 * A checkpoint is an Ed25519 signature over `seq|hash|signed_at` of the chain head at one moment.
 * The private key lives in the data directory, not in the database: someone who can write the
 * database but not read the key file can re-hash the chain, but cannot produce a checkpoint that
 * matches the rewritten chain. See docs/audit.md for what this does and does not catch.
 */

export const PRIVATE_KEY_FILE = 'audit-ed25519.pem';
export const PUBLIC_KEY_FILE = 'audit-ed25519.pub.pem';

export interface AuditKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** First 16 hex characters of sha256(public key DER): names the key in each checkpoint. */
  keyId: string;
}

/** Where the key files of a data directory live. */
export function auditKeyPaths(dataDir: string): { dir: string; privateKey: string; publicKey: string } {
  const dir = path.join(dataDir, 'keys');
  return { dir, privateKey: path.join(dir, PRIVATE_KEY_FILE), publicKey: path.join(dir, PUBLIC_KEY_FILE) };
}

/** key_id of a public key: first 16 hex chars of sha256 over its SPKI DER encoding. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/** Parse a PEM public key and compute its key id; throws a readable error on garbage. */
export function parsePublicKey(pem: string): { publicKey: KeyObject; keyId: string } {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(pem);
  } catch (err) {
    throw new Error(`not a PEM public key: ${(err as Error).message}`);
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 public key, got ${publicKey.asymmetricKeyType}`);
  return { publicKey, keyId: keyIdOf(publicKey) };
}

const keyCache = new Map<string, AuditKey>();

function keyFromPrivatePem(pem: string): AuditKey {
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicKey, publicKeyPem, keyId: keyIdOf(publicKey) };
}

/**
 * Load the data directory's audit signing key, creating it on first use. The private key is
 * written exclusively ('wx', mode 0600) so two processes starting together cannot overwrite each
 * other's key: the loser of the race reads the winner's file.
 */
export function loadOrCreateAuditKey(dataDir: string): AuditKey {
  const paths = auditKeyPaths(dataDir);
  const cached = keyCache.get(paths.privateKey);
  if (cached) return cached;
  fs.mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(paths.privateKey)) {
    const pair = generateKeyPairSync('ed25519');
    const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      fs.writeFileSync(paths.privateKey, pem, { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const key = keyFromPrivatePem(fs.readFileSync(paths.privateKey, 'utf8'));
  // The public half is derived, so (re)writing it is always safe; operators copy it elsewhere.
  const existingPub = fs.existsSync(paths.publicKey) ? fs.readFileSync(paths.publicKey, 'utf8') : null;
  if (existingPub !== key.publicKeyPem) fs.writeFileSync(paths.publicKey, key.publicKeyPem, { mode: 0o644 });
  keyCache.set(paths.privateKey, key);
  return key;
}

/** Read the public key stored next to the private one, or null when there is none yet. Never creates a key. */
export function readStoredPublicKey(dataDir: string): string | null {
  const paths = auditKeyPaths(dataDir);
  if (fs.existsSync(paths.publicKey)) return fs.readFileSync(paths.publicKey, 'utf8');
  if (fs.existsSync(paths.privateKey)) return keyFromPrivatePem(fs.readFileSync(paths.privateKey, 'utf8')).publicKeyPem;
  return null;
}

/** The exact bytes a checkpoint signature covers. */
export function checkpointMessage(seq: number, hash: string, signedAt: string): Buffer {
  return Buffer.from(`${seq}|${hash}|${signedAt}`, 'utf8');
}

export interface CreateCheckpointOptions {
  dataDir: string;
  now?: Date;
}

/**
 * Sign the current chain head and store the checkpoint. Returns null (and writes nothing) when the
 * log is empty or the head has not moved since the last checkpoint.
 */
export async function createCheckpoint(trx: Trx, options: CreateCheckpointOptions): Promise<AuditCheckpointRow | null> {
  // A no-op update takes the head row lock on PostgreSQL (SQLite serialises writers anyway), so the
  // head cannot move while we sign it and two processes cannot checkpoint the same seq twice.
  await trx.updateTable('audit_head').set({ seq: sql`seq` }).where('id', '=', 1).execute();
  const head = await trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  const seq = Number(head.seq);
  if (seq === 0) return null;
  const last = await lastCheckpoint(trx);
  if (last && last.seq >= seq) return null;
  const key = loadOrCreateAuditKey(options.dataDir);
  const signedAt = (options.now ?? new Date()).toISOString();
  const signature = sign(null, checkpointMessage(seq, head.hash, signedAt), key.privateKey).toString('base64');
  const row: AuditCheckpointRow = { seq, hash: head.hash, signed_at: signedAt, key_id: key.keyId, signature };
  await trx.insertInto('audit_checkpoints').values(row).execute();
  return row;
}

/** The most recent checkpoint, or null. */
export async function lastCheckpoint(db: Executor): Promise<AuditCheckpointRow | null> {
  const row = await db.selectFrom('audit_checkpoints').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row ? { ...row, seq: Number(row.seq) } : null;
}

export interface CheckpointSchedule {
  /** Checkpoint once this many entries were appended since the last one. Default 100. */
  everyEntries?: number;
  /** …or once this many seconds passed since the last one and anything was appended. Default 60. */
  everySeconds?: number;
  /** Older spelling of everySeconds, in minutes (kept for `--every-minutes` and existing callers). */
  everyMinutes?: number;
}

/** Default schedule: at most 100 entries or 60 s of appends are covered by the chain alone (docs/audit.md). */
export const CHECKPOINT_EVERY_ENTRIES = 100;
export const CHECKPOINT_EVERY_SECONDS = 60;

/**
 * Job body: create a checkpoint when at least `everyEntries` entries or `everySeconds` seconds have
 * passed since the last one (and the head moved). Safe to run from several processes at once.
 * With a witness file configured (WANGGE_AUDIT_WITNESS_FILE) the latest checkpoint is appended to it
 * after commit — also when an earlier append failed, so a witness that was unreachable catches up.
 */
export async function checkpointIfDue(ctx: AppContext, schedule: CheckpointSchedule = {}): Promise<AuditCheckpointRow | null> {
  const everyEntries = schedule.everyEntries ?? CHECKPOINT_EVERY_ENTRIES;
  const everySeconds = schedule.everySeconds ?? (schedule.everyMinutes !== undefined ? schedule.everyMinutes * 60 : CHECKPOINT_EVERY_SECONDS);
  const now = ctx.now();
  const created = await ctx.storage.db.transaction().execute(async (trx) => {
    const head = await trx.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
    const last = await lastCheckpoint(trx);
    const appended = Number(head.seq) - (last?.seq ?? 0);
    if (appended <= 0) return null;
    const secondsSince = last ? (now.getTime() - Date.parse(last.signed_at)) / 1000 : Infinity;
    if (appended < everyEntries && secondsSince < everySeconds) return null;
    return createCheckpoint(trx, { dataDir: ctx.config.dataDir, now });
  });
  const witnessFile = ctx.config.auditWitnessFile;
  if (witnessFile) {
    const latest = created ?? (await lastCheckpoint(ctx.storage.db));
    if (latest) appendWitnessHead(witnessFile, witnessHeadOf(latest));
  }
  return created;
}
