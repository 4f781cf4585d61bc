import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from './harness.ts';
import { insertUser, seedSmallCity } from './factories.ts';
import { loginAs } from './auth.ts';

// Bad input must get a clear 4xx, never a 500: every documented route (from the OpenAPI document, so
// new routes are covered automatically) is called as an administrator with malformed bodies, odd path
// parameters and nonsense query strings.
const BODIES = ['{', 'null', '[]', '"x"', '{"a":1}', JSON.stringify({ lat: 'x', lng: 1e9, id: -1, description: 'x'.repeat(100_000), date: '2026-13-45', from: 'nope' })];
const QUERIES = ['', '?from=x&to=y&limit=-5&date=2026-02-30&lat=abc&scope=%00&cursor=%25%25'];

forEachDatabase('every API route answers bad input without a 5xx', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let cookie = '';
  before(async () => {
    t = await createTestApp(kind);
    const city = await seedSmallCity(t.storage.db);
    await insertUser(t.storage.db, { username: 'robust.admin', role: 'admin', scope: city.province });
    cookie = await loginAs(t.app, 'robust.admin', 'correct horse battery');
  });
  after(async () => t.close());

  it('no documented route answers 5xx to malformed bodies, path parameters or queries', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { cookie } })).json() as { paths: Record<string, Record<string, unknown>> };
    const failures: string[] = [];
    let calls = 0;
    for (const [route, ops] of Object.entries(spec.paths)) {
      const url = route.replace(/\{[^}]+\}/g, 'zz%00..%2F');
      for (const method of Object.keys(ops)) {
        const bodies = method === 'get' || method === 'delete' ? [undefined] : BODIES;
        for (const payload of bodies) {
          for (const query of QUERIES) {
            const res = await t.app.inject({
              method: method.toUpperCase() as 'GET',
              url: url + query,
              headers: { cookie, 'content-type': 'application/json', 'idempotency-key': `robust-${calls}` },
              ...(payload === undefined ? {} : { payload }),
            });
            calls += 1;
            if (res.statusCode >= 500) failures.push(`${method.toUpperCase()} ${url}${query} ${payload?.slice(0, 20) ?? ''} → ${res.statusCode} ${res.body.slice(0, 160)}`);
          }
        }
      }
    }
    assert.ok(calls > 100, `only ${calls} calls made: is the OpenAPI document empty?`);
    assert.deepEqual(failures, []);
  });
});
