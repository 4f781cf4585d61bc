import { useCallback, useEffect, useState } from 'react';
import { fetchSameOrigin, readJson } from './api.ts';

/** GET a JSON endpoint; `offline` is true when the service worker answered from its read cache. */
export async function getCached<T>(path: string, signal?: AbortSignal): Promise<{ data: T; offline: boolean }> {
  const res = await fetchSameOrigin(path, { headers: { accept: 'application/json' }, signal: signal ?? null });
  return { data: await readJson<T>(res), offline: res.headers.get('x-wangge-offline') === '1' };
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
