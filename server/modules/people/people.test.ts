import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { insertUser, seedSmallCity, type TestUser } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';
import { login as loginUseCase, loginDelayMs, loginTiming } from './login.ts';
import { faceFor } from './people.present.ts';

// Record the delays the login route asks for instead of sleeping: tests stay fast and can still
// assert the growing-delay policy. (Each test file runs in its own process.)
const requestedDelays: number[] = [];
loginTiming.sleep = async (ms) => {
  requestedDelays.push(ms);
};

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
let ipCounter = 0;
/** A distinct source address per call, so the per-address rate limit only bites where tested. */
const nextIp = () => `10.1.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

describe('login policy', () => {
  it('delays from the third failure, doubling, capped at 2 s', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 10].map(loginDelayMs), [0, 0, 250, 500, 1000, 2000, 2000, 2000]);
  });
  it('opens the widest face a person has', () => {
    assert.equal(faceFor(['grid_worker']), 'field');
    assert.equal(faceFor(['grid_leader', 'grid_worker']), 'field');
    assert.equal(faceFor(['handler']), 'handler');
    assert.equal(faceFor(['dispatcher']), 'console');
    assert.equal(faceFor(['grid_leader', 'supervisor']), 'console');
    assert.equal(faceFor(['admin', 'grid_worker']), 'admin');
  });
});

forEachDatabase('people, authentication and access (HTTP)', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  let workerA1: TestUser;
  let colleagueA1: TestUser;
  let workerB1: TestUser;
  let leaderA1: TestUser;
  let admin: TestUser;

  const login = (username: string, password: string, ip = nextIp()) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });
  const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const auditOf = (action: string) =>
    t.storage.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();

  before(async () => {
    t = await createTestApp(kind);
    city = await seedSmallCity(t.storage.db);
    workerA1 = await insertUser(t.storage.db, { username: 'worker_a1', role: 'grid_worker', scope: city.gridA1, displayName: '王网格', phone: '13800000001' });
    colleagueA1 = await insertUser(t.storage.db, { username: 'colleague_a1', role: 'grid_worker', scope: city.gridA1, displayName: '李同事', phone: '13912345678' });
    workerB1 = await insertUser(t.storage.db, { username: 'worker_b1', role: 'grid_worker', scope: city.gridB1, displayName: '赵外格', phone: '13700000003' });
    leaderA1 = await insertUser(t.storage.db, { username: 'leader_a1', role: 'grid_leader', scope: city.gridA1, displayName: '张格长', phone: '13600000004' });
    admin = await insertUser(t.storage.db, { username: 'admin_city', role: 'admin', scope: city.city, displayName: '管理员' });
  });
  after(async () => t.close());

  describe('POST /api/auth/login', () => {
    it('answers 400 naming the missing or malformed field', async () => {
      const noUser = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { password: 'x' }, remoteAddress: nextIp() });
      assert.equal(noUser.statusCode, 400);
      assert.equal(noUser.json().error.code, 'VALIDATION_FAILED');
      assert.equal(noUser.json().error.field, 'username');
      const badPassword = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a', password: 42 }, remoteAddress: nextIp() });
      assert.equal(badPassword.statusCode, 400);
      assert.equal(badPassword.json().error.field, 'password');
    });

    it('logs in with an HttpOnly SameSite=Lax cookie whose token is stored only as its sha256', async () => {
      const res = await login(workerA1.username, workerA1.password);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { user: { id: workerA1.id, username: 'worker_a1', displayName: '王网格' } });
      const header = String(res.headers['set-cookie']);
      assert.match(header, /^wangge_session=[A-Za-z0-9_-]{43};/);
      assert.match(header, /HttpOnly/);
      assert.match(header, /SameSite=Lax/);
      assert.match(header, /Path=\//);
      const token = res.cookies.find((c) => c.name === 'wangge_session')!.value;
      const sessions = await t.storage.db.selectFrom('sessions').selectAll().where('user_id', '=', workerA1.id).execute();
      assert.ok(sessions.some((s) => s.id === sha256(token)));
      assert.ok(!sessions.some((s) => s.id === token));
      const ok = (await auditOf('auth.login')).filter((e) => e.outcome === 'ok' && e.record_id === workerA1.id);
      assert.ok(ok.length >= 1);
    });

    it('gives identical 401 bodies for a wrong password and an unknown user, and audits both without the password', async () => {
      const wrong = await login(colleagueA1.username, 'not-the-password-1');
      const unknown = await login('nobody_here', 'not-the-password-1');
      assert.equal(wrong.statusCode, 401);
      assert.equal(unknown.statusCode, 401);
      assert.equal(wrong.json().error.code, 'INVALID_CREDENTIALS');
      assert.equal(wrong.body, unknown.body);
      const denied = (await auditOf('auth.login')).filter((e) => e.outcome === 'denied');
      assert.ok(denied.some((e) => e.record_id === colleagueA1.id));
      assert.ok(denied.some((e) => e.record_id === null && e.after_json!.includes('nobody_here')));
      const all = await t.storage.db.selectFrom('audit_log').select(['before_json', 'after_json']).execute();
      assert.ok(!all.some((e) => `${e.before_json}${e.after_json}`.includes('not-the-password-1')));
      // A later success resets the counter.
      assert.equal((await login(colleagueA1.username, colleagueA1.password)).statusCode, 200);
      const row = await t.storage.db.selectFrom('users').select('failed_logins').where('id', '=', colleagueA1.id).executeTakeFirstOrThrow();
      assert.equal(Number(row.failed_logins), 0);
    });

    // Issue #12 finding 11 (deliberate change): the lock is on the NAME FROM ONE ADDRESS, not on the
    // account — it used to answer 429 for an existing user and 401 for an unknown one, and anyone
    // could lock the admin out from anywhere.
    it('delays from the 3rd failure, locks the name from that address after 5 for 15 minutes even with the right password, then releases', async () => {
      const victim = await insertUser(t.storage.db, { username: 'lock_me', role: 'grid_worker', scope: city.gridA1 });
      const attacker = '203.0.113.10';
      requestedDelays.length = 0;
      for (let i = 0; i < 5; i++) assert.equal((await login('lock_me', `wrong-${i}-password`, attacker)).statusCode, 401);
      assert.deepEqual(requestedDelays, [0, 0, 250, 500, 1000]);
      const locked = await login('lock_me', victim.password, attacker);
      assert.equal(locked.statusCode, 429);
      assert.equal(locked.json().error.code, 'LOCKED_OUT');
      assert.ok(Number(locked.headers['retry-after']) > 0);
      t.clock.advanceMinutes(14);
      assert.equal((await login('lock_me', victim.password, attacker)).statusCode, 429);
      t.clock.advanceMinutes(2);
      assert.equal((await login('lock_me', victim.password, attacker)).statusCode, 200);
      const lockedAudit = (await auditOf('auth.login')).filter((e) => e.record_id === victim.id && e.after_json!.includes('"locked"'));
      assert.equal(lockedAudit.length, 2);
    });

    it('never locks the owner out: the right password from another address works while the attacker’s address is locked', async () => {
      const admin2 = await insertUser(t.storage.db, { username: 'admin_target', role: 'admin', scope: city.city });
      const attacker = '203.0.113.20';
      for (let i = 0; i < 8; i++) await login('admin_target', `guess-${i}-password`, attacker);
      assert.equal((await login('admin_target', admin2.password, attacker)).statusCode, 429);
      assert.equal((await login('admin_target', admin2.password, '198.51.100.7')).statusCode, 200, 'a fresh address still logs in');
    });

    it('behaves identically for an unknown username: same 401s, same delays, same 429 body and Retry-After', async () => {
      await insertUser(t.storage.db, { username: 'real_person', role: 'grid_worker', scope: city.gridA1 });
      const run = async (username: string, ip: string) => {
        requestedDelays.length = 0;
        const answers = [];
        for (let i = 0; i < 6; i++) {
          const r = await login(username, `wrong-${i}-password`, ip);
          answers.push([r.statusCode, r.body, r.headers['retry-after'] ?? null]);
        }
        return { answers, delays: [...requestedDelays] };
      };
      const known = await run('real_person', '203.0.113.30');
      const unknown = await run('no_such_person', '203.0.113.31');
      assert.deepEqual(unknown, known);
      assert.equal(known.answers[5]![0], 429);
    });

    it('locks an address that sprays many names (30 failures in 15 minutes), for every name', async () => {
      // Through the use case: the per-address request limit (20 a minute, real time) would stop the
      // HTTP calls first; this is the longer-window brake behind it.
      const sprayer = '203.0.113.40';
      for (let i = 0; i < 30; i++) {
        const r = await loginUseCase(t.storage.db, { username: `spray_${i}`, password: 'wrong-password-x', sourceIp: sprayer, userAgent: null, now: t.clock.now });
        assert.equal(r.outcome, 'invalid');
      }
      const next = await login(workerA1.username, workerA1.password, sprayer);
      assert.equal(next.statusCode, 429);
      assert.equal(next.json().error.code, 'LOCKED_OUT');
      assert.equal((await login(workerA1.username, workerA1.password)).statusCode, 200, 'other addresses are unaffected');
    });

    it('refuses a disabled account with the same 401 as a wrong password', async () => {
      const gone = await insertUser(t.storage.db, { username: 'gone_user', role: 'grid_worker', scope: city.gridA1 });
      await t.storage.db.updateTable('users').set({ disabled: 1 }).where('id', '=', gone.id).execute();
      const res = await login('gone_user', gone.password);
      const wrong = await login(workerA1.username, 'definitely-wrong');
      assert.equal(res.statusCode, 401);
      assert.equal(res.body, wrong.body);
    });

    it('rate-limits one address to 20 attempts a minute with the standard error shape', async () => {
      const ip = '192.0.2.77';
      for (let i = 0; i < 20; i++) {
        const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: {}, remoteAddress: ip });
        assert.equal(r.statusCode, 400);
      }
      const limited = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: {}, remoteAddress: ip });
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.json().error.code, 'RATE_LIMITED');
      assert.equal(typeof limited.json().error.message, 'string');
      // Another address is unaffected.
      assert.equal((await login(workerA1.username, workerA1.password, '192.0.2.78')).statusCode, 200);
    });
  });

  describe('sessions', () => {
    it('expires after the idle timeout, deleting the session; activity keeps it alive', async () => {
      const cookie = await loginAs(t.app, workerA1.username, workerA1.password);
      const sessionId = sha256(cookie.split('=')[1]!);
      t.clock.advanceMinutes(25);
      assert.equal((await get('/api/me', cookie)).statusCode, 200);
      t.clock.advanceMinutes(25);
      assert.equal((await get('/api/me', cookie)).statusCode, 200, 'the request at 25 min renewed last_seen_at');
      t.clock.advanceMinutes(t.config.sessionIdleMinutes + 1);
      const expired = await get('/api/me', cookie);
      assert.equal(expired.statusCode, 401);
      assert.equal(expired.json().error.code, 'UNAUTHENTICATED');
      assert.equal(await t.storage.db.selectFrom('sessions').select('id').where('id', '=', sessionId).executeTakeFirst(), undefined);
    });

    it('logout deletes the session and clears the cookie', async () => {
      const cookie = await loginAs(t.app, workerA1.username, workerA1.password);
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
      assert.equal(res.statusCode, 204);
      assert.match(String(res.headers['set-cookie']), /wangge_session=;/);
      assert.equal((await get('/api/me', cookie)).statusCode, 401);
      assert.equal(await t.storage.db.selectFrom('sessions').select('id').where('id', '=', sha256(cookie.split('=')[1]!)).executeTakeFirst(), undefined);
      assert.equal((await auditOf('auth.logout')).at(-1)?.actor_id, workerA1.id);
    });
  });

  describe('GET /api/me', () => {
    it('answers 401 without a session', async () => {
      assert.equal((await get('/api/me')).statusCode, 401);
      assert.equal((await get('/api/me', 'wangge_session=forged')).statusCode, 401);
    });

    it('returns the person, unmasked own phone, roles with scope names, actions and the field face', async () => {
      const me = (await get('/api/me', await loginAs(t.app, leaderA1.username, leaderA1.password))).json();
      assert.equal(me.id, leaderA1.id);
      assert.equal(me.phone, '13600000004');
      assert.deepEqual(me.roles, [
        { role: 'grid_leader', roleName: { zh: '网格长', en: 'Grid leader' }, scopeCode: city.gridA1, scopeName: '江苏路社区第一网格', scopeLevel: 'grid', departmentId: null },
      ]);
      assert.ok(me.actions.includes('people.readPersonal'));
      assert.ok(!me.actions.includes('people.manage'));
      assert.equal(me.face, 'field');
      const adminMe = (await get('/api/me', await loginAs(t.app, admin.username, admin.password))).json();
      assert.equal(adminMe.face, 'admin');
      assert.ok(adminMe.actions.includes('people.manage'));
    });
  });

  describe('GET /api/people', () => {
    it('walks 401 → 400 → scoped 200 with masked phones for a grid worker', async () => {
      assert.equal((await get('/api/people')).statusCode, 401);
      const cookie = await loginAs(t.app, workerA1.username, workerA1.password);
      const bad = await get('/api/people?limit=abc', cookie);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'limit');
      const badRole = await get('/api/people?role=king', cookie);
      assert.equal(badRole.statusCode, 400);
      assert.equal(badRole.json().error.field, 'role');
      const before = (await auditOf('people.readPersonal')).length;
      const res = await get('/api/people?limit=100', cookie);
      assert.equal(res.statusCode, 200);
      const names = res.json().items.map((p: { username: string }) => p.username);
      assert.ok(names.includes('colleague_a1'));
      assert.ok(names.includes('leader_a1'));
      assert.ok(!names.includes('worker_b1'), 'a person of grid B1 is outside grid A1');
      assert.ok(!names.includes('admin_city'), 'a city-level person is not inside grid A1');
      const colleague = res.json().items.find((p: { username: string }) => p.username === 'colleague_a1');
      assert.equal(colleague.phone, '139****5678');
      assert.equal(colleague.phoneMasked, true);
      assert.equal(res.json().total, res.json().items.length);
      assert.equal((await auditOf('people.readPersonal')).length, before, 'nothing unmasked, nothing audited');
    });

    it('filters by role, scope and text, and pages', async () => {
      const cookie = await loginAs(t.app, admin.username, admin.password);
      const leaders = (await get(`/api/people?role=grid_leader`, cookie)).json();
      assert.deepEqual(leaders.items.map((p: { username: string }) => p.username), ['leader_a1']);
      const inB = (await get(`/api/people?scope=${city.streetB}`, cookie)).json();
      assert.deepEqual(inB.items.map((p: { username: string }) => p.username), ['worker_b1']);
      const byName = (await get(`/api/people?q=${encodeURIComponent('同事')}`, cookie)).json();
      assert.deepEqual(byName.items.map((p: { username: string }) => p.username), ['colleague_a1']);
      const byUser = (await get(`/api/people?q=WORKER_`, cookie)).json();
      assert.deepEqual(byUser.items.map((p: { username: string }) => p.username), ['worker_a1', 'worker_b1']);
      const literal = (await get(`/api/people?q=${encodeURIComponent('%')}`, cookie)).json();
      assert.equal(literal.total, 0, '% is matched literally, not as a wildcard');
      const page = (await get(`/api/people?limit=2&offset=1`, cookie)).json();
      assert.equal(page.items.length, 2);
      assert.ok(page.total >= 5);
    });

    it('shows phones to a grid leader and audits that read', async () => {
      const cookie = await loginAs(t.app, leaderA1.username, leaderA1.password);
      const res = (await get(`/api/people?q=colleague`, cookie)).json();
      assert.equal(res.items[0].phone, '13912345678');
      const entry = (await auditOf('people.readPersonal')).at(-1)!;
      assert.equal(entry.actor_id, leaderA1.id);
      assert.equal(entry.record_id, colleagueA1.id);
    });
  });

  describe('GET /api/people/:id', () => {
    it('walks 401 → 400 → 404 (outside scope looks like missing) → 200 masked for a grid worker', async () => {
      assert.equal((await get(`/api/people/${colleagueA1.id}`)).statusCode, 401);
      const cookie = await loginAs(t.app, workerA1.username, workerA1.password);
      const bad = await get('/api/people/bad!id', cookie);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'id');
      const outside = await get(`/api/people/${workerB1.id}`, cookie);
      const missing = await get('/api/people/00000000-0000-7000-8000-000000000000', cookie);
      assert.equal(outside.statusCode, 404);
      assert.equal(outside.json().error.code, 'NOT_FOUND');
      assert.equal(outside.body, missing.body);
      const ok = await get(`/api/people/${colleagueA1.id}`, cookie);
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.json().phone, '139****5678');
      assert.equal(ok.json().roles[0].scopeCode, city.gridA1);
      const self = await get(`/api/people/${workerA1.id}`, cookie);
      assert.equal(self.json().phone, '13800000001', 'one’s own phone is never masked');
    });

    it('unmasks for a grid leader and writes people.readPersonal with the person id', async () => {
      const cookie = await loginAs(t.app, leaderA1.username, leaderA1.password);
      const res = await get(`/api/people/${workerA1.id}`, cookie);
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().phone, '13800000001');
      assert.equal(res.json().phoneMasked, false);
      const entry = (await auditOf('people.readPersonal')).at(-1)!;
      assert.equal(entry.record_id, workerA1.id);
      assert.equal(entry.actor_id, leaderA1.id);
      assert.equal(entry.record_type, 'user');
    });
  });

  describe('POST /api/people and POST /api/people/:id/disable', () => {
    const body = (over: Record<string, unknown> = {}) => ({ username: 'new_worker', password: 'long-enough-1', role: 'grid_worker', scope: city.gridA2, displayName: '新人', ...over });

    it('walks 401 → 400 → 403/404 → 201, and the new person can log in', async () => {
      const post = (payload: unknown, cookie?: string) => t.app.inject({ method: 'POST', url: '/api/people', payload: payload as object, headers: cookie ? { cookie } : {} });
      assert.equal((await post(body())).statusCode, 401);
      const adminCookie = await loginAs(t.app, admin.username, admin.password);
      for (const [over, field] of [[{ username: 'Bad Name' }, 'username'], [{ password: 'short' }, 'password'], [{ role: 'king' }, 'role'], [{ scope: '12x' }, 'scope']] as const) {
        const r = await post(body(over), adminCookie);
        assert.equal(r.statusCode, 400, JSON.stringify(over));
        assert.equal(r.json().error.field, field);
      }
      const leader = await post(body({ scope: city.gridA1 }), await loginAs(t.app, leaderA1.username, leaderA1.password));
      assert.equal(leader.statusCode, 403);
      assert.equal(leader.json().error.code, 'FORBIDDEN');
      const outsider = await post(body({ scope: city.gridA1 }), await loginAs(t.app, workerB1.username, workerB1.password));
      assert.equal(outsider.statusCode, 404);
      const created = await post(body(), adminCookie);
      assert.equal(created.statusCode, 201);
      assert.equal(created.json().roles[0].scopeCode, city.gridA2);
      const dup = await post(body(), adminCookie);
      assert.equal(dup.statusCode, 409);
      assert.equal(dup.json().error.field, 'username');
      assert.equal((await login('new_worker', 'long-enough-1')).statusCode, 200);
      const audit = (await auditOf('people.create')).at(-1)!;
      assert.equal(audit.record_id, created.json().id);
      assert.ok(!audit.after_json!.includes('long-enough-1'));
    });

    it('disables: 403 for a leader, 200 for an admin; sessions end and login fails', async () => {
      const victim = await insertUser(t.storage.db, { username: 'to_disable', role: 'grid_worker', scope: city.gridA1 });
      const victimCookie = await loginAs(t.app, victim.username, victim.password);
      const url = `/api/people/${victim.id}/disable`;
      assert.equal((await t.app.inject({ method: 'POST', url })).statusCode, 401);
      const byLeader = await t.app.inject({ method: 'POST', url, headers: { cookie: await loginAs(t.app, leaderA1.username, leaderA1.password) } });
      assert.equal(byLeader.statusCode, 403);
      const byAdmin = await t.app.inject({ method: 'POST', url, headers: { cookie: await loginAs(t.app, admin.username, admin.password) } });
      assert.equal(byAdmin.statusCode, 200);
      assert.equal(byAdmin.json().disabled, true);
      assert.equal((await get('/api/me', victimCookie)).statusCode, 401);
      assert.equal((await login(victim.username, victim.password)).statusCode, 401);
      assert.equal((await auditOf('people.disable')).at(-1)!.record_id, victim.id);
    });
  });

  describe('API tokens', () => {
    it('walks 401 → 400 → 201; the token works as Bearer, someone else cannot revoke it (404), revoke stops it', async () => {
      const post = (payload: unknown, cookie?: string) => t.app.inject({ method: 'POST', url: '/api/tokens', payload: payload as object, headers: cookie ? { cookie } : {} });
      assert.equal((await post({ name: 'x' })).statusCode, 401);
      const cookie = await loginAs(t.app, leaderA1.username, leaderA1.password);
      const bad = await post({}, cookie);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'name');
      const created = await post({ name: '热线对接 hotline bridge', password: leaderA1.password, scope: 'write' }, cookie);
      assert.equal(created.statusCode, 201);
      const { id, token } = created.json();
      assert.match(token, /^wgt_[A-Za-z0-9_-]{43}$/);
      const stored = await t.storage.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(stored.token_hash, sha256(token));

      const bearer = { authorization: `Bearer ${token}` };
      const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().id, leaderA1.id);
      const used = await t.storage.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(used.last_used_at, t.clock.now.toISOString());

      const list = (await get('/api/tokens', cookie)).json();
      assert.ok(list.items.some((x: { id: string }) => x.id === id));
      assert.ok(!JSON.stringify(list).includes(token));

      const other = await t.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: { cookie: await loginAs(t.app, workerA1.username, workerA1.password) } });
      assert.equal(other.statusCode, 404);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/tokens/${id}` })).statusCode, 401);
      const revoked = await t.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: { cookie } });
      assert.equal(revoked.statusCode, 200);
      assert.equal(revoked.json().revokedAt, t.clock.now.toISOString());
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer })).statusCode, 401);
      assert.equal((await auditOf('token.create')).at(-1)!.record_id, id);
      assert.equal((await auditOf('token.revoke')).at(-1)!.record_id, id);
    });
  });
});
