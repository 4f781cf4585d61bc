import type { Actor } from '../../access/actor.ts';
import { requireNode } from '../../access/access.ts';
import { AppError } from '../../errors.ts';
import type { Action } from '../../../shared/access/roles.ts';
import type { Executor } from '../../storage/db.ts';
import { caseListScope, type CaseListScope } from './caseAccess.ts';

/**
 * The caller's scope for a KPI or export request: their `action` scopes (the case module's list rule)
 * narrowed to the optional `scope` node. No such action anywhere → FORBIDDEN; the node through the
 * central requireNode (outside the scope answers NOT_FOUND, like a missing one).
 */
export async function resolveScope(db: Executor, actor: Actor, action: Action, scopeCode: string | undefined): Promise<{ scope: CaseListScope; prefix: string }> {
  const scope = caseListScope(actor, action);
  if (scope.paths.length === 0 && scope.departments.length === 0) {
    throw new AppError('FORBIDDEN', action === 'kpi.read' ? '你的角色无权查看考核指标 / your role may not read KPIs' : '你的角色无权查看案件 / your role may not read cases');
  }
  if (!scopeCode) return { scope, prefix: '' };
  const node = await requireNode(db, { actor, action, code: scopeCode, field: 'scope' });
  return { scope, prefix: node.path };
}
