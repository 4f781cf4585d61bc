import { AppError } from '../errors.ts';
import { roleAllows, type Action } from '../../shared/access/roles.ts';
import type { Actor } from './actor.ts';
import type { Executor } from '../storage/db.ts';
import { RESOURCES, type ResourceType } from './resources.ts';

/**
 * The one place that decides who may do what where (属地管理).
 * A record is inside an assignment's scope when one of its territory paths starts with the
 * assignment's scope path; the assignment's role must carry the action.
 */
export function actorCan(actor: Actor, action: Action, recordPaths: readonly string[], recordDepartment?: string | null): boolean {
  for (const a of actor.assignments) {
    if (!roleAllows(a.role, action)) continue;
    // Records that belong to a department (cases): a department assignment (职能部门) reaches only that department's records.
    if (recordDepartment !== undefined && a.departmentId !== null && a.departmentId !== recordDepartment) continue;
    for (const p of recordPaths) if (p.startsWith(a.scopePath)) return true;
  }
  return false;
}

/** Does the actor hold this action anywhere at all? (for hiding whole features in the UI) */
export function actorHasAction(actor: Actor, action: Action): boolean {
  return actor.assignments.some((a) => roleAllows(a.role, action));
}

/** Scope paths under which the actor may perform the action: for building scoped list queries. */
export function scopePathsFor(actor: Actor, action: Action): string[] {
  const paths = actor.assignments.filter((a) => roleAllows(a.role, action)).map((a) => a.scopePath);
  // Drop paths nested inside another: fewer OR terms, same meaning.
  return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
}

export interface AccessRequest {
  actor: Actor;
  action: Action;
  resource: ResourceType;
  ids: readonly string[];
}

/**
 * Bulk check: returns the subset of ids the actor may perform the action on.
 * Ids that do not exist are simply absent — callers cannot tell missing from forbidden.
 */
export async function allowedIds(db: Executor, req: AccessRequest): Promise<Set<string>> {
  const resource = RESOURCES[req.resource];
  const paths = await resource.pathsOf(db, req.ids);
  const departments = resource.departmentsOf ? await resource.departmentsOf(db, req.ids) : null;
  const allowed = new Set<string>();
  for (const [id, recordPaths] of paths) {
    if (resource.selfAccess?.(req.actor, id, req.action)) allowed.add(id);
    else if (actorCan(req.actor, req.action, recordPaths, departments ? (departments.get(id) ?? null) : undefined)) allowed.add(id);
  }
  return allowed;
}

/**
 * Throws unless the actor may perform the action on every id. A record the actor may not even
 * read answers NOT_FOUND (indistinguishable from missing); a readable one the role may not act
 * on answers FORBIDDEN.
 */
export async function requireAccess(db: Executor, req: AccessRequest): Promise<void> {
  const resource = RESOURCES[req.resource];
  const allowed = await allowedIds(db, req);
  const denied = req.ids.filter((id) => !allowed.has(id));
  if (denied.length === 0) return;
  if (req.action !== resource.readAction) {
    const readable = await allowedIds(db, { ...req, action: resource.readAction, ids: denied });
    if (readable.size === denied.length) {
      throw new AppError('FORBIDDEN', `your role may not ${req.action} this ${resource.label}`);
    }
  }
  throw new AppError('NOT_FOUND', `${resource.label} not found`);
}
