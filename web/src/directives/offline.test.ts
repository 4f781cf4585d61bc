import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

// The 通知 screens keep per-person offline copies in localStorage; ending the session (logout, or a 401
// that clears the session hint) must drop them so the next person on a shared phone finds nothing.

/** A Map-backed Storage, as the browser's localStorage behaves. */
class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
  setItem(k: string, v: string) {
    this.items.set(k, String(v));
  }
}

describe('directive offline copies and the session', () => {
  let offline: typeof import('./offline.ts');
  let session: typeof import('../lib/session.tsx');
  const storage = new MemoryStorage();
  before(async () => {
    (globalThis as { localStorage?: Storage }).localStorage = storage;
    offline = await import('./offline.ts');
    session = await import('../lib/session.tsx');
  });

  test('remembered reads are per person and survive while signed in', () => {
    offline.remember('p1', 'inbox', { items: [{ id: 'd1', title: '关于做好安保工作的通知' }] });
    offline.remember('p1', 'campaigns', { items: [] });
    offline.remember('p2', 'inbox', { items: [] });
    session.setSessionHint(true);
    assert.deepEqual(offline.recall('p1', 'inbox'), { items: [{ id: 'd1', title: '关于做好安保工作的通知' }] });
    assert.deepEqual(offline.recall('p2', 'inbox'), { items: [] });
    assert.equal(offline.recall('p3', 'inbox'), null, 'another person sees nothing');
  });

  test('logout (setSessionHint(false)) drops every remembered read and keeps unrelated settings', () => {
    storage.setItem('wangge.lang', 'en');
    // 25 copies: removal must not skip keys while the storage shrinks.
    for (let i = 0; i < 25; i++) offline.remember('p1', `directive.${i}`, { directive: { id: String(i) } });
    assert.ok(storage.length > 25);
    session.setSessionHint(false);
    assert.equal(offline.recall('p1', 'inbox'), null);
    assert.equal(offline.recall('p1', 'directive.7'), null);
    assert.equal(offline.recall('p2', 'inbox'), null);
    assert.deepEqual(
      Array.from({ length: storage.length }, (_, i) => storage.key(i)),
      ['wangge.lang'],
      'only the language choice is left',
    );
  });
});
