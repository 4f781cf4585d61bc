import { useCallback } from 'react';
import { usePick } from '../../i18n/usePick.ts';
import { ROLE_NAMES, ROLES, type Role } from '../../../../shared/access/roles.ts';

/** A role's name in the UI language; a role the client does not know is shown as its code. */
export function useRoleName(): (role: string) => string {
  const pick = usePick();
  return useCallback((role: string) => ((ROLES as readonly string[]).includes(role) ? pick(ROLE_NAMES[role as Role]) : role), [pick]);
}
