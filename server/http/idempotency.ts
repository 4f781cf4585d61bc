import { createHash, randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import type { Executor, Trx } from '../storage/db.ts';

/**
 * Idempotency-Key support for creating endpoints (IETF draft "The Idempotency-Key HTTP Header Field"):
 * missing key → 400, same key + same payload → the first response replayed, same key + other payload
 * → 422, same key while the first request still runs → 409.
 *
 * Why it matters here: the field app queues writes offline and replays them until acknowledged, so the
 * server must apply each exactly once even when a phone resends after days (records kept ≥ 30 days).
 *
 * Protocol (see docs/idempotency.md):
 *  1. reserve: insert (principal, key) as 'in_progress' in its own autocommitted statement; the primary
 *     key decides races between server processes.
 *  2. run the handler inside ONE transaction that also records the final response, so "created but not
 *     recorded" cannot survive a crash: both commit or neither does.
 *  3. on failure (thrown error or a 4xx/5xx result) the reservation is deleted so the client may retry.
 */

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Default retention of a completed key; field phones may stay offline for days. */
export const DEFAULT_RETENTION_DAYS = 35;
/** The IETF draft and our case issue both ask for at least this long. */
export const MIN_RETENTION_DAYS = 30;
/** An in-progress reservation older than this is presumed abandoned (crashed process) and may be taken over. */
export const DEFAULT_LEASE_SECONDS = 60;
const MAX_KEY_LENGTH = 255;

/** What a handler returns: the status and the JSON body to send (and to replay later). */
export interface IdempotentResult {
  status: number;
  body: unknown;
}

/** The response to send: body already serialised so the replay is byte-identical to the first answer. */
export interface IdempotentResponse {
  status: number;
  bodyText: string;
  replayed: boolean;
}

export interface IdempotencyOptions {
  /** Overrides the principal derived from the actor (e.g. 'apikey:<id>' for Open311 keys). */
  principal?: string;
  /** How long a completed key is kept; at least MIN_RETENTION_DAYS. */
  retentionDays?: number;
  /** How long an in-progress reservation is honoured before another request may take it over. */
  leaseSeconds?: number;
}

/** Validate the header value: 1–255 visible ASCII characters; an RFC 8941 quoted string is unwrapped. */
export function parseIdempotencyKey(header: string | string[] | undefined): string {
  if (header === undefined) {
    throw new AppError('IDEMPOTENCY_KEY_MISSING', `请求头缺少 ${IDEMPOTENCY_HEADER} / the ${IDEMPOTENCY_HEADER} header is required on this endpoint`, IDEMPOTENCY_HEADER);
  }
  if (Array.isArray(header)) {
    throw new AppError('VALIDATION_FAILED', `${IDEMPOTENCY_HEADER}: send exactly one header`, IDEMPOTENCY_HEADER);
  }
  let key = header;
  if (key.length >= 2 && key.startsWith('"') && key.endsWith('"')) key = key.slice(1, -1);
  if (key.length === 0) throw new AppError('VALIDATION_FAILED', `${IDEMPOTENCY_HEADER}: must not be empty`, IDEMPOTENCY_HEADER);
  if (key.length > MAX_KEY_LENGTH) {
    throw new AppError('VALIDATION_FAILED', `${IDEMPOTENCY_HEADER}: at most ${MAX_KEY_LENGTH} characters (got ${key.length})`, IDEMPOTENCY_HEADER);
  }
  if (!/^[\x21-\x7e]+$/.test(key)) {
    throw new AppError('VALIDATION_FAILED', `${IDEMPOTENCY_HEADER}: only visible ASCII characters (no spaces or control characters)`, IDEMPOTENCY_HEADER);
  }
  return key;
}

/** Who owns a key: keys of different people (or different public addresses) never collide. */
export function principalFor(actor: Actor | null, sourceIp: string | null): string {
  if (actor?.id) return `user:${actor.id}`;
  return `public:${sourceIp ?? actor?.sourceIp ?? 'unknown'}`;
}

function canonicalValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonicalValue(v)));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = canonicalValue(v);
  }
  return out;
}

/** JSON with object keys sorted at every level: the same payload always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalValue(value === undefined ? null : value));
}

/** sha256 over method, URL (path + query) and the canonical JSON body. */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(method.toUpperCase()).update('\n').update(url).update('\n').update(canonicalJson(body)).digest('hex');
}

/** A handler answered with an error status: roll back its writes, release the key, send the answer. */
class HandlerDeclined extends Error {
  constructor(readonly result: IdempotentResult) {
    super('handler declined');
  }
}

