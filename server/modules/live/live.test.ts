import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { uuidv7 } from 'uuidv7';
import { createApp, type App } from '../../app.ts';
import { openStorage, type Storage } from '../../storage/db.ts';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { insertUser, seedSmallCity } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';
import { pathOfCode } from '../../../shared/territory/codes.ts';

/** A minimal SSE reader over fetch: every wait is bounded, so a missing event fails instead of hanging. */
async function connect(base: string, path: string, auth: string | { bearer: string }) {
  const controller = new AbortController();
  const headers: Record<string, string> = typeof auth === 'string' ? { cookie: auth } : { authorization: `Bearer ${auth.bearer}` };
  const res = await fetch(`${base}${path}`, { headers, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (): Promise<{ event: string | null; id: string | null; data: unknown; comment: string | null }> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const cut = buffer.indexOf('\n\n');
      if (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const lines = block.split('\n');
        const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? null;
        const data = field('data');
        return { event: field('event'), id: field('id'), data: data ? JSON.parse(data) : null, comment: lines.find((l) => l.startsWith(':'))?.slice(2) ?? null };
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no SSE message within 5 s on ${path}`);
      const chunk = await Promise.race([reader.read(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no SSE message within 5 s on ${path}`)), left).unref())]);
      if (chunk.done) throw new Error('stream ended');
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  const first = await next();
  return { res, next, first, close: () => controller.abort() };
}

const A1 = '320106001001001';
const B1 = '320106002001001';

forEachDatabase('GET /api/live/*', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let base = '';
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};

  before(async () => {
    t = await createTestApp(kind);
    const db = t.storage.db;
    const city = await seedSmallCity(db);
    await db.insertInto('departments').values({ id: 'dep-housing', code: 'dep-housing', kind: 'housing', name_zh: '鼓楼区住建局', name_en: null, territory_code: city.county, territory_path: pathOfCode(city.county), created_at: new Date().toISOString() }).execute();
    for (const u of [
      await insertUser(db, { username: 'workerA', role: 'grid_worker', scope: A1 }),
      await insertUser(db, { username: 'workerB', role: 'grid_worker', scope: B1 }),
      await insertUser(db, { username: 'handler', role: 'handler', scope: city.county, departmentId: 'dep-housing' }),
    ]) {
      cookies[u.username] = await loginAs(t.app, u.username, u.password);
      ids[u.username] = u.id;
    }
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => t.close());

  it('walks GET /api/live/cases 401 → 400 → 404 → 200', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/live/cases' })).statusCode, 401);
    const bad = await t.app.inject({ method: 'GET', url: '/api/live/cases?scope=12345', headers: { cookie: cookies['workerA']! } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.field, 'scope');
    const outside = await t.app.inject({ method: 'GET', url: `/api/live/cases?scope=${B1}`, headers: { cookie: cookies['workerA']! } });
    assert.equal(outside.statusCode, 404);
    const s = await connect(base, `/api/live/cases?scope=${A1}`, cookies['workerA']!);
    assert.equal(s.res.status, 200);
    assert.match(String(s.res.headers.get('content-type')), /^text\/event-stream/);
    assert.equal(s.first.comment, 'connected');
    s.close();
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/live/notifications' })).statusCode, 401);
  });

  it('delivers case events only to subscribers who may read the case', async () => {
    const a = await connect(base, '/api/live/cases', cookies['workerA']!);
    const b = await connect(base, '/api/live/cases', cookies['workerB']!);
    const h = await connect(base, '/api/live/cases', cookies['handler']!);
    const caseA = uuidv7();
    await t.app.events.publish({ type: 'case.report', caseId: caseA, territoryPath: pathOfCode(A1), departmentId: null, state: 'reported' });
    // A marker in B's grid, dispatched to the handler's department: whoever sees it first saw nothing else before.
    const caseB = uuidv7();
    await t.app.events.publish({ type: 'case.dispatch', caseId: caseB, territoryPath: pathOfCode(B1), departmentId: 'dep-housing', state: 'dispatched' });
    const gotA = await a.next();
    assert.equal(gotA.event, 'case');
    assert.deepEqual([(gotA.data as { caseId: string }).caseId, (gotA.data as { type: string }).type], [caseA, 'case.report']);
    assert.equal(((await b.next()).data as { caseId: string }).caseId, caseB, 'worker B must not receive the grid A1 event');
    assert.equal(((await h.next()).data as { caseId: string }).caseId, caseB, 'the handler sees only its department’s case');
    for (const s of [a, b, h]) s.close();
  });

  it('pushes a person’s new notifications', async () => {
    const s = await connect(base, '/api/live/notifications', cookies['workerA']!);
    const id = uuidv7();
    await t.storage.db
      .insertInto('notifications')
      .values({ id, user_id: ids['workerA']!, case_id: null, kind: 'rework', title: '案件需返工', body: '测试', created_at: new Date().toISOString(), read_at: null })
      .execute();
    await t.app.events.publish({ type: 'notification', userIds: [ids['workerB']!] });
    await t.app.events.publish({ type: 'notification', userIds: [ids['workerA']!] });
    const got = await s.next();
    assert.equal(got.event, 'notification');
    assert.equal(got.id, id);
    assert.equal((got.data as { title: string }).title, '案件需返工');
    s.close();
  });

  it('publishes a case event when a case is reported over HTTP', async () => {
    const categories = (await t.app.inject({ method: 'GET', url: '/api/categories', headers: { cookie: cookies['workerA']! } })).json().categories as { code: string; kind: string; parentCode?: string | null }[];
    const category = categories.find((c) => c.kind === 'event' && c.parentCode) ?? categories.find((c) => c.kind === 'event');
    assert.ok(category, 'a shipped event category');
    const s = await connect(base, '/api/live/cases', cookies['workerA']!);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: cookies['workerA']!, 'idempotency-key': uuidv7() },
      payload: { categoryCode: category.code, description: '井盖缺失', location: { lat: 32.06, lng: 118.77 } },
    });
    assert.equal(res.statusCode, 201, res.body);
    const got = await s.next();
    assert.deepEqual([(got.data as { caseId: string }).caseId, (got.data as { type: string }).type], [res.json().case.id, 'case.report']);
    s.close();
  });
});

