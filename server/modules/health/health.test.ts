import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { insertUser, seedSmallCity } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';

forEachDatabase('GET /api/health', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  before(async () => {
    t = await createTestApp(kind);
  });
  after(async () => t.close());

  it('reports ok with the database kind it really talks to', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok', database: kind, version: 'test' });
  });

  it('answers unknown routes with the standard error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'NOT_FOUND');
  });

  it('serves the OpenAPI document and Swagger UI to people who have logged in, not to anonymous callers', async () => {
    // Issue #12 finding 11: the API map was public.
    for (const url of ['/api/openapi.json', '/api/docs', '/api/docs/json']) {
      const anonymous = await t.app.inject({ method: 'GET', url });
      assert.equal(anonymous.statusCode, 401, url);
      assert.equal(anonymous.json().error.code, 'UNAUTHENTICATED', url);
    }
    const city = await seedSmallCity(t.storage.db);
    await insertUser(t.storage.db, { username: 'docs.reader', role: 'grid_worker', scope: city.gridA1 });
    const cookie = await loginAs(t.app, 'docs.reader', 'correct horse battery');
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs', headers: { cookie } });
    assert.equal(ui.statusCode, 200);
    assert.match(ui.headers['content-type'] as string, /text\/html/);
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { cookie } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().info.title, 'wangge API');
    assert.ok(res.json().paths['/api/health']);
  });

  it('sends security headers on every response, the CSP as configured', async () => {
    for (const url of ['/api/health', '/api/nope']) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN', url);
      assert.equal(res.headers['referrer-policy'], 'no-referrer', url);
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/, url);
      assert.match(csp, /script-src 'self'(;|$)/, url);
      assert.match(csp, /worker-src 'self' blob:/, url);
      assert.equal(res.headers['x-powered-by'], undefined, url);
    }
  });
});
