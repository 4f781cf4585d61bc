import type { UploadResponse } from '../../../shared/cases/wire.ts';

/** The API's error body: {error:{code,message,field}}. */
export interface ApiErrorBody {
  error: { code: string; message: string; field?: string | null };
}

/** An error answered by the API (or a network failure, code NETWORK). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * fetch on the same origin with the session cookie; a request that got no answer at all (offline,
 * connection reset) throws ApiError code NETWORK, an aborted one its AbortError.
 */
export async function fetchSameOrigin(path: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(path, { ...init, credentials: 'same-origin' });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', (err as Error).message);
  }
}

/** An answer's JSON body (null when empty or not JSON); a non-2xx answer throws ApiError with the server's stable code. */
export async function readJson<T>(res: Response): Promise<T> {
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = (data as ApiErrorBody | null)?.error;
    throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText, e?.field ?? null);
  }
  return data as T;
}

/** Options of api(): method, JSON body, abort signal, and an Idempotency-Key for creating POSTs. */
export interface ApiInit {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Sent as Idempotency-Key (server/http/idempotency.ts): a retried or double-tapped create is answered
   * once. Pass `true` for a fresh random key, or a string kept by the caller across its own retries.
   */
  idempotencyKey?: string | true;
}

/** Call the JSON API on the same origin; throws ApiError with the server's stable code. */
export async function api<T>(path: string, init: ApiInit = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.idempotencyKey !== undefined) headers['idempotency-key'] = init.idempotencyKey === true ? crypto.randomUUID() : init.idempotencyKey;
  const res = await fetchSameOrigin(path, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  if (res.status === 204) return undefined as T;
  return readJson<T>(res);
}

/** Query string from the defined, non-empty values (false, null, undefined and '' are left out; true is sent as 1). */
export function queryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    q.set(k, v === true ? '1' : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Upload one image as the raw body (POST /api/uploads) → its sha256. */
export async function uploadImage(file: Blob): Promise<string> {
  const res = await fetchSameOrigin('/api/uploads', { method: 'POST', headers: { 'content-type': file.type || 'image/jpeg' }, body: file });
  const data = await readJson<UploadResponse | null>(res);
  if (!data?.sha256) throw new ApiError(res.status, `HTTP_${res.status}`, res.statusText);
  return data.sha256;
}

/** Translation key for an API error: errors.<CODE> when known, else errors.generic. */
export function errorKey(err: unknown, known: (key: string) => boolean): { key: string; detail: string } {
  if (err instanceof ApiError) {
    const key = `errors.${err.code}`;
    return { key: known(key) ? key : 'errors.generic', detail: err.message };
  }
  return { key: 'errors.generic', detail: err instanceof Error ? err.message : String(err) };
}
