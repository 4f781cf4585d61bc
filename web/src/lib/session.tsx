import { createContext, useContext } from 'react';
import type { MeView as Me } from '../../../shared/people/wire.ts';
import { forgetOfflineReads } from './serviceWorker.ts';

/** The signed-in person and the session actions every face needs. */
export interface Session {
  me: Me;
  logout: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

/** The current session; only used under a face, where a person is always signed in. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in face');
  return s;
}

/** The scope a person works in: the first assignment's territory (the server lists the widest first). */
export function primaryScope(me: Me): { code: string; name: string } | null {
  const r = me.roles[0];
  return r ? { code: r.scopeCode, name: r.scopeName ?? r.scopeCode } : null;
}

/** Faces this person may open by path; the one they land on comes first. */
export function allowedFaces(me: Me): string[] {
  switch (me.face) {
    case 'admin':
      return ['admin', 'console', 'field'];
    case 'field':
      return ['field'];
    default:
      return ['console'];
  }
}

/** Where a face lives; the handler face shares the console shell until cases arrive. */
export function faceHome(me: Me): string {
  return me.face === 'field' ? '/field' : me.face === 'admin' ? '/admin' : '/console';
}

const HINT = 'wangge.signedIn';

/** Whether this browser signed in before (the cookie itself is HttpOnly and invisible here). */
export function hasSessionHint(): boolean {
  try {
    return localStorage.getItem(HINT) === '1';
  } catch {
    return true; // storage blocked: ask the server
  }
}

/**
 * localStorage prefixes of per-person offline copies (the 通知 inbox, opened directives, campaign lists
 * and daily-report status: web/src/directives/offline.ts). They go when the session ends, like the
 * service worker's read cache, so the next person on a shared phone finds nothing of the last one's.
 */
export const PERSONAL_STORAGE_PREFIXES = ['wangge.notices.'] as const;

/** Drop every per-person offline copy kept in localStorage. */
export function forgetPersonalStorage(storage: Storage = localStorage): void {
  try {
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const k = storage.key(i);
      if (k && PERSONAL_STORAGE_PREFIXES.some((p) => k.startsWith(p))) keys.push(k);
    }
    for (const k of keys) storage.removeItem(k);
  } catch {
    // storage blocked: nothing was stored either
  }
}

/** Remember (or forget) that this browser holds a session; forgetting (logout, 401) also drops personal offline copies. */
export function setSessionHint(on: boolean): void {
  try {
    if (on) localStorage.setItem(HINT, '1');
    else {
      localStorage.removeItem(HINT);
      forgetPersonalStorage();
    }
  } catch {
    // storage blocked: the next load asks the server
  }
  // The service worker's offline copies of API reads go too (they may hold the person's cases).
  if (!on) forgetOfflineReads();
}
