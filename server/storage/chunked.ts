/**
 * Long id lists and row batches go to the database in pieces: SQLite binds at most 32 766 parameters in
 * one statement and PostgreSQL 65 535, and a multi-row INSERT binds one parameter per column per row.
 * 500 ids (or 500 rows of a narrow table) stays far below both; wide rows pass a smaller size.
 */
export const CHUNK_SIZE = 500;

/** The list cut into consecutive pieces of at most `size` items, in order. */
export function chunksOf<T>(items: readonly T[], size: number = CHUNK_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Run `fn` on each piece in turn (never in parallel: a transaction runs one statement at a time).
 * `done` is how many items the pieces so far covered, for progress reports.
 */
export async function forEachChunk<T>(items: readonly T[], fn: (chunk: T[], done: number) => Promise<unknown>, size: number = CHUNK_SIZE): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    const chunk = items.slice(i, i + size);
    await fn(chunk, i + chunk.length);
  }
}

/** One query per piece, the answers concatenated in order (an `in (…)` lookup over any number of ids). */
export async function inChunks<T, R>(items: readonly T[], fn: (chunk: T[]) => Promise<readonly R[]>, size: number = CHUNK_SIZE): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await fn(items.slice(i, i + size))));
  return out;
}
