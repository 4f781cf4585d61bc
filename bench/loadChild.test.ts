import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runLoadChild } from './loadChild.ts';
import { FIXTURE_FLAG, FIXTURE_PATH } from './loadChild.fixture.ts';

describe('bench load generator child', () => {
  // The checkin-ingest "stall at ~7,000 check-ins" was this: the child exited right after
  // process.send, a result larger than the pipe buffer was dropped, and the parent waited forever.
  it('delivers a large result (20,000 ids, ~900 KB) intact', async () => {
    const r = await runLoadChild<{ count: number }, { acknowledged: string[] }>(FIXTURE_PATH, FIXTURE_FLAG, { count: 20_000 });
    assert.equal(r.acknowledged.length, 20_000);
    assert.equal(new Set(r.acknowledged).size, 20_000);
    assert.equal(r.acknowledged[19_999], '0190a1b2-c3d4-7e5f-8a9b-000000019999');
  });

  it('fails instead of waiting forever when the child exits without answering', async () => {
    await assert.rejects(runLoadChild(FIXTURE_PATH, FIXTURE_FLAG, { count: 1, exitWithoutAnswer: true }), /without sending its result/);
  });
});
