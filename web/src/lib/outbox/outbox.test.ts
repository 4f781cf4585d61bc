import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs, classify, Outbox } from './outbox.ts';
import { memoryStore } from './memoryStore.ts';
import type { Answer, Command, Transport } from './types.ts';

// The replay engine against an in-memory store and a scripted server: order, keys, photos first,
// which answers are retried and which are final.

type Call = { path: string; key: string | null; body: unknown };

function scriptedServer(answers: (call: Call) => Answer): Transport & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    postJson: async (path, body, key) => {
      const call = { path, key, body };
      calls.push(call);
      return answers(call);
    },
    upload: async () => {
      const call = { path: '/api/uploads', key: null, body: null };
      calls.push(call);
      return answers(call);
    },
  };
}

const ok = (body: unknown = {}): Answer => ({ status: 200, body, replayed: false });
const err = (status: number, code: string, message: string): Answer => ({ status, body: { error: { code, message } }, replayed: false });

function setup(answers: (call: Call) => Answer, online = { value: true }) {
  const store = memoryStore();
  const server = scriptedServer(answers);
  let clock = Date.parse('2026-03-02T06:00:00Z');
  let n = 0;
  const box = new Outbox({
    store,
    transport: server,
    now: () => clock,
    newId: () => `00000000-0000-4000-8000-00000000000${++n}`,
    isOnline: () => online.value,
    schedule: () => undefined,
  });
  return { store, server, box, advance: (ms: number) => (clock += ms), online };
}

const report = (description: string) => ({
  body: { categoryCode: '0101', description, location: { lat: 32.04, lng: 118.78 } },
  photoBlobIds: [] as string[],
  photoShas: [] as string[],
  label: '暴露垃圾',
});

