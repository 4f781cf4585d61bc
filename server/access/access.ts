import { AppError } from '../errors.ts';
import { roleAllows, type Action, type Role } from '../../shared/access/roles.ts';
import type { Actor } from './actor.ts';
import type { Executor } from '../storage/db.ts';
import { deploymentPath, RESOURCES, type ResourceDef, type ResourceType } from './resources.ts';

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

/**
 * The actor's roles whose assignment carries `action` over one of `recordPaths` (and, for department
 * assignments, the record's department): the same rule as actorCan, for callers that need to know
 * which roles apply (the case state machine decides workflow actions by role).
 */
export function rolesOver(actor: Actor, action: Action, recordPaths: readonly string[], recordDepartment: string | null): Role[] {
  const roles = new Set<Role>();
  for (const a of actor.assignments) {
    if (!roleAllows(a.role, action)) continue;
    if (a.departmentId !== null && a.departmentId !== recordDepartment) continue;
    if (recordPaths.some((p) => p.startsWith(a.scopePath))) roles.add(a.role);
  }
  return [...roles];
}

/** Conditions for a scoped list of department-owned records: territory prefixes, and (department, prefix) pairs. */
export interface DepartmentScope {
  paths: string[];
  departments: { departmentId: string; scopePath: string }[];
}

/**
 * Department-aware scopePathsFor, for lists of department-owned records (cases): records under
 * `paths`, plus records of a department the actor serves within that assignment's territory.
 */
export function departmentScopeFor(actor: Actor, action: Action): DepartmentScope {
  const plain = actor.assignments.filter((a) => roleAllows(a.role, action) && a.departmentId === null).map((a) => a.scopePath);
  const paths = plain.filter((p) => !plain.some((q) => q !== p && p.startsWith(q)));
  const departments = actor.assignments
    .filter((a) => roleAllows(a.role, action) && a.departmentId !== null)
    .map((a) => ({ departmentId: a.departmentId!, scopePath: a.scopePath }));
  return { paths, departments };
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
  /** The request's clock (time-bounded grants: one's own unreferenced upload). Defaults to now. */
  now?: Date;
}

/** Does one of the actor's assignments carry `action` over one of `paths` (or, reachingDown, below one)? */
function matches(actor: Actor, action: Action, paths: readonly string[], department: string | null | undefined, reachesDown: boolean): boolean {
  if (actorCan(actor, action, paths, department)) return true;
  if (!reachesDown) return false;
  return actor.assignments.some((a) => roleAllows(a.role, action) && paths.some((p) => a.scopePath.startsWith(p)));
}

/**
 * Bulk check: returns the subset of ids the actor may perform the action on.
 * Ids that do not exist are simply absent — callers cannot tell missing from forbidden.
 * The default grants nothing: an unregistered resource, or an action no rule names, allows no id.
 */
export async function allowedIds(db: Executor, req: AccessRequest): Promise<Set<string>> {
  const allowed = new Set<string>();
  if (!Object.hasOwn(RESOURCES, req.resource) || req.ids.length === 0) return allowed;
  const resource: ResourceDef = RESOURCES[req.resource];
  const now = req.now ?? new Date();
  const paths = await resource.pathsOf(db, req.ids);
  if (paths.size === 0) return allowed;
  const existing = [...paths.keys()];
  const personal = resource.personal ? await resource.personal(db, req.actor, existing, req.action, now) : new Set<string>();
  if (resource.referencedBy) {
    // Derived record: only ever read, and readable when a record referencing it is (each with its own read rule).
    if (req.action !== resource.readAction) return allowed;
    const refs = await resource.referencedBy(db, existing);
    const byType = new Map<ResourceType, Set<string>>();
    for (const list of refs.values()) for (const r of list) (byType.get(r.resource) ?? byType.set(r.resource, new Set()).get(r.resource)!).add(r.id);
    const readable = new Map<ResourceType, Set<string>>();
    for (const [type, ids] of byType) {
      readable.set(type, await allowedIds(db, { actor: req.actor, action: RESOURCES[type].readAction, resource: type, ids: [...ids], now }));
    }
    for (const id of existing) {
      const list = refs.get(id) ?? [];
      // One's own upload (inside its window) stays one's own: the uploader had the bytes anyway.
      if (personal.has(id) || list.some((r) => readable.get(r.resource)?.has(r.id))) allowed.add(id);
    }
    return allowed;
  }
  const departments = resource.departmentsOf ? await resource.departmentsOf(db, existing) : null;
  const granting = resource.grantedBy?.[req.action] ?? [req.action];
  for (const [id, recordPaths] of paths) {
    if (personal.has(id) || resource.selfAccess?.(req.actor, id, req.action)) {
      allowed.add(id);
      continue;
    }
    const department = departments ? (departments.get(id) ?? null) : undefined;
    const grants = (paths: readonly string[]) => granting.some((action) => matches(req.actor, action, paths, department, resource.reachesDown === true));
    const ok = resource.coverAll?.includes(req.action)
      ? recordPaths.length > 0 && recordPaths.every((p) => grants([p]))
      : grants(recordPaths);
    if (ok) allowed.add(id);
  }
  return allowed;
}

