import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Outbox } from '../../lib/outbox/outbox.ts';
import { memoryStore } from '../../lib/outbox/memoryStore.ts';
import type { Answer, Transport } from '../../lib/outbox/types.ts';

// Check-ins (巡逻打卡) through the outbox: queued offline, sent in order to /api/patrols/checkin with
// their own nonce, a refusal (outside the geofence) is final and does not block the next check-in.

describe('patrol check-ins in the outbox', () => {
  test('offline check-ins wait, then go in order with their nonce; a refusal is final, the rest sync', async () => {
    const calls: { path: string; body: { clientNonce: string; siteId: string }; key: string }[] = [];
    const online = { value: false };
    const transport: Transport = {
      postJson: async (path, body, key) => {
        const b = body as { clientNonce: string; siteId: string };
        calls.push({ path, body: b, key });
        if (b.siteId === 'far') return { status: 422, body: { error: { code: 'CHECKIN_REFUSED', message: '不在部位范围内 / outside the geofence (240 m)' } }, replayed: false } satisfies Answer;
        return { status: 201, body: { clientNonce: b.clientNonce, status: 'accepted', id: 'x' }, replayed: false };
      },
      upload: async () => ({ status: 500, body: null, replayed: false }),
    };
    let clock = Date.parse('2026-11-27T12:00:00Z');
    let n = 0;
    const box = new Outbox({ store: memoryStore(), transport, now: () => (clock += 1), newId: () => `cmd-${++n}`, isOnline: () => online.value, schedule: () => undefined });
    const checkin = (siteId: string, nonce: string) =>
      box.enqueue('patrol.checkin', { path: '/api/patrols/checkin', body: { siteId, kind: 'arrive', at: '2026-11-27T12:00:00Z', clientNonce: nonce, location: { lat: 32, lng: 118 } }, label: siteId, ref: siteId });
    await checkin('a', 'nonce-aaaa-1');
    await checkin('far', 'nonce-far-2');
    await checkin('b', 'nonce-bbbb-3');
    await box.flush();
    assert.equal(calls.length, 0, 'nothing sent offline');
    online.value = true;
    await box.flushNow();
    assert.deepEqual(calls.map((c) => [c.path, c.body.clientNonce]), [['/api/patrols/checkin', 'nonce-aaaa-1'], ['/api/patrols/checkin', 'nonce-far-2'], ['/api/patrols/checkin', 'nonce-bbbb-3']]);
    const list = await box.list();
    assert.deepEqual(list.map((c) => c.state), ['done', 'failed', 'done']);
    assert.equal(list[1]!.lastErrorCode, 'CHECKIN_REFUSED');
    await box.flushNow();
    assert.equal(calls.length, 3, 'nothing is sent twice');
  });
});
