import { ApiError } from '../lib/api.ts';

/** POST JSON with a fresh Idempotency-Key (key sites, plans): api() sends no such header. */
export async function postWithKey<T>(path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', (err as Error).message);
  }
  const data = (await res.json().catch(() => null)) as (T & { error?: undefined }) | { error: { code: string; message: string; field?: string } } | null;
  if (!res.ok || !data) {
    const e = data && 'error' in data && data.error ? data.error : { code: `HTTP_${res.status}`, message: res.statusText };
    throw new ApiError(res.status, e.code, e.message, 'field' in e ? e.field : null);
  }
  return data as T;
}
