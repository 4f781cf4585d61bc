import { allowedIds, requireAccess } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { notFound } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import type { DirectiveView } from '../../../shared/directives/wire.ts';
import { presentDirective } from './directive.ts';
import { findAllSupplements, findDirective, findPersonDeliveries, findSupplementsFor } from './directives.repository.ts';

/**
 * One directive as the caller may see it: a recipient sees it with the 补充要求 added on the way down
 * to their units and their own delivery state; the issuing side (roll-up rights at or above the issuing
 * unit) sees every supplement. Anyone else gets NOT_FOUND.
 */
export async function getDirective(db: Executor, o: { actor: Actor; directiveId: string }): Promise<DirectiveView> {
  await requireAccess(db, { actor: o.actor, action: 'directive.read', resource: 'directive', ids: [o.directiveId] });
  const row = await findDirective(db, o.directiveId);
  if (!row) throw notFound('directive');
  const mine = o.actor.id ? await findPersonDeliveries(db, row.id, o.actor.id) : [];
  const ids = [row.id];
  const issuingSide = (await allowedIds(db, { actor: o.actor, action: 'directive.rollup', resource: 'directive', ids })).has(row.id)
    || (await allowedIds(db, { actor: o.actor, action: 'directive.issue', resource: 'directive', ids })).has(row.id);
  const supplements = issuingSide ? await findAllSupplements(db, row.id) : await findSupplementsFor(db, row.id, mine.map((d) => d.territory_path));
  return {
    directive: presentDirective(row, supplements),
    myDeliveries: mine.map((d) => ({ unitCode: d.unit_code, role: d.role, deliveredAt: d.delivered_at, signedAt: d.signed_at, reportedAt: d.reported_at, reportText: d.report_text })),
  };
}
