import assert from 'node:assert/strict';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { createTestStorage, forEachDatabase, type TestStorage } from '../../test/harness.ts';
import { loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../audit/audit.ts';
import type { Actor } from '../access/actor.ts';
import { openStorage, type Storage } from '../storage/db.ts';
import { installErrorHandler } from './errorHandler.ts';
import './actor.ts';
import { canonicalJson, parseIdempotencyKey, purgeExpiredIdempotencyKeys, requestFingerprint, withIdempotency } from './idempotency.ts';
import { slaPolicyOf } from '../context.ts';

const ACTION = 'test.thing.create';

interface Harness {
  app: FastifyInstance;
  /** Behaviour switches for the throwaway route. */
  control: { failNext: 'throw' | 'declined' | null; gate: Promise<void> | null; entered: (() => void) | null };
}

/** A fresh Fastify "server process" with the real error handler and one idempotent creating route. */
async function buildApp(ctx: AppContext): Promise<Harness> {
  const control: Harness['control'] = { failNext: null, gate: null, entered: null };
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    const id = request.headers['x-test-user'];
    request.actor =
      typeof id === 'string'
        ? ({ id, username: id, displayName: id, assignments: [], sourceIp: request.ip, via: 'session' } satisfies Actor)
        : null;
  });
  app.post('/api/things', async (request, reply) =>
    withIdempotency(ctx, request, reply, async (trx) => {
      if (control.entered) control.entered();
      if (control.gate) await control.gate;
      const id = randomUUID();
      await appendAudit(trx, request.actor ?? { id: null, username: 'public', displayName: 'public', assignments: [], sourceIp: request.ip, via: 'public' }, {
        action: ACTION,
        recordType: 'thing',
        recordId: id,
        after: request.body,
      });
      const fail = control.failNext;
      control.failNext = null;
      if (fail === 'throw') throw new AppError('NOT_FOUND', 'grid not found');
      if (fail === 'declined') return { status: 409, body: { error: { code: 'CONFLICT', message: 'declined' } } };
      return { status: 201, body: { id, echo: request.body } };
    }),
  );
  await app.ready();
  return { app, control };
}