describe('outbox replay', () => {
  test('classify: 2xx done; network, 5xx, 429, 401 and IDEMPOTENCY_IN_PROGRESS retried; other 4xx final', () => {
    assert.equal(classify(ok()).kind, 'done');
    assert.equal(classify({ status: 201, body: {}, replayed: true }).kind, 'done');
    for (const a of [err(0, 'NETWORK', 'x'), err(503, 'INTERNAL', 'x'), err(429, 'RATE_LIMITED', 'x'), err(401, 'UNAUTHENTICATED', 'x'), err(409, 'IDEMPOTENCY_IN_PROGRESS', 'x')]) {
      assert.equal(classify(a).kind, 'retry', `${a.status} retried`);
    }
    for (const a of [err(409, 'STALE_TRANSITION', 'x'), err(409, 'INVALID_TRANSITION', 'x'), err(400, 'VALIDATION_FAILED', 'x'), err(422, 'IDEMPOTENCY_KEY_REUSED', 'x'), err(404, 'NOT_FOUND', 'x')]) {
      assert.equal(classify(a).kind, 'failed', `${a.status} ${JSON.stringify(a.body)} final`);
    }
    assert.deepEqual([1, 2, 3, 10].map(backoffMs), [2000, 4000, 8000, 60000]);
  });

  test('offline commands wait; online they go in order, photos uploaded first, each with its own key', async () => {
    const { box, server, store, online } = setup((c) => (c.path === '/api/uploads' ? { status: 201, body: { sha256: 'a'.repeat(64) }, replayed: false } : ok({ case: { id: 'c1', caseNo: 'N1', state: 'reported' } })), { value: false });
    await box.enqueue('case.report', report('第一件'), [new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' })]);
    await box.enqueue('case.report', report('第二件'));
    await box.enqueue('case.action', { caseId: 'c9', caseNo: 'N9', body: { action: 'self_resolve', expectedVersion: 1 }, label: '自行处置' });
    await box.flush();
    assert.equal(server.calls.length, 0, 'nothing sent while offline');
    assert.deepEqual((await box.list()).map((c) => c.state), ['queued', 'queued', 'queued']);
    assert.equal(store.blobs.size, 1, 'the photo is kept locally');

    online.value = true;
    await box.flushNow();
    assert.deepEqual(server.calls.map((c) => c.path), ['/api/uploads', '/api/cases', '/api/cases', '/api/cases/c9/actions']);
    const list = await box.list();
    assert.deepEqual(list.map((c) => c.state), ['done', 'done', 'done']);
    assert.deepEqual(server.calls.filter((c) => c.key).map((c) => c.key), list.map((c) => c.id), 'the command id is the Idempotency-Key');
    assert.deepEqual((server.calls[1]!.body as { photos: string[] }).photos, ['a'.repeat(64)]);
    assert.equal(store.blobs.size, 0, 'the photo blob is deleted once uploaded');
    assert.equal(list[0]!.result?.caseNo, 'N1');
  });

  test('a network failure keeps the command queued with the reason, and the retry reuses the key without re-uploading', async () => {
    let failCases = true;
    const { box, server, advance } = setup((c) => {
      if (c.path === '/api/uploads') return { status: 201, body: { sha256: 'b'.repeat(64) }, replayed: false };
      if (failCases) return err(0, 'NETWORK', 'Failed to fetch');
      return { status: 201, body: { case: { id: 'c2', caseNo: 'N2', state: 'reported' } }, replayed: true };
    });
    await box.enqueue('case.report', report('带照片'), [new Blob([new Uint8Array([9])], { type: 'image/jpeg' })]);
    await box.flush();
    let [c] = await box.list();
    assert.equal(c!.state, 'queued');
    assert.equal(c!.lastErrorCode, 'NETWORK');
    assert.ok(c!.nextAttemptAt > 0, 'backoff scheduled');
    await box.enqueue('case.report', report('后一件'));
    await box.flush();
    assert.equal(server.calls.filter((x) => x.path === '/api/cases').length, 1, 'later commands wait behind the one retrying');

    failCases = false;
    advance(backoffMs(1));
    await box.flush();
    const list = await box.list();
    assert.deepEqual(list.map((x) => x.state), ['done', 'done']);
    c = list[0];
    assert.equal(server.calls.filter((x) => x.path === '/api/uploads').length, 1, 'photo uploaded once');
    const keys = server.calls.filter((x) => x.path === '/api/cases').map((x) => x.key);
    assert.deepEqual(keys, [c!.id, c!.id, list[1]!.id]);
  });

  test('a conflict is final: marked failed with the server message, not retried, and the queue moves on', async () => {
    const message = '案件已被 王芳 于 14:02 执行「核查通过」 / already verify by 王芳 at 14:02';
    const { box, server } = setup((c) => (c.path.endsWith('/actions') ? err(409, 'STALE_TRANSITION', message) : ok({ case: { id: 'c3', caseNo: 'N3', state: 'reported' } })));
    await box.enqueue('case.action', { caseId: 'c7', caseNo: 'N7', body: { action: 'verify', expectedVersion: 3 }, label: '核查通过' });
    await box.enqueue('case.report', report('之后的上报'));
    await box.flush();
    await box.flush();
    const [action, next] = await box.list();
    assert.equal(action!.state, 'failed');
    assert.equal(action!.lastError, message);
    assert.equal(action!.lastErrorCode, 'STALE_TRANSITION');
    assert.equal(next!.state, 'done');
    assert.equal(server.calls.filter((c) => c.path.endsWith('/actions')).length, 1, 'sent once, never retried');
  });

  test('a command left `sending` by a closed tab is resent with the same key on the next start', async () => {
    const { box, server, store } = setup(() => ok({ case: { id: 'c4', caseNo: 'N4', state: 'handled' } }));
    const stuck: Command = {
      id: 'k-1', kind: 'case.action', payload: { caseId: 'c4', caseNo: 'N4', body: { action: 'verify' }, label: '核查通过' },
      createdAt: '2026-03-02T05:00:00.000Z', state: 'sending', lastError: null, lastErrorCode: null, attempts: 1, nextAttemptAt: 0, result: null, doneAt: null,
    };
    await store.put(stuck);
    await box.flushNow();
    assert.deepEqual(server.calls.map((c) => c.key), ['k-1']);
    assert.equal((await box.list())[0]!.state, 'done');
  });
});
