import { useCallback, useEffect, useState } from 'react';
import { ApiError, type ApiErrorBody } from './api.ts';

/** GET a JSON endpoint; `offline` is true when the service worker answered from its read cache. */
export async function getCached<T>(path: string, signal?: AbortSignal): Promise<{ data: T; offline: boolean }> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' }, signal: signal ?? null });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', (err as Error).message);
  }
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
  return { data: data as T, offline: res.headers.get('x-wangge-offline') === '1' };
}

/**
 * Like useApi, for the field app's reads: offline, the service worker answers with the last good copy
 * and `offline` says so, so the page can show 离线数据 instead of an error.
 */
export function useCachedApi<T>(path: string | null): { data: T | null; error: unknown; loading: boolean; offline: boolean; reload: () => void } {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean; offline: boolean }>({ data: null, error: null, loading: path !== null, offline: false });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) {
      setState({ data: null, error: null, loading: false, offline: false });
      return;
    }
    const ctrl = new AbortController();
    setState((s) => ({ ...s, error: null, loading: true }));
    getCached<T>(path, ctrl.signal).then(
      ({ data, offline }) => setState({ data, error: null, loading: false, offline }),
      (error: unknown) => {
        if ((error as Error).name !== 'AbortError') setState((s) => ({ data: s.data, error, loading: false, offline: s.offline }));
      },
    );
    return () => ctrl.abort();
  }, [path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
