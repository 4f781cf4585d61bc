import type { Action, Role } from '../../../shared/access/roles.ts';
import { departmentScopeFor, rolesOver, type DepartmentScope } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';

/** What the central access check needs to know about one case. */
export interface CaseAccessFacts {
  territory_path: string;
  department_id: string | null;
}

/**
 * The actor's roles that apply to this case (scope covers the case's grid and, for department
 * assignments, the case is dispatched to that department) and carry `action`. The state machine then
 * decides which workflow actions those roles allow. The rule itself is the central one (rolesOver).
 */
export function rolesOnCase(actor: Actor, facts: CaseAccessFacts, action: Action = 'case.act'): Role[] {
  return rolesOver(actor, action, [facts.territory_path], facts.department_id);
}

/** Conditions for a scoped list query: territory prefixes, and (department, prefix) pairs for department assignments. */
export type CaseListScope = DepartmentScope;

/** The set-based form of the same rule, for case lists (central departmentScopeFor). */
export function caseListScope(actor: Actor, action: Action = 'case.read'): CaseListScope {
  return departmentScopeFor(actor, action);
}