forEachDatabase('GET /api/live/cases/recent (the feed backfill)', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  const cookies: Record<string, string> = {};
  const get = (url: string, who?: string) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: cookies[who]! } : {} });

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date('2026-11-20T02:00:00.000Z');
    const city = await seedSmallCity(t.storage.db);
    await t.storage.db.insertInto('departments').values({ id: 'dep-housing', code: 'dep-housing', kind: 'housing', name_zh: '鼓楼区住建局', name_en: null, territory_code: city.county, territory_path: pathOfCode(city.county), created_at: t.clock.now.toISOString() }).execute();
    for (const u of [
      await insertUser(t.storage.db, { username: 'workerA', role: 'grid_worker', scope: A1 }),
      await insertUser(t.storage.db, { username: 'workerB', role: 'grid_worker', scope: B1 }),
      await insertUser(t.storage.db, { username: 'handler', role: 'handler', scope: city.county, departmentId: 'dep-housing' }),
    ]) {
      cookies[u.username] = await loginAs(t.app, u.username, u.password);
    }
  });
  after(async () => t.close());

  const report = async (who: string, description: string, location: { lat: number; lng: number }) => {
    const categories = (await get('/api/categories', who)).json().categories as { code: string; kind: string; parentCode?: string | null }[];
    const category = categories.find((c) => c.kind === 'event' && c.parentCode)!;
    const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: cookies[who]!, 'idempotency-key': uuidv7() }, payload: { categoryCode: category.code, description, location } });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().case.id as string;
  };

  it('lists the newest changes in the caller’s scope, newest first, in the stream’s shape; refuses bad input', async () => {
    const old = await report('workerA', '八天前的井盖缺失', { lat: 32.06, lng: 118.77 });
    t.clock.advanceMinutes(8 * 24 * 60); // older than the 7-day window from here on
    for (const who of Object.keys(cookies)) cookies[who] = await loginAs(t.app, who, 'correct horse battery');
    const first = await report('workerA', '井盖缺失', { lat: 32.06, lng: 118.77 });
    t.clock.advanceMinutes(5);
    const second = await report('workerA', '路灯不亮', { lat: 32.061, lng: 118.771 });
    const elsewhere = await report('workerB', '别的网格', { lat: 32.05, lng: 118.77 });
    const res = await get('/api/live/cases/recent', 'workerA');
    assert.equal(res.statusCode, 200, res.body);
    const events = res.json().events as { id: string; type: string; caseId: string; state: string; at: string }[];
    assert.deepEqual(events.map((e) => e.caseId), [second, first], 'own grid only, newest first, the 8-day-old one left out');
    assert.deepEqual(Object.keys(events[0]!).sort(), ['at', 'caseId', 'departmentId', 'id', 'state', 'type']);
    assert.equal(events[0]!.type, 'case.report');
    assert.equal(events[0]!.state, 'reported');
    assert.ok(!events.some((e) => e.caseId === old || e.caseId === elsewhere));
    assert.deepEqual((await get('/api/live/cases/recent?limit=1', 'workerA')).json().events.map((e: { caseId: string }) => e.caseId), [second]);
    // A department handler sees only cases dispatched to their department: none of these.
    assert.deepEqual((await get('/api/live/cases/recent', 'handler')).json().events, []);
    assert.equal((await get('/api/live/cases/recent')).statusCode, 401);
    const bad = await get('/api/live/cases/recent?limit=0', 'workerA');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.field, 'limit');
    assert.equal((await get(`/api/live/cases/recent?scope=${B1}`, 'workerA')).statusCode, 404);
    assert.deepEqual((await get(`/api/live/cases/recent?scope=${B1}`, 'workerB')).json().events.map((e: { caseId: string }) => e.caseId), [elsewhere]);
  });
});

