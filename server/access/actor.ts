import type { Role } from '../../shared/access/roles.ts';

/** One role held by a person over one territory subtree (and, for handlers, a department). */
export interface Assignment {
  role: Role;
  scopeCode: string;
  /** Materialised path of the scope node: records whose path starts with it are inside the scope. */
  scopePath: string;
  departmentId: string | null;
}

/** Who is acting: resolved once per request (or CLI invocation) and passed to use cases. */
export interface Actor {
  id: string | null;
  username: string;
  displayName: string;
  assignments: Assignment[];
  sourceIp: string | null;
  via: 'session' | 'token' | 'cli' | 'system' | 'public';
}

/** The actor for command-line and job work: full powers, recorded as such in the audit log. */
export function systemActor(label = 'system', via: Actor['via'] = 'system'): Actor {
  return {
    id: null,
    username: label,
    displayName: label,
    assignments: [{ role: 'admin', scopeCode: '', scopePath: '', departmentId: null }],
    sourceIp: null,
    via,
  };
}

/** Anonymous resident on the public portal. */
export function publicActor(sourceIp: string | null): Actor {
  return { id: null, username: 'public', displayName: '公众', assignments: [], sourceIp, via: 'public' };
}
