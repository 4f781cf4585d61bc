import { useSession } from '../../lib/session.tsx';

/** Roles that may issue directives and add 补充要求 (server: directive.issue). */
const ISSUING_ROLES = new Set(['leader', 'duty_officer']);

/** The units where the signed-in person may issue: [code, name] pairs, one per unit. */
export function useIssuingUnits(): [string, string][] {
  const { me } = useSession();
  return [...new Map(me.roles.filter((r) => ISSUING_ROLES.has(r.role)).map((r) => [r.scopeCode, r.scopeName ?? r.scopeCode])).entries()];
}