forEachDatabase('Idempotency-Key on creating endpoints', (kind) => {
  let ts: TestStorage;
  let ctx: AppContext;
  let h: Harness;
  const clock = { now: new Date('2026-11-27T08:00:00.000Z') };

  before(async () => {
    ts = await createTestStorage(kind);
    const config = loadConfig({ WANGGE_DATA_DIR: ts.dataDir, LOG_LEVEL: 'silent', WANGGE_DEMO: 'off' }, 'test');
    ctx = { config, storage: ts.storage, now: () => clock.now, slaPolicy: slaPolicyOf(config) };
    h = await buildApp(ctx);
  });
  after(async () => {
    await h.app.close();
    await ts.cleanup();
  });
  beforeEach(() => {
    h.control.failNext = null;
    h.control.gate = null;
    h.control.entered = null;
  });

  const post = (app: FastifyInstance, key: string | undefined, body: unknown, user = 'u1') =>
    app.inject({
      method: 'POST',
      url: '/api/things',
      headers: { 'content-type': 'application/json', 'x-test-user': user, ...(key === undefined ? {} : { 'idempotency-key': key }) },
      payload: JSON.stringify(body),
    });
  const createdCount = async () =>
    Number((await ctx.storage.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', ACTION).executeTakeFirstOrThrow()).n);

  it('replays the same request 10 times as one creation with identical responses', async () => {
    const before = await createdCount();
    const key = randomUUID();
    const body = { categoryCode: 'A01', description: '井盖缺失', location: { lat: 32.05, lng: 118.78 } };
    const first = await post(h.app, key, body);
    assert.equal(first.statusCode, 201);
    assert.equal(first.headers['idempotency-replayed'], undefined);
    for (let i = 0; i < 9; i++) {
      const again = await post(h.app, key, body);
      assert.equal(again.statusCode, 201);
      assert.equal(again.body, first.body, 'replayed body is byte-identical');
      assert.equal(again.headers['idempotency-replayed'], 'true');
      assert.match(String(again.headers['content-type']), /application\/json/);
    }
    assert.equal((await createdCount()) - before, 1);
    const row = await ctx.storage.db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
    assert.equal(row.state, 'done');
    assert.equal(row.principal, 'user:u1');
    assert.equal(row.response_status, 201);
    assert.equal(row.response_body, first.body);
    // Kept at least 30 days (35 by default) for phones that stay offline.
    assert.equal(row.expires_at, new Date(clock.now.getTime() + 35 * 86400_000).toISOString());
  });

  it('treats the same payload with keys in another order as the same request', async () => {
    const key = randomUUID();
    const a = await post(h.app, key, { a: 1, b: { c: 2, d: [1, 2] } });
    const b = await post(h.app, key, { b: { d: [1, 2], c: 2 }, a: 1 });
    assert.equal(b.statusCode, 201);
    assert.equal(b.headers['idempotency-replayed'], 'true');
    assert.equal(b.body, a.body);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED when the key comes back with another payload', async () => {
    const key = randomUUID();
    assert.equal((await post(h.app, key, { description: 'one' })).statusCode, 201);
    const before = await createdCount();
    const res = await post(h.app, key, { description: 'two' });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().error.code, 'IDEMPOTENCY_KEY_REUSED');
    assert.equal(res.json().error.field, 'Idempotency-Key');
    assert.equal(await createdCount(), before, 'nothing created');
  });

  it('answers 400 IDEMPOTENCY_KEY_MISSING without the header, naming the header', async () => {
    const before = await createdCount();
    const res = await post(h.app, undefined, { description: 'x' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().error.code, 'IDEMPOTENCY_KEY_MISSING');
    assert.equal(res.json().error.field, 'Idempotency-Key');
    assert.equal(await createdCount(), before);
  });

  it('refuses malformed keys with 400 VALIDATION_FAILED naming the header', async () => {
    for (const bad of ['', '""', 'a b', 'x'.repeat(256), 'caf\u00e9']) {
      const res = await post(h.app, bad, { description: 'x' });
      assert.equal(res.statusCode, 400, `key ${JSON.stringify(bad)}`);
      assert.equal(res.json().error.code, 'VALIDATION_FAILED');
      assert.equal(res.json().error.field, 'Idempotency-Key');
    }
    // 255 visible characters and a quoted (RFC 8941 string) key are fine.
    assert.equal((await post(h.app, 'k'.repeat(255), { description: 'x' })).statusCode, 201);
    assert.equal((await post(h.app, `"${randomUUID()}"`, { description: 'x' })).statusCode, 201);
  });

  it('keeps the keys of different principals apart', async () => {
    const key = randomUUID();
    const a = await post(h.app, key, { description: 'mine' }, 'alice');
    const b = await post(h.app, key, { description: 'yours' }, 'bob');
    assert.equal(a.statusCode, 201);
    assert.equal(b.statusCode, 201);
    assert.notEqual(a.json().id, b.json().id);
    const rows = await ctx.storage.db.selectFrom('idempotency_keys').select('principal').where('key', '=', key).orderBy('principal').execute();
    assert.deepEqual(rows.map((r) => r.principal), ['user:alice', 'user:bob']);
    // Anonymous residents are keyed by address.
    const anon = await h.app.inject({ method: 'POST', url: '/api/things', headers: { 'content-type': 'application/json', 'idempotency-key': key }, payload: '{"description":"public"}' });
    assert.equal(anon.statusCode, 201);
    const pub = await ctx.storage.db.selectFrom('idempotency_keys').select('principal').where('key', '=', key).where('principal', 'like', 'public:%').executeTakeFirst();
    assert.ok(pub);
  });

  it('releases the key when the handler throws: nothing is stored and the retry runs', async () => {
    const key = randomUUID();
    const before = await createdCount();
    h.control.failNext = 'throw';
    const failed = await post(h.app, key, { description: 'retry me' });
    assert.equal(failed.statusCode, 404);
    assert.equal(failed.json().error.code, 'NOT_FOUND');
    assert.equal(await createdCount(), before, 'the handler writes rolled back');
    assert.equal(await ctx.storage.db.selectFrom('idempotency_keys').select('key').where('key', '=', key).executeTakeFirst(), undefined);
    const retry = await post(h.app, key, { description: 'retry me' });
    assert.equal(retry.statusCode, 201);
    assert.equal(retry.headers['idempotency-replayed'], undefined);
    assert.equal((await createdCount()) - before, 1);
  });

  it('does not store a 4xx answer returned by the handler, and rolls its writes back', async () => {
    const key = randomUUID();
    const before = await createdCount();
    h.control.failNext = 'declined';
    const declined = await post(h.app, key, { description: 'declined' });
    assert.equal(declined.statusCode, 409);
    assert.equal(declined.json().error.code, 'CONFLICT');
    assert.equal(await createdCount(), before);
    const retry = await post(h.app, key, { description: 'declined' });
    assert.equal(retry.statusCode, 201);
  });

  it('never runs a duplicate twice while the first still runs: 409 across processes, replay in one writer', async () => {
    if (ctx.storage.capabilities.singleWriter) {
      // Embedded SQLite has one writer: reservation and work are one unit, so the duplicate queues
      // behind the first and receives its stored answer as a replay.
      const key = randomUUID();
      const body = { description: 'slow' };
      const before = await createdCount();
      let release!: () => void;
      h.control.gate = new Promise<void>((r) => (release = r));
      const entered = new Promise<void>((r) => (h.control.entered = r));
      const firstPromise = post(h.app, key, body);
      await entered;
      const dupPromise = post(h.app, key, body);
      release();
      const [first, dup] = await Promise.all([firstPromise, dupPromise]);
      h.control.gate = null;
      assert.equal(first.statusCode, 201);
      assert.equal(dup.statusCode, 201);
      assert.equal(dup.body, first.body);
      assert.equal(dup.headers['idempotency-replayed'], 'true');
      assert.equal((await createdCount()) - before, 1);
      return;
    }
    // A second "server process": its own storage handle on the same database.
    const second: Storage = openStorage({ databaseUrl: ts.databaseUrl, sqliteFile: path.join(ts.dataDir, 'wangge.sqlite'), poolSize: 2 });
    const h2 = await buildApp({ ...ctx, storage: second });
    try {
      const key = randomUUID();
      const body = { description: 'slow' };
      let release!: () => void;
      h.control.gate = new Promise<void>((r) => (release = r));
      const entered = new Promise<void>((r) => (h.control.entered = r));
      const firstPromise = post(h.app, key, body);
      await entered;
      const dup = await post(h2.app, key, body);
      assert.equal(dup.statusCode, 409);
      assert.equal(dup.json().error.code, 'IDEMPOTENCY_IN_PROGRESS');
      assert.equal(dup.json().error.field, 'Idempotency-Key');
      release();
      const first = await firstPromise;
      assert.equal(first.statusCode, 201);
      h.control.gate = null;
      const later = await post(h2.app, key, body);
      assert.equal(later.statusCode, 201);
      assert.equal(later.body, first.body);
      assert.equal(later.headers['idempotency-replayed'], 'true');
    } finally {
      await h2.app.close();
      await second.close();
    }
  });

  it('lets two processes racing on one key create exactly one record', async () => {
    const second: Storage = openStorage({ databaseUrl: ts.databaseUrl, sqliteFile: path.join(ts.dataDir, 'wangge.sqlite'), poolSize: 2 });
    const h2 = await buildApp({ ...ctx, storage: second });
    try {
      const before = await createdCount();
      const key = randomUUID();
      const body = { description: 'race' };
      const results = await Promise.all([post(h.app, key, body), post(h2.app, key, body), post(h.app, key, body), post(h2.app, key, body)]);
      for (const r of results) assert.ok(r.statusCode === 201 || r.statusCode === 409, `status ${r.statusCode}: ${r.body}`);
      assert.equal((await createdCount()) - before, 1);
      const created = results.filter((r) => r.statusCode === 201);
      assert.ok(created.length >= 1);
      for (const r of created) assert.equal(r.json().id, created[0]!.json().id);
    } finally {
      await h2.app.close();
      await second.close();
    }
  });

  it('takes over a reservation whose lease ran out (its process died)', async () => {
    const key = randomUUID();
    const body = { description: 'orphan' };
    const url = '/api/things';
    await ctx.storage.db
      .insertInto('idempotency_keys')
      .values({
        principal: 'user:u1',
        key,
        fingerprint: requestFingerprint('POST', url, body),
        state: 'in_progress',
        lock_token: 'dead-process',
        locked_until: new Date(clock.now.getTime() - 1000).toISOString(),
        response_status: null,
        response_body: null,
        created_at: new Date(clock.now.getTime() - 120_000).toISOString(),
        completed_at: null,
        expires_at: new Date(clock.now.getTime() + 30 * 86400_000).toISOString(),
      })
      .execute();
    const res = await post(h.app, key, body);
    assert.equal(res.statusCode, 201);
    const row = await ctx.storage.db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
    assert.equal(row.state, 'done');
    assert.equal(row.lock_token, null);
  });

  it('purges expired keys, and an expired key is free for a new request', async () => {
    const key = randomUUID();
    const start = clock.now;
    try {
      assert.equal((await post(h.app, key, { description: 'old' })).statusCode, 201);
      clock.now = new Date(start.getTime() + 30 * 86400_000);
      assert.equal(await ctx.storage.db.selectFrom('idempotency_keys').select('key').where('key', '=', key).executeTakeFirst().then((r) => r?.key), key);
      assert.equal((await post(h.app, key, { description: 'new' })).statusCode, 422, 'still remembered after 30 days');
      // Expired (35 days) but not purged yet: the key may be used again.
      clock.now = new Date(start.getTime() + 36 * 86400_000);
      const fresh = await post(h.app, key, { description: 'new' });
      assert.equal(fresh.statusCode, 201);
      assert.equal(fresh.headers['idempotency-replayed'], undefined);
      // Everything created at `start` has now expired; the fresh one (expiring at start+71d) stays.
      const purged = await purgeExpiredIdempotencyKeys(ctx.storage.db, clock.now);
      assert.ok(purged >= 1, `purged ${purged}`);
      const left = await ctx.storage.db.selectFrom('idempotency_keys').select(['key', 'expires_at']).execute();
      for (const r of left) assert.ok(r.expires_at > clock.now.toISOString(), `${r.key} should have been purged`);
      assert.ok(left.some((r) => r.key === key));
      assert.equal(await purgeExpiredIdempotencyKeys(ctx.storage.db, clock.now), 0);
    } finally {
      clock.now = start;
    }
  });
});

describe('idempotency helpers', () => {
  it('canonical JSON sorts keys at every level and keeps array order', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, 1], c: null } }), '{"a":{"c":null,"d":[2,1]},"b":1}');
    assert.equal(canonicalJson(undefined), 'null');
  });
  it('fingerprints differ by method, URL and body', () => {
    const base = requestFingerprint('POST', '/api/cases', { a: 1 });
    assert.equal(base, requestFingerprint('post', '/api/cases', { a: 1 }));
    assert.notEqual(base, requestFingerprint('PUT', '/api/cases', { a: 1 }));
    assert.notEqual(base, requestFingerprint('POST', '/api/cases/1', { a: 1 }));
    assert.notEqual(base, requestFingerprint('POST', '/api/cases', { a: 2 }));
  });
  it('parses keys and reports the problem', () => {
    assert.equal(parseIdempotencyKey('"abc"'), 'abc');
    assert.throws(() => parseIdempotencyKey(undefined), (e: AppError) => e.code === 'IDEMPOTENCY_KEY_MISSING');
    assert.throws(() => parseIdempotencyKey(['a', 'b']), (e: AppError) => e.code === 'VALIDATION_FAILED' && e.field === 'Idempotency-Key');
    assert.throws(() => parseIdempotencyKey('tab\there'), (e: AppError) => e.code === 'VALIDATION_FAILED');
  });
});
