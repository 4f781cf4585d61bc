import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../test/harness.ts';
import { insertUser, seedSmallCity, type TestUser } from '../../test/factories.ts';
import { loginAs } from '../../test/auth.ts';

// Issue #12 finding 6: a cross-origin text/plain POST with the admin's cookie disabled an account.
forEachDatabase('CSRF: Origin / Sec-Fetch-Site and JSON-only bodies (HTTP)', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  let admin: TestUser;
  let adminCookie: string;

  const isDisabled = async (id: string) =>
    Number((await t.storage.db.selectFrom('users').select('disabled').where('id', '=', id).executeTakeFirstOrThrow()).disabled) !== 0;
  const disable = (id: string, headers: Record<string, string>, payload?: string) =>
    t.app.inject({ method: 'POST', url: `/api/people/${id}/disable`, headers: { host: 'wangge.example', cookie: adminCookie, ...headers }, ...(payload === undefined ? {} : { payload }) });

  before(async () => {
    t = await createTestApp(kind);
    city = await seedSmallCity(t.storage.db);
    admin = await insertUser(t.storage.db, { username: 'csrf_admin', role: 'admin', scope: city.city });
    adminCookie = await loginAs(t.app, admin.username, admin.password);
  });
  after(async () => t.close());

  describe('the reported attack', () => {
    it('refuses a cross-origin text/plain POST with the admin cookie; the account stays enabled', async () => {
      const victim = await insertUser(t.storage.db, { username: 'csrf_victim1', role: 'grid_worker', scope: city.gridA1 });
      const res = await disable(victim.id, { origin: 'https://evil.example', 'content-type': 'text/plain' }, 'x=1');
      assert.ok(res.statusCode === 403 || res.statusCode === 415, `refused, got ${res.statusCode} ${res.body}`);
      assert.equal(await isDisabled(victim.id), false);
    });

    it('judges the route, not the raw URL: a percent-encoded /%61pi/ prefix meets the same checks', async () => {
      // The router decodes '%61' to 'a', so '/%61pi/people/:id/disable' is the disable route (probe of the running demo).
      const victim = await insertUser(t.storage.db, { username: 'csrf_victim4', role: 'grid_worker', scope: city.gridA1 });
      const disableAt = (url: string, headers: Record<string, string>, payload?: string) =>
        t.app.inject({ method: 'POST', url, headers: { host: 'wangge.example', cookie: adminCookie, ...headers }, ...(payload === undefined ? {} : { payload }) });
      for (const prefix of ['/%61pi', '/%61%70%69', '/ap%69']) {
        const url = `${prefix}/people/${victim.id}/disable`;
        const plain = await disableAt(url, { origin: 'https://evil.example', 'content-type': 'text/plain' }, '{}');
        assert.ok(plain.statusCode === 403 || plain.statusCode === 415, `${url}: ${plain.statusCode} ${plain.body}`);
        const bare = await disableAt(url, { origin: 'https://evil.example' });
        assert.equal(bare.statusCode, 403, `${url}: ${bare.body}`);
        assert.equal(bare.json().error.code, 'CSRF_REJECTED');
      }
      assert.equal(await isDisabled(victim.id), false);
    });

    it('refuses text/plain bodies on JSON routes with 415 even from our own origin', async () => {
      const victim = await insertUser(t.storage.db, { username: 'csrf_victim2', role: 'grid_worker', scope: city.gridA1 });
      const res = await disable(victim.id, { 'sec-fetch-site': 'same-origin', 'content-type': 'text/plain' }, 'x=1');
      assert.equal(res.statusCode, 415);
      assert.equal(res.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
      assert.equal(res.json().error.field, 'body');
      const form = await disable(victim.id, { 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' }, 'x=1');
      assert.equal(form.statusCode, 415);
      assert.equal(await isDisabled(victim.id), false);
    });

    it('refuses a cross-site request with a bodiless POST or a JSON body: 403 CSRF_REJECTED', async () => {
      const victim = await insertUser(t.storage.db, { username: 'csrf_victim3', role: 'grid_worker', scope: city.gridA1 });
      const variants: Record<string, string>[] = [
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site' },
        { origin: 'https://evil.example' },
        { origin: 'null' },
        { 'sec-fetch-site': 'cross-site', origin: 'https://wangge.example' },
      ];
      for (const headers of variants) {
        const res = await disable(victim.id, headers);
        assert.equal(res.statusCode, 403, JSON.stringify(headers));
        assert.equal(res.json().error.code, 'CSRF_REJECTED');
        const json = await disable(victim.id, { ...headers, 'content-type': 'application/json' }, '{}');
        assert.equal(json.statusCode, 403, JSON.stringify(headers));
      }
      assert.equal(await isDisabled(victim.id), false);
    });
  });

  describe('legitimate requests pass', () => {
    it('the same request from our own page (Sec-Fetch-Site: same-origin) disables the account', async () => {
      const victim = await insertUser(t.storage.db, { username: 'csrf_ok1', role: 'grid_worker', scope: city.gridA1 });
      const res = await disable(victim.id, { 'sec-fetch-site': 'same-origin', origin: 'https://wangge.example' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(await isDisabled(victim.id), true);
    });

    it('a browser without fetch metadata but with our own Origin passes; so does a non-browser client with no Origin', async () => {
      const a = await insertUser(t.storage.db, { username: 'csrf_ok2', role: 'grid_worker', scope: city.gridA1 });
      assert.equal((await disable(a.id, { origin: 'https://wangge.example' })).statusCode, 200);
      const b = await insertUser(t.storage.db, { username: 'csrf_ok3', role: 'grid_worker', scope: city.gridA1 });
      assert.equal((await disable(b.id, {})).statusCode, 200);
    });

    it('a Bearer token is not subject to the origin check (no browser sends it by itself)', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: { cookie: adminCookie, 'sec-fetch-site': 'same-origin' },
        payload: { name: 'csrf test', password: admin.password, scope: 'write' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const victim = await insertUser(t.storage.db, { username: 'csrf_ok4', role: 'grid_worker', scope: city.gridA1 });
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/people/${victim.id}/disable`,
        headers: { authorization: `Bearer ${created.json().token}`, origin: 'https://elsewhere.example', host: 'wangge.example' },
      });
      assert.equal(res.statusCode, 200, res.body);
    });
  });

  describe('login sets the cookie, so it is checked too', () => {
    it('refuses a cross-site login (login CSRF) and accepts a same-origin one', async () => {
      const user = await insertUser(t.storage.db, { username: 'csrf_login', role: 'grid_worker', scope: city.gridA1 });
      const cross = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'sec-fetch-site': 'cross-site' }, payload: { username: user.username, password: user.password }, remoteAddress: '198.19.0.1' });
      assert.equal(cross.statusCode, 403);
      assert.equal(cross.json().error.code, 'CSRF_REJECTED');
      assert.equal(cross.cookies.length, 0);
      const same = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'sec-fetch-site': 'same-origin' }, payload: { username: user.username, password: user.password }, remoteAddress: '198.19.0.2' });
      assert.equal(same.statusCode, 200);
    });

    it('leaves the anonymous resident submission to the JSON rule only (it sets no cookie)', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/cases/public', headers: { 'content-type': 'text/plain', origin: 'https://evil.example' }, payload: 'x', remoteAddress: '198.19.0.3' });
      assert.equal(res.statusCode, 415);
    });
  });
});
