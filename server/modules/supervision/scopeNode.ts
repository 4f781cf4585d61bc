import type { Actor } from '../../access/actor.ts';
import { actorCan, actorHasAction } from '../../access/access.ts';
import { AppError } from '../../errors.ts';
import type { Action } from '../../../shared/access/roles.ts';
import type { Executor } from '../../storage/db.ts';

/**
 * The territory node a supervision request is about, checked against the caller's scopes for `action`:
 * no such action anywhere → FORBIDDEN; a node that is missing or outside the scope → NOT_FOUND (alike).
 */
export async function requireScopeNode(db: Executor, actor: Actor, action: Action, code: string, field = 'scope'): Promise<{ code: string; path: string; name: string; level: string }> {
  if (!actorHasAction(actor, action)) throw new AppError('FORBIDDEN', `你的角色无权执行该操作 / your role may not ${action}`, field);
  const node = await db.selectFrom('territory_nodes').select(['code', 'path', 'name_zh', 'level']).where('code', '=', code).executeTakeFirst();
  if (!node || !actorCan(actor, action, [node.path])) throw new AppError('NOT_FOUND', 'territory node not found', field);
  return { code: node.code, path: node.path, name: node.name_zh, level: node.level };
}
