import { createContext, useContext } from 'react';
import type { Me } from './types.ts';

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

/** Remember (or forget) that this browser holds a session. */
export function setSessionHint(on: boolean): void {
  try {
    if (on) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch {
    // storage blocked: the next load asks the server
  }
}
