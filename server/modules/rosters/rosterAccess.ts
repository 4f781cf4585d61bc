import { allowedIds, requireAccess } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { AppError } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import type { RosterUnitRow } from '../../storage/schema.ts';
import { findUnit } from './rosters.repository.ts';

/**
 * Access to a rostering unit, decided by the central check on the unit's territory path: roster.read
 * (or being a member of the unit: everyone reads their own unit) to see it, roster.manage to change it.
 * A unit the caller may not read answers NOT_FOUND, like a missing one.
 */
export async function requireUnit(db: Executor, actor: Actor, unitId: string, need: 'read' | 'manage'): Promise<RosterUnitRow> {
  try {
    await requireAccess(db, { actor, action: need === 'manage' ? 'roster.manage' : 'roster.read', resource: 'rosterUnit', ids: [unitId] });
  } catch (e) {
    if (e instanceof AppError && e.code === 'FORBIDDEN') throw new AppError('FORBIDDEN', 'your role may not manage this roster unit (duty officers, leaders and admins do)');
    throw e;
  }
  const unit = await findUnit(db, unitId);
  if (!unit) throw new AppError('NOT_FOUND', 'roster unit not found');
  return unit;
}

/** May the actor manage these units (roster.manage over each one's territory)? For `canManage` in lists. */
export async function manageableUnits(db: Executor, actor: Actor, unitIds: readonly string[]): Promise<Set<string>> {
  return allowedIds(db, { actor, action: 'roster.manage', resource: 'rosterUnit', ids: unitIds });
}