forEachDatabase('live events: an idempotent replay publishes nothing', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let base = '';
  let cookie = '';

  before(async () => {
    t = await createTestApp(kind);
    const city = await seedSmallCity(t.storage.db);
    const u = await insertUser(t.storage.db, { username: 'workerA', role: 'grid_worker', scope: city.gridA1 });
    cookie = await loginAs(t.app, u.username, u.password);
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => t.close());

  it('publishes case.report once when the same intake is replayed (Idempotency-Replayed: true)', async () => {
    const categories = (await t.app.inject({ method: 'GET', url: '/api/categories', headers: { cookie } })).json().categories as { code: string; kind: string; parentCode?: string | null }[];
    const category = categories.find((c) => c.kind === 'event' && c.parentCode)!;
    const s = await connect(base, '/api/live/cases', cookie);
    const key = uuidv7();
    const intake = () =>
      t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie, 'idempotency-key': key }, payload: { categoryCode: category.code, description: '重放不重复推送', location: { lat: 32.06, lng: 118.77 } } });
    const first = await intake();
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.headers['idempotency-replayed'], undefined);
    const caseId = first.json().case.id as string;
    const got = await s.next();
    assert.deepEqual([(got.data as { caseId: string }).caseId, (got.data as { type: string }).type], [caseId, 'case.report']);
    for (let i = 0; i < 3; i++) {
      const replay = await intake();
      assert.equal(replay.headers['idempotency-replayed'], 'true');
      assert.equal(replay.body, first.body);
    }
    // A real change after the replays: the next event on the stream must be it, not a repeated case.report.
    const resolved = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/actions`, headers: { cookie }, payload: { action: 'self_resolve', note: '当场处置' } });
    assert.equal(resolved.statusCode, 200, resolved.body);
    const next = await s.next();
    assert.deepEqual([(next.data as { caseId: string }).caseId, (next.data as { type: string }).type], [caseId, 'case.self_resolve']);
    s.close();
  });
});

forEachDatabase('live events across two server processes', (kind) => {
  // SQLite serves one process: its in-process delivery is covered by the suite above.
  if (kind !== 'postgres') return;
  let t: TestApp & { close(): Promise<void> };
  let second: { app: App; storage: Storage };
  let base = '';
  let cookie = '';

  before(async () => {
    t = await createTestApp(kind);
    const city = await seedSmallCity(t.storage.db);
    const u = await insertUser(t.storage.db, { username: 'workerA', role: 'grid_worker', scope: city.gridA1 });
    const storage = openStorage({ databaseUrl: t.databaseUrl, poolSize: 2 });
    second = { storage, app: await createApp(t.config, { storage }) };
    await second.app.ready();
    // The session lives in the shared database: a login on one process works on the other.
    cookie = await loginAs(second.app, u.username, u.password);
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await second.app.close();
    await second.storage.close();
    await t.close();
  });

  it('an event published in one app reaches an SSE subscriber of the other; out-of-scope events do not', async () => {
    const s = await connect(base, '/api/live/cases', cookie);
    const outside = uuidv7();
    const inside = uuidv7();
    await second.app.events.publish({ type: 'case.file', caseId: outside, territoryPath: pathOfCode(B1), departmentId: null, state: 'filed' });
    await second.app.events.publish({ type: 'case.file', caseId: inside, territoryPath: pathOfCode(A1), departmentId: null, state: 'filed' });
    const got = await s.next();
    assert.equal(got.event, 'case');
    assert.equal((got.data as { caseId: string }).caseId, inside);
    s.close();
  });
});

// Finding 8 (issue 12): a stream opened before logout, disabling or the idle timeout kept delivering events.
forEachDatabase('live streams end with their session', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let base = '';
  let adminCookie = '';
  let adminPassword = '';
  const users: Record<string, { id: string; password: string }> = {};

  before(async () => {
    t = await createTestApp(kind);
    const city = await seedSmallCity(t.storage.db);
    const admin = await insertUser(t.storage.db, { username: 'admin', role: 'admin', scope: city.province });
    adminCookie = await loginAs(t.app, admin.username, admin.password);
    adminPassword = admin.password;
    for (const username of ['leaver', 'disabled', 'idler', 'changer', 'forgetful', 'busy', 'integrator']) {
      const u = await insertUser(t.storage.db, { username, role: 'grid_worker', scope: A1 });
      users[username] = { id: u.id, password: u.password };
    }
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => t.close());

  const publishInA1 = () => t.app.events.publish({ type: 'case.report', caseId: uuidv7(), territoryPath: pathOfCode(A1), departmentId: null, state: 'reported' });

  /** The stream says why it ends, then ends (no more events, no silent hang). */
  async function assertEnded(s: Awaited<ReturnType<typeof connect>>): Promise<void> {
    const end = await s.next();
    assert.deepEqual([end.event, end.data], ['end', { reason: 'session_ended' }]);
    await assert.rejects(s.next(), /stream ended/);
  }

  it('logout ends the streams of that session at once; the same person’s other session keeps its stream', async () => {
    const mine = await loginAs(t.app, 'leaver', users['leaver']!.password);
    const other = await loginAs(t.app, 'leaver', users['leaver']!.password);
    const cases = await connect(base, '/api/live/cases', mine);
    const inbox = await connect(base, '/api/live/notifications', mine);
    const kept = await connect(base, '/api/live/cases', other);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: mine } });
    assert.equal(res.statusCode, 204);
    await assertEnded(cases);
    await assertEnded(inbox);
    const marker = await publishInA1();
    assert.equal(((await kept.next()).data as { id: string }).id, marker.id, 'the other session is still logged in');
    kept.close();
  });

  it('disabling an account ends its open streams at once', async () => {
    const cookie = await loginAs(t.app, 'disabled', users['disabled']!.password);
    const s = await connect(base, '/api/live/cases', cookie);
    const res = await t.app.inject({ method: 'POST', url: `/api/people/${users['disabled']!.id}/disable`, headers: { cookie: adminCookie } });
    assert.equal(res.statusCode, 200, res.body);
    await assertEnded(s);
  });

  it('after the idle timeout the next periodic re-check ends the stream (an open stream does not keep the session alive)', async () => {
    const cookie = await loginAs(t.app, 'idler', users['idler']!.password);
    const s = await connect(base, '/api/live/cases', cookie);
    t.clock.advanceMinutes(t.config.sessionIdleMinutes - 1);
    assert.equal(await t.app.liveStreams.recheck(), 0, 'still within the idle timeout');
    const marker = await publishInA1();
    assert.equal(((await s.next()).data as { id: string }).id, marker.id);
    t.clock.advanceMinutes(2);
    assert.ok((await t.app.liveStreams.recheck()) >= 1);
    await assertEnded(s);
    // The admin's session idled out too; log in again for any later test.
    adminCookie = await loginAs(t.app, 'admin', 'correct horse battery');
  });

  // The people module publishes auth.sessionsEnded after a password change or reset too; the live
  // module re-checks that person's streams at once (these waits are bounded by connect's 5 s, far
  // below the 30 s sweep, so only the event can end them in time).
  it('a password change ends the streams of the person’s other sessions at once; the changing session keeps its stream', async () => {
    const { id, password } = users['changer']!;
    const mine = await loginAs(t.app, 'changer', password);
    const other = await loginAs(t.app, 'changer', password);
    const kept = await connect(base, '/api/live/cases', mine);
    const gone = await connect(base, '/api/live/notifications', other);
    const res = await t.app.inject({ method: 'POST', url: '/api/me/password', headers: { cookie: mine }, payload: { currentPassword: password, newPassword: 'a-brand-new-secret' } });
    assert.equal(res.statusCode, 200, res.body);
    await assertEnded(gone);
    const marker = await publishInA1();
    assert.equal(((await kept.next()).data as { id: string }).id, marker.id, 'the session that changed the password stays');
    kept.close();
    users['changer'] = { id, password: 'a-brand-new-secret' };
  });

  it('an admin password reset ends the person’s streams at once, API-token streams included (the account must change its password first)', async () => {
    const { id, password } = users['forgetful']!;
    const cookie = await loginAs(t.app, 'forgetful', password);
    const minted = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: { name: 'feed', password, scope: 'read' } });
    assert.equal(minted.statusCode, 201, minted.body);
    const bySession = await connect(base, '/api/live/cases', cookie);
    const byToken = await connect(base, '/api/live/cases', { bearer: minted.json().token });
    const res = await t.app.inject({ method: 'POST', url: `/api/people/${id}/password-reset`, headers: { cookie: adminCookie }, payload: { password: adminPassword } });
    assert.equal(res.statusCode, 200, res.body);
    await assertEnded(bySession);
    await assertEnded(byToken);
  });

  it('a busy session past its absolute lifetime (WANGGE_SESSION_MAX_HOURS) is ended by the next periodic re-check', async () => {
    const cookie = await loginAs(t.app, 'busy', users['busy']!.password);
    const s = await connect(base, '/api/live/cases', cookie);
    const maxMinutes = (t.config.sessionMaxHours ?? 12) * 60;
    // Active every 20 minutes (never idle) until just before the lifetime ends.
    for (let m = 20; m < maxMinutes; m += 20) {
      t.clock.advanceMinutes(20);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode, 200, `at ${m} min`);
    }
    // (Streams of earlier tests may have idled out meanwhile: look at this stream, not at the count.)
    await t.app.liveStreams.recheck();
    const marker = await publishInA1();
    assert.equal(((await s.next()).data as { id: string }).id, marker.id, 'still within the lifetime');
    t.clock.advanceMinutes(21); // past the lifetime, 21 min after the last request (within the idle timeout)
    // (assert.ok gets a message: without one node:assert re-parses this file to describe a failure.)
    assert.ok((await t.app.liveStreams.recheck()) >= 1, 'the re-check closed a stream');
    await assertEnded(s);
    assert.ok(await t.storage.db.selectFrom('sessions').select('id').where('user_id', '=', users['busy']!.id).executeTakeFirst(), 'the lifetime rule ended it, not a deleted session');
    adminCookie = await loginAs(t.app, 'admin', 'correct horse battery');
  });

  it('an API token’s stream ends at the next re-check once the token has expired (expires_at, or 90 days after creation without one)', async () => {
    const { password } = users['integrator']!;
    const cookie = await loginAs(t.app, 'integrator', password);
    const mint = async (name: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: { name, password, scope: 'read', expiresInDays: 1 } });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string; token: string };
    };
    const daily = await mint('daily');
    const legacy = await mint('legacy');
    // A row from before expiry existed: no expires_at, honoured 90 days after its creation.
    await t.storage.db.updateTable('api_tokens').set({ expires_at: null }).where('id', '=', legacy.id).execute();
    const short = await connect(base, '/api/live/cases', { bearer: daily.token });
    const long = await connect(base, '/api/live/cases', { bearer: legacy.token });
    t.clock.advanceMinutes(24 * 60 + 1);
    assert.ok((await t.app.liveStreams.recheck()) >= 1, 'the re-check closed a stream');
    await assertEnded(short);
    const marker = await publishInA1();
    assert.equal(((await long.next()).data as { id: string }).id, marker.id, 'the legacy token is still within 90 days');
    t.clock.advanceMinutes(90 * 24 * 60);
    assert.ok((await t.app.liveStreams.recheck()) >= 1, 'the re-check closed a stream');
    await assertEnded(long);
    adminCookie = await loginAs(t.app, 'admin', 'correct horse battery');
  });
});