type Reservation = { owned: true } | { owned: false; status: number; bodyText: string };

function addSeconds(d: Date, s: number): string {
  return new Date(d.getTime() + s * 1000).toISOString();
}

async function reserve(
  db: Executor,
  now: Date,
  k: { principal: string; key: string; fingerprint: string; token: string; retentionDays: number; leaseSeconds: number },
): Promise<Reservation> {
  const nowIso = now.toISOString();
  // A few rounds cover the windows where a row vanishes between our insert and select (released or purged).
  for (let round = 0; round < 4; round++) {
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({
        principal: k.principal,
        key: k.key,
        fingerprint: k.fingerprint,
        state: 'in_progress',
        lock_token: k.token,
        locked_until: addSeconds(now, k.leaseSeconds),
        response_status: null,
        response_body: null,
        created_at: nowIso,
        completed_at: null,
        expires_at: addSeconds(now, k.retentionDays * 86400),
      })
      .onConflict((oc) => oc.columns(['principal', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { owned: true };

    const row = await db.selectFrom('idempotency_keys').selectAll().where('principal', '=', k.principal).where('key', '=', k.key).executeTakeFirst();
    if (!row) continue;
    if (row.expires_at <= nowIso) {
      // Expired but not yet purged: the key is free again.
      await db.deleteFrom('idempotency_keys').where('principal', '=', k.principal).where('key', '=', k.key).where('expires_at', '<=', nowIso).execute();
      continue;
    }
    if (row.fingerprint !== k.fingerprint) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        `${IDEMPOTENCY_HEADER} 已用于另一个请求 / this key was already used with a different payload; generate a new key for a new request`,
        IDEMPOTENCY_HEADER,
      );
    }
    if (row.state === 'done') {
      return { owned: false, status: Number(row.response_status), bodyText: row.response_body ?? 'null' };
    }
    if (row.locked_until !== null && row.locked_until <= nowIso) {
      // The owner's lease ran out (its process probably died): take over. Changing lock_token makes a
      // late original unable to record its result, so its transaction rolls back (see runIdempotent).
      const taken = await db
        .updateTable('idempotency_keys')
        .set({ lock_token: k.token, locked_until: addSeconds(now, k.leaseSeconds) })
        .where('principal', '=', k.principal)
        .where('key', '=', k.key)
        .where('state', '=', 'in_progress')
        .where('locked_until', '<=', nowIso)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 1) return { owned: true };
      continue;
    }
    throw new AppError(
      'IDEMPOTENCY_IN_PROGRESS',
      `同一请求仍在处理中，请稍后重试 / a request with this ${IDEMPOTENCY_HEADER} is still being processed; retry later`,
      IDEMPOTENCY_HEADER,
    );
  }
  throw new AppError('IDEMPOTENCY_IN_PROGRESS', `a request with this ${IDEMPOTENCY_HEADER} is changing state; retry later`, IDEMPOTENCY_HEADER);
}

/**
 * Transport-neutral core: run `handler(trx)` at most once per (principal, key, fingerprint).
 * The handler's writes and the stored response commit in one transaction.
 */
