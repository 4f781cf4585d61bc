import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { insertUser, seedSmallCity, type TestUser } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';
import { loginTiming } from './login.ts';
import { totpCodeAt } from './totp.ts';
import { uuidv7 } from 'uuidv7';
import { pathOfCode } from '../../../shared/territory/codes.ts';

// Issue #12 finding 9: no password change or reset, no second factor, no absolute session lifetime;
// API tokens never expired and any session could mint one.
loginTiming.sleep = async () => {};

let ipCounter = 0;
const nextIp = () => `10.9.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

forEachDatabase('account security: sessions, passwords, 2FA, tokens (HTTP)', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  let admin: TestUser;

  type Req = { method?: 'GET' | 'POST' | 'DELETE'; url: string; cookie?: string; bearer?: string; payload?: object };
  const call = ({ method = 'GET', url, cookie, bearer, payload }: Req) =>
    t.app.inject({
      method,
      url,
      headers: { ...(cookie ? { cookie } : {}), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      ...(payload ? { payload } : {}),
      remoteAddress: nextIp(),
    });
  const login = (username: string, password: string) => call({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const cookieOf = (res: Awaited<ReturnType<typeof login>>) => `wangge_session=${res.cookies.find((c) => c.name === 'wangge_session')!.value}`;
  const auditOf = (action: string) => t.storage.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();

  before(async () => {
    t = await createTestApp(kind, { WANGGE_SESSION_MAX_HOURS: '12' });
    city = await seedSmallCity(t.storage.db);
    admin = await insertUser(t.storage.db, { username: 'sec_admin', role: 'admin', scope: city.city });
  });
  after(async () => t.close());

  describe('absolute session lifetime', () => {
    it('ends an active session WANGGE_SESSION_MAX_HOURS after login, however busy', async () => {
      const user = await insertUser(t.storage.db, { username: 'busy_worker', role: 'grid_worker', scope: city.gridA1 });
      const cookie = await loginAs(t.app, user.username, user.password);
      // Active every 20 minutes (never idle 30) for 11 h 40 min: still alive.
      for (let m = 20; m <= 700; m += 20) {
        t.clock.advanceMinutes(20);
        assert.equal((await call({ url: '/api/me', cookie })).statusCode, 200, `at ${m} min`);
      }
      t.clock.advanceMinutes(21); // 12 h 1 min after login, 21 min after the last request
      const res = await call({ url: '/api/me', cookie });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().error.code, 'UNAUTHENTICATED');
    });
  });

  describe('POST /api/me/password', () => {
    it('walks 401 → 400 (policy, wrong current password) → 200; other sessions end, this one stays', async () => {
      const user = await insertUser(t.storage.db, { username: 'changer', role: 'grid_worker', scope: city.gridA1 });
      const url = '/api/me/password';
      assert.equal((await call({ method: 'POST', url, payload: { currentPassword: user.password, newPassword: 'x'.repeat(12) } })).statusCode, 401);
      const cookie = await loginAs(t.app, user.username, user.password);
      const other = await loginAs(t.app, user.username, user.password);
      const short = await call({ method: 'POST', url, cookie, payload: { currentPassword: user.password, newPassword: 'short-9ch' } });
      assert.equal(short.statusCode, 400);
      assert.equal(short.json().error.field, 'newPassword');
      const same = await call({ method: 'POST', url, cookie, payload: { currentPassword: user.password, newPassword: 'CHANGER' + '' } });
      assert.equal(same.statusCode, 400);
      const asName = await call({ method: 'POST', url, cookie, payload: { currentPassword: user.password, newPassword: 'Changer' } });
      assert.equal(asName.json().error.field, 'newPassword');
      const wrong = await call({ method: 'POST', url, cookie, payload: { currentPassword: 'not-my-password', newPassword: 'a-brand-new-secret' } });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().error.field, 'currentPassword');
      const ok = await call({ method: 'POST', url, cookie, payload: { currentPassword: user.password, newPassword: 'a-brand-new-secret' } });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().sessionsEnded, 1);
      assert.equal((await call({ url: '/api/me', cookie })).statusCode, 200, 'the session that changed it stays');
      assert.equal((await call({ url: '/api/me', cookie: other })).statusCode, 401, 'the other session ended');
      assert.equal((await login(user.username, user.password)).statusCode, 401);
      assert.equal((await login(user.username, 'a-brand-new-secret')).statusCode, 200);
      const entry = (await auditOf('auth.password.change')).at(-1)!;
      assert.equal(entry.record_id, user.id);
      assert.ok(!`${entry.before_json}${entry.after_json}`.includes('a-brand-new-secret'));
    });
  });

  describe('POST /api/people/:id/password-reset', () => {
    it('refuses to reset one’s own password (a stolen session would replace it and drop the second factor)', async () => {
      const cookie = await loginAs(t.app, admin.username, admin.password);
      const self = await call({ method: 'POST', url: `/api/people/${admin.id}/password-reset`, cookie, payload: { password: admin.password, resetTwoFactor: true } });
      assert.equal(self.statusCode, 403, self.body);
      assert.equal(self.json().error.field, 'id');
      assert.equal((await call({ url: '/api/me', cookie })).statusCode, 200, 'the session was not ended');
    });

    it('a district admin cannot reset someone who also serves above the district (every scope must be covered)', async () => {
      const districtAdmin = await insertUser(t.storage.db, { username: 'district_admin', role: 'admin', scope: city.county });
      const cityAdmin = await insertUser(t.storage.db, { username: 'city_admin_two', role: 'admin', scope: city.city });
      // The city admin also holds a grid role inside the district: one path inside, one above.
      await t.storage.db.insertInto('role_assignments').values({ id: uuidv7(), user_id: cityAdmin.id, role: 'grid_worker', scope_code: city.gridA1, scope_path: pathOfCode(city.gridA1), department_id: null, created_at: new Date().toISOString() }).execute();
      const cookie = await loginAs(t.app, districtAdmin.username, districtAdmin.password);
      const res = await call({ method: 'POST', url: `/api/people/${cityAdmin.id}/password-reset`, cookie, payload: { password: districtAdmin.password } });
      assert.equal(res.statusCode, 403, res.body);
      const disable = await call({ method: 'POST', url: `/api/people/${cityAdmin.id}/disable`, cookie });
      assert.equal(disable.statusCode, 403, disable.body);
      assert.equal((await loginAs(t.app, cityAdmin.username, cityAdmin.password)).startsWith('wangge_session='), true, 'the city admin still logs in');
    });

    it('walks 401 → 403/404 → 200 with a temporary password shown once; the person must change it before anything else', async () => {
      const person = await insertUser(t.storage.db, { username: 'forgetful', role: 'grid_worker', scope: city.gridA1 });
      const outsider = await insertUser(t.storage.db, { username: 'reset_outsider', role: 'grid_worker', scope: city.gridB1 });
      const leader = await insertUser(t.storage.db, { username: 'reset_leader', role: 'grid_leader', scope: city.gridA1 });
      const personCookie = await loginAs(t.app, person.username, person.password);
      const personToken = (await call({ method: 'POST', url: '/api/tokens', cookie: personCookie, payload: { name: 'mine', password: person.password } })).json().token;
      const url = `/api/people/${person.id}/password-reset`;
      assert.equal((await call({ method: 'POST', url })).statusCode, 401);
      assert.equal((await call({ method: 'POST', url, cookie: await loginAs(t.app, leader.username, leader.password), payload: { password: leader.password } })).statusCode, 403);
      assert.equal((await call({ method: 'POST', url, cookie: await loginAs(t.app, outsider.username, outsider.password), payload: { password: outsider.password } })).statusCode, 404);
      const adminCookie = await loginAs(t.app, admin.username, admin.password);
      // The administrator confirms with their own password: a stolen admin session alone hands out nothing.
      const noPassword = await call({ method: 'POST', url, cookie: adminCookie, payload: {} });
      assert.equal(noPassword.statusCode, 400);
      assert.equal(noPassword.json().error.field, 'password');
      const wrongPassword = await call({ method: 'POST', url, cookie: adminCookie, payload: { password: 'not-the-admin-password' } });
      assert.equal(wrongPassword.statusCode, 400);
      assert.equal(wrongPassword.json().error.field, 'password');
      const reset = await call({ method: 'POST', url, cookie: adminCookie, payload: { password: admin.password } });
      assert.equal(reset.statusCode, 200, reset.body);
      const temporary: string = reset.json().temporaryPassword;
      assert.ok(temporary.length >= 10);
      assert.equal(reset.json().sessionsEnded, 1);
      assert.equal((await call({ url: '/api/me', cookie: personCookie })).statusCode, 401, 'sessions ended');
      const entry = (await auditOf('people.passwordReset')).at(-1)!;
      assert.equal(entry.record_id, person.id);
      assert.ok(!`${entry.before_json}${entry.after_json}`.includes(temporary));

      assert.equal((await login(person.username, person.password)).statusCode, 401, 'the old password is gone');
      const tempLogin = await login(person.username, temporary);
      assert.equal(tempLogin.statusCode, 200);
      const cookie = cookieOf(tempLogin);
      const me = await call({ url: '/api/me', cookie });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().mustChangePassword, true);
      // '/%61pi/…' is the same route once the router decodes it: the gate must judge the route, not the raw URL.
      for (const url2 of ['/api/people', '/api/tokens', '/api/cases', '/%61pi/cases']) {
        const blocked = await call({ url: url2, cookie });
        assert.equal(blocked.statusCode, 403, url2);
        assert.equal(blocked.json().error.code, 'PASSWORD_CHANGE_REQUIRED');
      }
      const tokenBlocked = await call({ url: '/api/people', bearer: personToken });
      assert.equal(tokenBlocked.statusCode, 403, 'the person’s tokens wait for the change too');
      assert.equal(tokenBlocked.json().error.code, 'PASSWORD_CHANGE_REQUIRED');
      const changed = await call({ method: 'POST', url: '/api/me/password', cookie, payload: { currentPassword: temporary, newPassword: 'my-own-password-now' } });
      assert.equal(changed.statusCode, 200);
      assert.equal((await call({ url: '/api/people', bearer: personToken })).statusCode, 200);
      assert.equal((await call({ url: '/api/me', cookie })).json().mustChangePassword, false);
      assert.equal((await call({ url: '/api/people', cookie })).statusCode, 200);
    });
  });

  describe('TOTP second factor', () => {
    let user: TestUser;
    let cookie: string;
    let secret: string;
    let recoveryCodes: string[];

    it('enrols: setup gives a secret and otpauth URI; a wrong code is refused; the right one turns 2FA on with 10 recovery codes', async () => {
      user = await insertUser(t.storage.db, { username: 'two_factor', role: 'leader', scope: city.city });
      cookie = await loginAs(t.app, user.username, user.password);
      assert.equal((await call({ method: 'POST', url: '/api/me/totp/setup' })).statusCode, 401);
      // A stolen session alone cannot bind another authenticator: the password is asked again.
      const noPassword = await call({ method: 'POST', url: '/api/me/totp/setup', cookie, payload: {} });
      assert.equal(noPassword.statusCode, 400);
      assert.equal(noPassword.json().error.field, 'password');
      const wrong = await call({ method: 'POST', url: '/api/me/totp/setup', cookie, payload: { password: 'not-my-password' } });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().error.field, 'password');
      const setup = await call({ method: 'POST', url: '/api/me/totp/setup', cookie, payload: { password: user.password } });
      assert.equal(setup.statusCode, 200, setup.body);
      secret = setup.json().secret;
      assert.match(secret, /^[A-Z2-7]{32}$/);
      assert.match(setup.json().uri, /^otpauth:\/\/totp\/.*two_factor\?.*secret=[A-Z2-7]{32}/);
      const bad = await call({ method: 'POST', url: '/api/me/totp/confirm', cookie, payload: { code: '000000' === totpCodeAt(secret, t.clock.now) ? '111111' : '000000' } });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'code');
      const ok = await call({ method: 'POST', url: '/api/me/totp/confirm', cookie, payload: { code: totpCodeAt(secret, t.clock.now) } });
      assert.equal(ok.statusCode, 200, ok.body);
      recoveryCodes = ok.json().recoveryCodes;
      assert.equal(recoveryCodes.length, 10);
      assert.equal(new Set(recoveryCodes).size, 10);
      const stored = await t.storage.db.selectFrom('totp_recovery_codes').select('code_hash').where('user_id', '=', user.id).execute();
      assert.equal(stored.length, 10);
      assert.ok(!stored.some((r) => recoveryCodes.includes(r.code_hash)), 'only hashes are stored');
      assert.equal((await call({ url: '/api/me', cookie })).json().totpEnabled, true);
    });

    it('login asks for the code: password → {totpRequired, challenge} and no cookie; right code → session; a replayed code is refused', async () => {
      t.clock.advanceMinutes(1);
      const step1 = await login(user.username, user.password);
      assert.equal(step1.statusCode, 200);
      assert.equal(step1.json().totpRequired, true);
      assert.equal(step1.cookies.length, 0, 'no session before the second factor');
      const challenge = step1.json().challenge;
      const wrong = await call({ method: 'POST', url: '/api/auth/totp', payload: { challenge, code: totpCodeAt(secret, new Date(t.clock.now.getTime() - 5 * 60_000)) } });
      assert.equal(wrong.statusCode, 401);
      assert.equal(wrong.json().error.code, 'INVALID_CREDENTIALS');
      const code = totpCodeAt(secret, t.clock.now);
      const step2 = await call({ method: 'POST', url: '/api/auth/totp', payload: { challenge, code } });
      assert.equal(step2.statusCode, 200, step2.body);
      assert.equal(step2.json().user.username, 'two_factor');
      assert.equal((await call({ url: '/api/me', cookie: cookieOf(step2) })).statusCode, 200);
      assert.equal((await call({ method: 'POST', url: '/api/auth/totp', payload: { challenge, code } })).statusCode, 401, 'a challenge is used once');
      const again = (await login(user.username, user.password)).json().challenge;
      assert.equal((await call({ method: 'POST', url: '/api/auth/totp', payload: { challenge: again, code } })).statusCode, 401, 'a code is accepted once');
    });

    it('a recovery code works once instead of the code', async () => {
      const challenge = (await login(user.username, user.password)).json().challenge;
      const used = await call({ method: 'POST', url: '/api/auth/totp', payload: { challenge, code: recoveryCodes[0]!.toLowerCase() } });
      assert.equal(used.statusCode, 200, used.body);
      const challenge2 = (await login(user.username, user.password)).json().challenge;
      assert.equal((await call({ method: 'POST', url: '/api/auth/totp', payload: { challenge: challenge2, code: recoveryCodes[0]! } })).statusCode, 401);
      assert.ok((await auditOf('auth.login')).some((e) => e.record_id === user.id && e.after_json!.includes('recoveryCodeUsed')));
    });

    it('a challenge dies after 5 wrong codes, and after 5 minutes', async () => {
      const challenge = (await login(user.username, user.password)).json().challenge;
      for (let i = 0; i < 5; i++) await call({ method: 'POST', url: '/api/auth/totp', payload: { challenge, code: '12345' + (i % 10) === totpCodeAt(secret, t.clock.now) ? '999999' : '12345' + i } });
      t.clock.advanceMinutes(1);
      assert.equal((await call({ method: 'POST', url: '/api/auth/totp', payload: { challenge, code: totpCodeAt(secret, t.clock.now) } })).statusCode, 401);
      const late = (await login(user.username, user.password)).json().challenge;
      t.clock.advanceMinutes(6);
      assert.equal((await call({ method: 'POST', url: '/api/auth/totp', payload: { challenge: late, code: totpCodeAt(secret, t.clock.now) } })).statusCode, 401);
    });

    it('disabling needs the password and a code', async () => {
      t.clock.advanceMinutes(1);
      const url = '/api/me/totp/disable';
      const noCode = await call({ method: 'POST', url, cookie, payload: { password: user.password, code: '000000' === totpCodeAt(secret, t.clock.now) ? '111111' : '000000' } });
      assert.equal(noCode.statusCode, 400);
      assert.equal(noCode.json().error.field, 'code');
      const noPassword = await call({ method: 'POST', url, cookie, payload: { password: 'wrong-password', code: totpCodeAt(secret, t.clock.now) } });
      assert.equal(noPassword.statusCode, 400);
      assert.equal(noPassword.json().error.field, 'password');
      const ok = await call({ method: 'POST', url, cookie, payload: { password: user.password, code: totpCodeAt(secret, t.clock.now) } });
      assert.equal(ok.statusCode, 204, ok.body);
      assert.ok('user' in (await login(user.username, user.password)).json(), 'password alone logs in again');
    });
  });

  describe('WANGGE_REQUIRE_2FA', () => {
    it('lets an admin without 2FA only enrol; after enrolment everything works and 2FA cannot be turned off', async () => {
      const strict = await createTestApp(kind, { WANGGE_REQUIRE_2FA: 'admin,leader' });
      try {
        const c2 = await seedSmallCity(strict.storage.db);
        const boss = await insertUser(strict.storage.db, { username: 'strict_admin', role: 'admin', scope: c2.city });
        const worker = await insertUser(strict.storage.db, { username: 'strict_worker', role: 'grid_worker', scope: c2.gridA1 });
        const inject = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) =>
          strict.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
        const cookie = await loginAs(strict.app, boss.username, boss.password);
        const me = (await inject('GET', '/api/me', cookie)).json();
        assert.equal(me.totpRequired, true);
        assert.equal(me.totpEnabled, false);
        const blocked = await inject('GET', '/api/people', cookie);
        assert.equal(blocked.statusCode, 403);
        assert.equal(blocked.json().error.code, 'TOTP_ENROLMENT_REQUIRED');
        assert.equal((await inject('POST', `/api/people/${worker.id}/disable`, cookie)).statusCode, 403);
        const workerCookie = await loginAs(strict.app, worker.username, worker.password);
        assert.equal((await inject('GET', '/api/people', workerCookie)).statusCode, 200, 'roles not listed are not affected');

        const s = (await inject('POST', '/api/me/totp/setup', cookie, { password: boss.password })).json().secret;
        assert.equal((await inject('POST', '/api/me/totp/confirm', cookie, { code: totpCodeAt(s, strict.clock.now) })).statusCode, 200);
        assert.equal((await inject('GET', '/api/people', cookie)).statusCode, 200);
        strict.clock.advanceMinutes(1);
        const off = await inject('POST', '/api/me/totp/disable', cookie, { password: boss.password, code: totpCodeAt(s, strict.clock.now) });
        assert.equal(off.statusCode, 403);
      } finally {
        await strict.close();
      }
    });
  });

  describe('API tokens: fresh password, expiry, scope', () => {
    it('needs the password to mint; a token cannot mint another', async () => {
      const cookie = await loginAs(t.app, admin.username, admin.password);
      const missing = await call({ method: 'POST', url: '/api/tokens', cookie, payload: { name: 'x' } });
      assert.equal(missing.statusCode, 400);
      assert.equal(missing.json().error.field, 'password');
      const wrong = await call({ method: 'POST', url: '/api/tokens', cookie, payload: { name: 'x', password: 'not-it' } });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().error.field, 'password');
      const tooLong = await call({ method: 'POST', url: '/api/tokens', cookie, payload: { name: 'x', password: admin.password, expiresInDays: 366 } });
      assert.equal(tooLong.statusCode, 400);
      assert.equal(tooLong.json().error.field, 'expiresInDays');
      const made = await call({ method: 'POST', url: '/api/tokens', cookie, payload: { name: 'x', password: admin.password, scope: 'write' } });
      assert.equal(made.statusCode, 201);
      const viaToken = await call({ method: 'POST', url: '/api/tokens', bearer: made.json().token, payload: { name: 'y', password: admin.password } });
      assert.equal(viaToken.statusCode, 403);
    });

    it('expires after expiresInDays (default 90)', async () => {
      const cookie = await loginAs(t.app, admin.username, admin.password);
      const made = await call({ method: 'POST', url: '/api/tokens', cookie, payload: { name: 'short-lived', password: admin.password, expiresInDays: 2 } });
      assert.equal(made.statusCode, 201);
      assert.equal(made.json().expiresAt, new Date(t.clock.now.getTime() + 2 * 86400_000).toISOString());
      const dflt = await call({ method: 'POST', url: '/api/tokens', cookie, payload: { name: 'default', password: admin.password } });
      assert.equal(dflt.json().expiresAt, new Date(t.clock.now.getTime() + 90 * 86400_000).toISOString());
      assert.equal(dflt.json().scope, 'read', 'read-only unless asked');
      const token = made.json().token;
      assert.equal((await call({ url: '/api/me', bearer: token })).statusCode, 200);
      t.clock.advanceMinutes(2 * 24 * 60 + 1);
      assert.equal((await call({ url: '/api/me', bearer: token })).statusCode, 401);
    });

    it('a read token may GET but not change anything; a write token may', async () => {
      const cookie = await loginAs(t.app, admin.username, admin.password);
      const victim = await insertUser(t.storage.db, { username: 'token_victim', role: 'grid_worker', scope: city.gridA1 });
      const read = (await call({ method: 'POST', url: '/api/tokens', cookie, payload: { name: 'reader', password: admin.password, scope: 'read' } })).json().token;
      assert.equal((await call({ url: '/api/people', bearer: read })).statusCode, 200);
      for (const url of [`/api/people/${victim.id}/disable`, `/%61pi/people/${victim.id}/disable`, `/ap%69/people/${victim.id}/disable`]) {
        const refused = await call({ method: 'POST', url, bearer: read });
        assert.equal(refused.statusCode, 403, url);
        assert.equal(refused.json().error.code, 'FORBIDDEN');
      }
      const write = (await call({ method: 'POST', url: '/api/tokens', cookie, payload: { name: 'writer', password: admin.password, scope: 'write' } })).json().token;
      assert.equal((await call({ method: 'POST', url: `/api/people/${victim.id}/disable`, bearer: write })).statusCode, 200);
    });

    it('tokens made before expiry existed are honoured for 90 days after their creation, then stop', async () => {
      const cookie = await loginAs(t.app, admin.username, admin.password);
      const made = (await call({ method: 'POST', url: '/api/tokens', cookie, payload: { name: 'legacy', password: admin.password } })).json();
      await t.storage.db.updateTable('api_tokens').set({ expires_at: null }).where('id', '=', made.id).execute();
      assert.equal((await call({ url: '/api/me', bearer: made.token })).statusCode, 200);
      t.clock.advanceMinutes(91 * 24 * 60);
      assert.equal((await call({ url: '/api/me', bearer: made.token })).statusCode, 401);
    });
  });
});
