import { actorCan } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { AppError } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import type { RosterUnitRow } from '../../storage/schema.ts';
import { findUnit, isMember } from './rosters.repository.ts';

/**
 * Access to a rostering unit, decided by the central check on the unit's territory path: roster.read
 * (or being a member of the unit: everyone reads their own unit) to see it, roster.manage to change it.
 * A unit the caller may not read answers NOT_FOUND, like a missing one.
 */
export async function requireUnit(db: Executor, actor: Actor, unitId: string, need: 'read' | 'manage'): Promise<RosterUnitRow> {
  const unit = await findUnit(db, unitId);
  if (!unit) throw new AppError('NOT_FOUND', 'roster unit not found');
  const paths = [unit.territory_path];
  const canRead = actorCan(actor, 'roster.read', paths) || (actor.id !== null && (await isMember(db, unitId, actor.id)) !== undefined);
  if (!canRead && !actorCan(actor, 'roster.manage', paths)) throw new AppError('NOT_FOUND', 'roster unit not found');
  if (need === 'manage' && !actorCan(actor, 'roster.manage', paths)) {
    throw new AppError('FORBIDDEN', 'your role may not manage this roster unit (duty officers, leaders and admins do)');
  }
  return unit;
}