export async function runIdempotent(
  ctx: AppContext,
  request: { principal: string; key: string; fingerprint: string },
  handler: (trx: Trx) => Promise<IdempotentResult>,
  options: Omit<IdempotencyOptions, 'principal'> = {},
): Promise<IdempotentResponse> {
  const retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  if (!(retentionDays >= MIN_RETENTION_DAYS)) throw new Error(`idempotency retention must be at least ${MIN_RETENTION_DAYS} days, got ${retentionDays}`);
  const leaseSeconds = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  const db = ctx.storage.db;
  const token = randomUUID();
  const { principal, key, fingerprint } = request;

  const k = { principal, key, fingerprint, token, retentionDays, leaseSeconds };

  /** Run the handler in `trx` and serialise its answer; throws HandlerDeclined on an error status. */
  const runHandler = async (trx: Trx): Promise<{ status: number; bodyText: string }> => {
    const result = await handler(trx);
    if (result.status >= 400) throw new HandlerDeclined(result);
    return { status: result.status, bodyText: JSON.stringify(result.body === undefined ? null : result.body) };
  };

  /** Run the handler and record its response on our reservation in `trx`. */
  const runAndRecord = async (trx: Trx): Promise<{ status: number; bodyText: string }> => {
    const { status, bodyText } = await runHandler(trx);
    const recorded = await trx
      .updateTable('idempotency_keys')
      .set({ state: 'done', response_status: status, response_body: bodyText, completed_at: ctx.now().toISOString(), lock_token: null, locked_until: null })
      .where('principal', '=', principal)
      .where('key', '=', key)
      .where('state', '=', 'in_progress')
      .where('lock_token', '=', token)
      .executeTakeFirst();
    if (Number(recorded.numUpdatedRows) !== 1) {
      // Our lease was taken over: throwing rolls back our writes, so the request still applies once.
      throw new AppError('IDEMPOTENCY_IN_PROGRESS', `this request took too long and was taken over by a retry; fetch the result with the same ${IDEMPOTENCY_HEADER}`, IDEMPOTENCY_HEADER);
    }
    return { status, bodyText };
  };

  if (ctx.storage.capabilities.singleWriter) {
    // One writer (embedded SQLite): look up, run and record in ONE unit of work, so an intake costs one
    // (group-)commit instead of two. Nobody can observe an in-progress state; a duplicate arriving
    // meanwhile simply runs after this unit and finds the key done — it gets the replay, not a 409.
    // The common case (a new key) is one primary-key lookup and one insert of the finished record,
    // instead of inserting an 'in_progress' row and rewriting it with the response.
    try {
      return await ctx.storage.transaction(async (trx) => {
        const now = ctx.now();
        const existing = await trx.selectFrom('idempotency_keys').select('key').where('principal', '=', principal).where('key', '=', key).executeTakeFirst();
        if (existing) {
          // Replay, reuse with another payload, expiry: the general protocol decides.
          const reservation = await reserve(trx, now, k);
          if (!reservation.owned) return { status: reservation.status, bodyText: reservation.bodyText, replayed: true };
          return { ...(await runAndRecord(trx)), replayed: false };
        }
        const { status, bodyText } = await runHandler(trx);
        await trx
          .insertInto('idempotency_keys')
          .values({
            principal,
            key,
            fingerprint,
            state: 'done',
            lock_token: null,
            locked_until: null,
            response_status: status,
            response_body: bodyText,
            created_at: now.toISOString(),
            completed_at: ctx.now().toISOString(),
            expires_at: addSeconds(now, retentionDays * 86400),
          })
          .execute();
        return { status, bodyText, replayed: false };
      });
    } catch (err) {
      // The unit rolled back, record included: the key stays free for a retry.
      if (err instanceof HandlerDeclined) {
        return { status: err.result.status, bodyText: JSON.stringify(err.result.body ?? null), replayed: false };
      }
      throw err;
    }
  }

  // Several processes share the database: the reservation commits on its own first, so a concurrent
  // duplicate in another process sees it (409 in progress) instead of running the handler again.
  const reservation = await reserve(db, ctx.now(), k);
  if (!reservation.owned) return { status: reservation.status, bodyText: reservation.bodyText, replayed: true };

  try {
    const sent = await ctx.storage.transaction(runAndRecord);
    return { ...sent, replayed: false };
  } catch (err) {
    // Release only our own reservation (a takeover changed the token); if this fails the lease expires.
    await db
      .deleteFrom('idempotency_keys')
      .where('principal', '=', principal)
      .where('key', '=', key)
      .where('state', '=', 'in_progress')
      .where('lock_token', '=', token)
      .execute()
      .catch(() => undefined);
    if (err instanceof HandlerDeclined) {
      return { status: err.result.status, bodyText: JSON.stringify(err.result.body ?? null), replayed: false };
    }
    throw err;
  }
}

/**
 * Fastify wrapper for creating routes: validates the header, derives principal and fingerprint,
 * runs `handler(trx)` once and sends (or replays, with `Idempotency-Replayed: true`) the response.
 * Call it after requireActor and input validation; the handler runs inside the transaction.
 */
export async function withIdempotency(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  handler: (trx: Trx) => Promise<IdempotentResult>,
  options: IdempotencyOptions = {},
): Promise<FastifyReply> {
  const key = parseIdempotencyKey(request.headers['idempotency-key']);
  const principal = options.principal ?? principalFor(request.actor ?? null, request.ip);
  const fingerprint = requestFingerprint(request.method, request.url, request.body);
  const res = await runIdempotent(ctx, { principal, key, fingerprint }, handler, options);
  if (res.replayed) reply.header('Idempotency-Replayed', 'true');
  // Sent as text with a JSON type so the first answer and every replay are the same bytes.
  return reply.status(res.status).type('application/json; charset=utf-8').send(res.bodyText);
}

/** Delete records whose retention has passed; for a scheduled job. Returns how many were removed. */
export async function purgeExpiredIdempotencyKeys(db: Executor, now: Date): Promise<number> {
  const res = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
  return Number(res.numDeletedRows);
}
