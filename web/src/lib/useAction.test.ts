import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runAction, type ActionSink } from './useAction.ts';

/** A sink that records every report in order, as React state setters would receive them. */
function recorder<K>() {
  const events: string[] = [];
  let mounted = true;
  const state: { inFlight: { key: K | null } | null; error: unknown } = { inFlight: null, error: 'stale' };
  const sink: ActionSink<K> = {
    setInFlight(v) {
      state.inFlight = v;
      events.push(v ? `busy:${String(v.key)}` : 'idle');
    },
    setError(e) {
      state.error = e;
      events.push(e ? `error:${(e as Error).message}` : 'error:none');
    },
    isMounted: () => mounted,
  };
  return { sink, events, state, unmount: () => (mounted = false) };
}

describe('runAction (the core of useAction)', () => {
  test('clears the last error, is busy while the task runs and idle after it succeeds', async () => {
    const r = recorder<string>();
    let busyDuringTask: unknown = 'unset';
    const ok = await runAction(async () => {
      busyDuringTask = r.state.inFlight;
    }, null, r.sink);
    assert.equal(ok, true);
    assert.deepEqual(busyDuringTask, { key: null });
    assert.deepEqual(r.events, ['error:none', 'busy:null', 'idle']);
    assert.equal(r.state.error, null);
    assert.equal(r.state.inFlight, null);
  });

  test('keeps the error of a failed task, resolves false instead of throwing, and ends idle', async () => {
    const r = recorder<string>();
    const ok = await runAction(async () => {
      throw new Error('STALE_TRANSITION');
    }, null, r.sink);
    assert.equal(ok, false);
    assert.deepEqual(r.events, ['error:none', 'busy:null', 'error:STALE_TRANSITION', 'idle']);
    assert.equal((r.state.error as Error).message, 'STALE_TRANSITION');
    assert.equal(r.state.inFlight, null);
  });

  test('a keyed run marks that key busy (per-row buttons)', async () => {
    const r = recorder<string>();
    let during: unknown;
    await runAction(async () => {
      during = r.state.inFlight?.key;
    }, 'swap-7', r.sink);
    assert.equal(during, 'swap-7');
    assert.deepEqual(r.events, ['error:none', 'busy:swap-7', 'idle']);
  });

  test('reports nothing once the component has unmounted, on success or failure', async () => {
    for (const fails of [false, true]) {
      const r = recorder<string>();
      let release!: () => void;
      const gate = new Promise<void>((res) => (release = res));
      const running = runAction(async () => {
        await gate;
        if (fails) throw new Error('NETWORK');
      }, 'a', r.sink);
      r.unmount();
      release();
      assert.equal(await running, !fails);
      assert.deepEqual(r.events, ['error:none', 'busy:a'], `fails=${fails}: no report after unmount`);
    }
  });

  test('an error thrown by what follows the request (a toast, a reload) is kept like the request’s own', async () => {
    const r = recorder<string>();
    const ok = await runAction(async () => {
      await Promise.resolve('saved');
      throw new TypeError('reload failed');
    }, null, r.sink);
    assert.equal(ok, false);
    assert.ok(r.state.error instanceof TypeError);
  });
});
