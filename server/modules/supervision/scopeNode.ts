import type { Actor } from '../../access/actor.ts';
import { actorHasAction, requireNode } from '../../access/access.ts';
import { AppError } from '../../errors.ts';
import type { Action } from '../../../shared/access/roles.ts';
import type { Executor } from '../../storage/db.ts';

/**
 * The territory node a supervision request is about, checked against the caller's scopes for `action`:
 * no such action anywhere → FORBIDDEN; otherwise the central requireNode (missing or out of scope → NOT_FOUND).
 */
export async function requireScopeNode(db: Executor, actor: Actor, action: Action, code: string, field = 'scope'): Promise<{ code: string; path: string; name: string; level: string }> {
  if (!actorHasAction(actor, action)) throw new AppError('FORBIDDEN', `你的角色无权执行该操作 / your role may not ${action}`, field);
  return requireNode(db, { actor, action, code, field });
}
