import { roleAllows, type Action, type Role } from '../../../shared/access/roles.ts';
import type { Actor } from '../../access/actor.ts';

/** What the central access check needs to know about one case. */
export interface CaseAccessFacts {
  territory_path: string;
  department_id: string | null;
}

/**
 * The actor's roles that apply to this case (scope covers the case's grid and, for department
 * assignments, the case is dispatched to that department) and carry `action`. The state machine then
 * decides which workflow actions those roles allow. Mirrors actorCan in server/access/access.ts.
 */
export function rolesOnCase(actor: Actor, facts: CaseAccessFacts, action: Action = 'case.act'): Role[] {
  const roles = new Set<Role>();
  for (const a of actor.assignments) {
    if (!roleAllows(a.role, action)) continue;
    if (!facts.territory_path.startsWith(a.scopePath)) continue;
    if (a.departmentId !== null && a.departmentId !== facts.department_id) continue;
    roles.add(a.role);
  }
  return [...roles];
}

/** Conditions for a scoped list query: territory prefixes, and (department, prefix) pairs for department assignments. */
export interface CaseListScope {
  paths: string[];
  departments: { departmentId: string; scopePath: string }[];
}

/**
 * The set-based form of the same rule, for lists: cases under `paths`, plus cases of a department the
 * actor serves (within that assignment's territory). Like scopePathsFor, but department-aware.
 */
export function caseListScope(actor: Actor, action: Action = 'case.read'): CaseListScope {
  const plain = actor.assignments.filter((a) => roleAllows(a.role, action) && a.departmentId === null).map((a) => a.scopePath);
  const paths = plain.filter((p) => !plain.some((q) => q !== p && p.startsWith(q)));
  const departments = actor.assignments
    .filter((a) => roleAllows(a.role, action) && a.departmentId !== null)
    .map((a) => ({ departmentId: a.departmentId!, scopePath: a.scopePath }));
  return { paths, departments };
}
