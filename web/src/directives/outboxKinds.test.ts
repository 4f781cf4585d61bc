import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Outbox } from '../lib/outbox/outbox.ts';
import { memoryStore } from '../lib/outbox/memoryStore.ts';
import type { Answer, Transport } from '../lib/outbox/types.ts';

// The directive and campaign command kinds ride the same replay engine as case writes: sent in order
// with the command id as Idempotency-Key, retried while there is no answer, final on a 4xx.

describe('outbox: directive and campaign kinds', () => {
  test('sign, report and daily report are posted to their paths once online, keyed by command id', async () => {
    const calls: { path: string; key: string; body: unknown }[] = [];
    let online = false;
    let n = 0;
    const transport: Transport = {
      postJson: async (path, body, key) => {
        calls.push({ path, key, body });
        return path.endsWith('/report') ? { status: 404, body: { error: { code: 'NOT_FOUND', message: '未找到' } }, replayed: false } : ({ status: 200, body: {}, replayed: false } satisfies Answer);
      },
      upload: async () => ({ status: 500, body: null, replayed: false }),
    };
    const box = new Outbox({ store: memoryStore(), transport, isOnline: () => online, schedule: () => undefined, newId: () => `id-${++n}` });
    await box.enqueue('directive.sign', { path: '/api/directives/d1/sign', body: {}, label: '签收', ref: 'd1' });
    await box.enqueue('directive.report', { path: '/api/directives/d1/report', body: { text: '已落实' }, label: '落实反馈', ref: 'd1' });
    await box.enqueue('campaign.dailyReport', { path: '/api/campaigns/c1/daily-reports', body: { gridCode: '320102003001001', date: '2026-11-27', nothingToReport: true }, label: '日报', ref: 'c1:2026-11-27' });
    await box.flush();
    assert.equal(calls.length, 0, 'nothing sent offline');
    online = true;
    await box.flushNow();
    assert.deepEqual(calls.map((c) => [c.path, c.key]), [['/api/directives/d1/sign', 'id-1'], ['/api/directives/d1/report', 'id-2'], ['/api/campaigns/c1/daily-reports', 'id-3']]);
    assert.deepEqual(calls[2]!.body, { gridCode: '320102003001001', date: '2026-11-27', nothingToReport: true });
    const list = await box.list();
    assert.deepEqual(list.map((c) => c.state), ['done', 'failed', 'done']);
    assert.equal(list[1]!.lastErrorCode, 'NOT_FOUND');
    await box.flushNow();
    assert.equal(calls.length, 3, 'a done or failed command is not sent again');
  });
});
