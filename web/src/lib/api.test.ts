import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, ApiError, fetchSameOrigin, readJson } from './api.ts';
import { getCached } from './useCachedApi.ts';

// api() (console writes and reads) and getCached() (the field app's reads) share one way of reading an
// answer: JSON or null, and the server's {error:{code,message,field}} as an ApiError.

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

/** Answer every fetch with `res`, recording what was asked. */
function answer(res: () => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return res();
  }) as typeof fetch;
  return calls;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('reading API answers', () => {
  test('readJson gives the body, null for an empty or non-JSON body', async () => {
    assert.deepEqual(await readJson(json(200, { a: 1 })), { a: 1 });
    assert.equal(await readJson(new Response('', { status: 200 })), null);
    assert.equal(await readJson(new Response('<html>', { status: 200 })), null);
  });

  test('readJson turns an error answer into ApiError with the server’s code, message and field', async () => {
    const err = await readJson(json(400, { error: { code: 'VALIDATION_FAILED', message: 'title: 必填', field: 'title' } })).catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.deepEqual([err.status, err.code, err.message, err.field], [400, 'VALIDATION_FAILED', 'title: 必填', 'title']);
    const bare = await readJson(new Response('oops', { status: 502, statusText: 'Bad Gateway' })).catch((e: unknown) => e);
    assert.ok(bare instanceof ApiError);
    assert.deepEqual([bare.code, bare.message, bare.field], ['HTTP_502', 'Bad Gateway', null]);
  });

  test('no answer at all is ApiError NETWORK; an abort stays an AbortError', async () => {
    globalThis.fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const err = await fetchSameOrigin('/api/me').catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.deepEqual([err.status, err.code], [0, 'NETWORK']);
    globalThis.fetch = (async () => {
      throw new DOMException('aborted', 'AbortError');
    }) as typeof fetch;
    const aborted = await getCached('/api/me').catch((e: unknown) => e);
    assert.equal((aborted as Error).name, 'AbortError');
  });

  test('api sends JSON with the session cookie and answers 204 with undefined', async () => {
    const calls = answer(() => new Response(null, { status: 204 }));
    assert.equal(await api('/api/x', { method: 'POST', body: { a: 1 } }), undefined);
    assert.equal(calls[0]!.init.credentials, 'same-origin');
    assert.equal(calls[0]!.init.method, 'POST');
    assert.equal(calls[0]!.init.body, '{"a":1}');
    assert.deepEqual(calls[0]!.init.headers, { accept: 'application/json', 'content-type': 'application/json' });
  });

  test('api sends an Idempotency-Key only when asked: the caller\'s own, or a fresh one per call', async () => {
    const calls = answer(() => json(201, { id: 'x' }));
    await api('/api/x', { method: 'POST', body: {}, idempotencyKey: 'k-1' });
    await api('/api/x', { method: 'POST', body: {}, idempotencyKey: true });
    await api('/api/x', { method: 'POST', body: {}, idempotencyKey: true });
    await api('/api/x', { method: 'POST', body: {} });
    const keys = calls.map((c) => (c.init.headers as Record<string, string>)['idempotency-key']);
    assert.equal(keys[0], 'k-1');
    assert.match(keys[1]!, /^[0-9a-f-]{36}$/);
    assert.notEqual(keys[1], keys[2]);
    assert.equal(keys[3], undefined);
  });

  test('getCached says when the service worker answered from its cache, and throws the same errors', async () => {
    answer(() => json(200, { n: 1 }, { 'x-wangge-offline': '1' }));
    assert.deepEqual(await getCached('/api/cases'), { data: { n: 1 }, offline: true });
    const calls = answer(() => json(200, { n: 2 }));
    assert.deepEqual(await getCached('/api/cases'), { data: { n: 2 }, offline: false });
    assert.equal(calls[0]!.init.credentials, 'same-origin');
    answer(() => json(401, { error: { code: 'UNAUTHENTICATED', message: '请登录' } }));
    await assert.rejects(getCached('/api/cases'), (e: unknown) => e instanceof ApiError && e.code === 'UNAUTHENTICATED' && e.status === 401);
  });
});
