import { useEffect, useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';
import { recall, remember } from '../offline.ts';

/**
 * A read that works offline: online it asks the server and remembers the answer for this person;
 * without an answer (offline) it shows the remembered copy and says so.
 */
export function useRemembered<T>(path: string | null, what: string, refreshKey: unknown): { data: T | null; offline: boolean; error: unknown; loading: boolean } {
  const { me } = useSession();
  const [state, setState] = useState<{ data: T | null; offline: boolean; error: unknown; loading: boolean }>(() => ({ data: recall<T>(me.id, what), offline: false, error: null, loading: true }));
  useEffect(() => {
    if (!path) return;
    let live = true;
    const cached = recall<T>(me.id, what);
    if (!navigator.onLine) {
      setState({ data: cached, offline: true, error: null, loading: false });
      return;
    }
    api<T>(path).then(
      (data) => {
        remember(me.id, what, data);
        if (live) setState({ data, offline: false, error: null, loading: false });
      },
      (error: unknown) => {
        if (!live) return;
        const network = error instanceof ApiError && error.code === 'NETWORK';
        setState({ data: cached, offline: network, error: network && cached ? null : error, loading: false });
      },
    );
    return () => {
      live = false;
    };
  }, [path, what, me.id, refreshKey]);
  return state;
}
