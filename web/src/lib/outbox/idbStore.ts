import type { Command, OutboxStore } from './types.ts';

// Plain IndexedDB (no wrapper library): two object stores, small enough to write by hand.
const DB_NAME = 'wangge-field';
const DB_VERSION = 1;

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

let opening: Promise<IDBDatabase> | null = null;

/** The field app's database: `commands` (the outbox) and `blobs` (photos taken offline). */
export function openFieldDb(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const r = indexedDB.open(DB_NAME, DB_VERSION);
    r.onupgradeneeded = () => {
      const db = r.result;
      if (!db.objectStoreNames.contains('commands')) db.createObjectStore('commands', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('blobs')) db.createObjectStore('blobs');
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => {
      opening = null;
      reject(r.error);
    };
  });
  return opening;
}

async function tx<T>(store: 'commands' | 'blobs', mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openFieldDb();
  const t = db.transaction(store, mode);
  const result = await request(fn(t.objectStore(store)));
  // Resolve only after the transaction commits, so a reload right after enqueue() never loses it.
  await new Promise<void>((resolve, reject) => {
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
  return result;
}

/** OutboxStore on IndexedDB: survives reloads, browser restarts and phone restarts. */
export const idbStore: OutboxStore = {
  all: () => tx('commands', 'readonly', (s) => s.getAll() as IDBRequest<Command[]>),
  put: async (command) => {
    await tx('commands', 'readwrite', (s) => s.put(command));
  },
  delete: async (id) => {
    await tx('commands', 'readwrite', (s) => s.delete(id));
  },
  putBlob: async (id, blob) => {
    await tx('blobs', 'readwrite', (s) => s.put(blob, id));
  },
  getBlob: async (id) => ((await tx('blobs', 'readonly', (s) => s.get(id) as IDBRequest<Blob | undefined>)) ?? null),
  deleteBlob: async (id) => {
    await tx('blobs', 'readwrite', (s) => s.delete(id));
  },
};
