import { AppError } from '../errors.ts';
import { roleAllows, type Action } from '../../shared/access/roles.ts';
import type { Actor } from './actor.ts';
import type { Executor } from '../storage/db.ts';
import { RESOURCES, type Ref, type ResourceDef, type ResourceType } from './resources.ts';

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
    // Derived record: readable when a record referencing it is readable (each with its own read rule).
    const refs = req.action === resource.readAction ? await resource.referencedBy(db, existing) : new Map<string, Ref[]>();
    const byType = new Map<ResourceType, Set<string>>();
    for (const list of refs.values()) for (const r of list) (byType.get(r.resource) ?? byType.set(r.resource, new Set()).get(r.resource)!).add(r.id);
    const readable = new Map<ResourceType, Set<string>>();
    for (const [type, ids] of byType) {
      readable.set(type, await allowedIds(db, { actor: req.actor, action: RESOURCES[type].readAction, resource: type, ids: [...ids], now }));
    }
    for (const id of existing) {
      const list = refs.get(id) ?? [];
      if (list.some((r) => readable.get(r.resource)?.has(r.id))) allowed.add(id);
      // Only an upload nobody references yet is its uploader's alone.
      else if (list.length === 0 && personal.has(id)) allowed.add(id);
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
    if (granting.some((action) => matches(req.actor, action, recordPaths, department, resource.reachesDown === true))) allowed.add(id);
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
