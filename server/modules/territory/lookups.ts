import type { Actor } from '../../access/actor.ts';
import { actorHasAction, requireNode } from '../../access/access.ts';
import { AppError } from '../../errors.ts';
import type { Action } from '../../../shared/access/roles.ts';
import type { Executor } from '../../storage/db.ts';
import { CODE_LENGTH, LEVELS, pathOfCode } from '../../../shared/territory/codes.ts';

/** Territory lookups other modules share (they never read another module's repository). */
export { findNodeNames, findNodeSummary } from './territory.repository.ts';

/**
 * The territory node a request is about (supervision, inspections), checked against the caller's scopes for `action`:
 * no such action anywhere → FORBIDDEN; otherwise the central requireNode (missing or out of scope → NOT_FOUND).
 */
export async function requireScopeNode(db: Executor, actor: Actor, action: Action, code: string, field = 'scope'): Promise<{ code: string; path: string; name: string; level: string }> {
  if (!actorHasAction(actor, action)) throw new AppError('FORBIDDEN', `你的角色无权执行该操作 / your role may not ${action}`, field);
  return requireNode(db, { actor, action, code, field });
}

/** Path lengths of every level, shallowest first ('32/' = 3 … a grid's). */
export const LEVEL_PATH_LENGTHS: readonly number[] = LEVELS.map((l) => pathOfCode('1'.repeat(CODE_LENGTH[l])).length);

/**
 * The prefixes of a unit path at every level down to the path itself ('32/3201/' → ['32/', '32/3201/']):
 * every '/'-terminated prefix, which for a path built by pathOfCode are exactly the level paths.
 */
export function ancestorPaths(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) out.push(path.slice(0, i + 1));
  return out;
}