/**
 * Throws unless the actor may perform the action on every id. A record the actor may not even
 * read answers NOT_FOUND (indistinguishable from missing); a readable one the role may not act
 * on answers FORBIDDEN.
 */
export async function requireAccess(db: Executor, req: AccessRequest): Promise<void> {
  if (!Object.hasOwn(RESOURCES, req.resource)) throw new AppError('NOT_FOUND', 'not found');
  const resource: ResourceDef = RESOURCES[req.resource];
  const allowed = await allowedIds(db, req);
  const denied = req.ids.filter((id) => !allowed.has(id));
  if (denied.length === 0) return;
  if (req.action !== resource.readAction) {
    const readable = await allowedIds(db, { ...req, action: resource.readAction, ids: denied });
    if (denied.every((id) => readable.has(id))) {
      throw new AppError('FORBIDDEN', `your role may not ${req.action} this ${resource.label}`);
    }
  }
  throw new AppError('NOT_FOUND', `${resource.label} not found`);
}

/**
 * For creating deployment-wide records (an Open311 key): the action must be held over the whole
 * deployment (deploymentPath). Holding it only somewhere below answers FORBIDDEN; not at all, NOT_FOUND.
 */
export async function requireDeploymentAccess(db: Executor, o: { actor: Actor; action: Action; label: string }): Promise<void> {
  if (actorCan(o.actor, o.action, [await deploymentPath(db)])) return;
  if (actorHasAction(o.actor, o.action)) throw new AppError('FORBIDDEN', `your scope does not cover the whole deployment: you may not ${o.action} this ${o.label}`);
  throw new AppError('NOT_FOUND', `${o.label} not found`);
}

/** A territory node as requireNode returns it. */
export interface ScopeNode {
  code: string;
  path: string;
  name: string;
  level: string;
}

/**
 * The one "territory node by code" check (every route or use case that takes a unit/scope code uses
 * it): a node that is missing or outside every scope of the actor answers 404 NOT_FOUND, alike; a node
 * the actor can see (territory.read) whose role there lacks `action` answers 403 FORBIDDEN.
 * `field` names the request field in the error.
 */
export async function requireNode(db: Executor, o: { actor: Actor; action: Action; code: string; field?: string }): Promise<ScopeNode> {
  const field = o.field ?? 'scope';
  const node = await db.selectFrom('territory_nodes').select(['code', 'path', 'name_zh', 'level']).where('code', '=', o.code).executeTakeFirst();
  if (!node || !actorCan(o.actor, RESOURCES.territory.readAction, [node.path])) {
    throw new AppError('NOT_FOUND', 'territory node not found', field);
  }
  if (!actorCan(o.actor, o.action, [node.path])) {
    throw new AppError('FORBIDDEN', `${field}: 您的角色无权在该单位执行此操作 / your role may not ${o.action} at ${o.code}`, field);
  }
  return { code: node.code, path: node.path, name: node.name_zh, level: node.level };
}
