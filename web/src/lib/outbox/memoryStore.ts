import type { Command, OutboxStore } from './types.ts';

/** An OutboxStore in memory, as IndexedDB behaves (copies in, copies out), for tests of the outbox and its kinds. */
export function memoryStore(): OutboxStore & { commands: Map<string, Command>; blobs: Map<string, Blob> } {
  const commands = new Map<string, Command>();
  const blobs = new Map<string, Blob>();
  return {
    commands,
    blobs,
    all: async () => [...commands.values()].map((c) => structuredClone(c)),
    put: async (c) => void commands.set(c.id, structuredClone(c)),
    delete: async (id) => void commands.delete(id),
    putBlob: async (id, b) => void blobs.set(id, b),
    getBlob: async (id) => blobs.get(id) ?? null,
    deleteBlob: async (id) => void blobs.delete(id),
  };
}
