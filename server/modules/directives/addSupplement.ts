import { uuidv7 } from 'uuidv7';
import { requireAccess, requireNode } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { DirectiveSupplementRow } from '../../storage/schema.ts';
import type { AddSupplementBody, Supplement } from '../../../shared/directives/wire.ts';
import { levelOf, presentSupplement } from './directive.ts';
import { findDirective, insertSupplement } from './directives.repository.ts';

/** The supplement body as validated, plus who adds it, when, and to which directive. */
export type AddSupplementOptions = AddSupplementBody & { actor: Actor; now: Date; directiveId: string };

/**
 * 补充要求: a unit the directive reached adds its own requirement; it travels with the directive to that
 * unit's subtree (everyone below sees it with the directive) and nowhere else.
 */
export async function addSupplement(trx: Trx, o: AddSupplementOptions): Promise<Supplement> {
  levelOf(o.unitCode, 'unitCode');
  // A directive the caller may not read answers 404 exactly like a missing one (issue #12, finding 11);
  // only then is the unit checked: one they cannot see is 404, one where their role may not issue is 403.
  await requireAccess(trx, { actor: o.actor, action: 'directive.read', resource: 'directive', ids: [o.directiveId] });
  const directive = await findDirective(trx, o.directiveId);
  if (!directive) throw notFound('directive');
  const unit = await requireNode(trx, { actor: o.actor, action: 'directive.issue', code: o.unitCode, field: 'unitCode' });
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
  return presentSupplement(row);
}
