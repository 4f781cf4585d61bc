import { fetchSameOrigin, readJson } from '../lib/api.ts';

/** POST JSON with a fresh Idempotency-Key (key sites, plans): api() sends no such header. */
export async function postWithKey<T>(path: string, body: unknown): Promise<T> {
  const res = await fetchSameOrigin(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(body),
  });
  return readJson<T>(res);
}
