import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from './harness.ts';
import { insertUser, seedSmallCity } from './factories.ts';
import { loginAs } from './auth.ts';

/**
 * Issue #19: at least this share of the operations in /api/openapi.json declare a 2xx response schema
 * (from shared/<module>/wire.ts), so the document, the serialiser and the web client's types agree.
 */
export const OPENAPI_RESPONSE_TARGET = 0.95;

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

interface Operation {
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

/**
 * A declared 2xx: a success status with a content schema, or a 204 (no body by definition). An
 * operation that declares nothing gets @fastify/swagger's placeholder `200: {description: 'Default Response'}`
 * with no content, which does not count.
 */
function declaresSuccess(op: Operation): boolean {
  return Object.entries(op.responses ?? {}).some(
    ([status, response]) => /^2\d\d$/.test(status) && (status === '204' || Object.values(response.content ?? {}).some((c) => c.schema !== undefined)),
  );
}

forEachDatabase('the OpenAPI document', (kind) => {
  let app: TestApp & { close(): Promise<void> };
  let cookie = '';
  before(async () => {
    app = await createTestApp(kind);
    const city = await seedSmallCity(app.storage.db);
    await insertUser(app.storage.db, { username: 'openapi.reader', role: 'grid_worker', scope: city.gridA1 });
    cookie = await loginAs(app.app, 'openapi.reader', 'correct horse battery');
  });
  after(async () => app.close());

  it(`declares a 2xx response schema on at least ${OPENAPI_RESPONSE_TARGET * 100}% of its operations`, async (t) => {
    const res = await app.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { cookie } });
    assert.equal(res.statusCode, 200);
    const spec = res.json() as { paths: Record<string, Record<string, Operation>> };
    const missing: string[] = [];
    let operations = 0;
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!METHODS.has(method)) continue;
        operations += 1;
        if (!declaresSuccess(op)) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    assert.ok(operations > 100, `only ${operations} operations: is the OpenAPI document empty?`);
    const share = (operations - missing.length) / operations;
    const summary = `${operations - missing.length}/${operations} operations (${(share * 100).toFixed(1)}%) declare a 2xx response; without one:\n  ${missing.join('\n  ')}`;
    // The share in the test report on every run; the operations without one are in the failure message.
    t.diagnostic(summary.split(';')[0]!);
    assert.ok(share >= OPENAPI_RESPONSE_TARGET, summary);
  });
});
