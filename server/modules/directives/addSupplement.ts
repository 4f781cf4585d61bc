import { uuidv7 } from 'uuidv7';
import { actorCan } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { DirectiveSupplementRow } from '../../storage/schema.ts';
import { levelOf } from './directive.ts';
import { findDirective, findNode, insertSupplement } from './directives.repository.ts';

export interface AddSupplementOptions {
  actor: Actor;
  now: Date;
  directiveId: string;
  unitCode: string;
  body: string;
}

/**
 * 补充要求: a unit the directive reached adds its own requirement; it travels with the directive to that
 * unit's subtree (everyone below sees it with the directive) and nowhere else.
 */
export async function addSupplement(trx: Trx, o: AddSupplementOptions) {
  levelOf(o.unitCode, 'unitCode');
  const directive = await findDirective(trx, o.directiveId);
  const unit = await findNode(trx, o.unitCode);
  if (!directive) throw notFound('directive');
  if (!unit || !actorCan(o.actor, 'directive.issue', [unit.path])) {
    if (unit && actorCan(o.actor, 'directive.read', [unit.path])) throw new AppError('FORBIDDEN', `unitCode: 您无权为 ${o.unitCode} 添加补充要求 / your role may not add requirements for this unit`, 'unitCode');
    throw notFound('directive');
  }
  if (!unit.path.startsWith(directive.issuing_path) || unit.path === directive.issuing_path) {
    throw new AppError('VALIDATION_FAILED', `unitCode: ${o.unitCode} 不是该指令的下级接收单位 / not a unit below the issuing unit`, 'unitCode');
  }
  const row: DirectiveSupplementRow = {
    id: uuidv7(),
    directive_id: directive.id,
    unit_code: unit.code,
    unit_path: unit.path,
    author_id: o.actor.id,
    author_name: o.actor.displayName,
    body: o.body,
    created_at: o.now.toISOString(),
  };
  await insertSupplement(trx, row);
  await appendAudit(trx, o.actor, { action: 'directive.supplement', recordType: 'directive', recordId: directive.id, after: { unitCode: unit.code, body: o.body } });
  return { id: row.id, unitCode: row.unit_code, authorName: row.author_name, body: row.body, createdAt: row.created_at };
}
