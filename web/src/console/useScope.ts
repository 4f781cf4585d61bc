import { useState } from 'react';
import { useSession } from '../lib/session.tsx';

/** The territory scopes this person holds (one per distinct assignment scope) and the chosen one. */
export function useScopes() {
  const { me } = useSession();
  const scopes = [...new Map(me.roles.map((r) => [r.scopeCode, { code: r.scopeCode, name: r.scopeName ?? r.scopeCode }])).values()];
  const [code, setCode] = useState<string | null>(scopes[0]?.code ?? null);
  return { scopes, code, setCode };
}
