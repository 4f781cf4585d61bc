import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { manageableUnits } from './rosterAccess.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { RosterAssignmentRow, RosterUnitRow } from '../../storage/schema.ts';
import { shiftHasStarted } from '../../../shared/rosters/model.ts';
import { findAssignment } from './rosters.repository.ts';
import type { SwapBody } from '../../../shared/rosters/wire.ts';

/** A shift that has begun is history: it can no longer be exchanged (SHIFT_STARTED naming which one). */
export function refuseStarted(mine: RosterAssignmentRow, theirs: RosterAssignmentRow, now: Date): void {
  for (const [a, field] of [[mine, 'assignmentId'], [theirs, 'withAssignmentId']] as const) {
    if (shiftHasStarted(a.starts_at, now.getTime())) {
      throw new AppError('SHIFT_STARTED', `${a.shift_date} 的班次已于 ${a.starts_at} 开始，不能换班 / the shift of ${a.shift_date} started at ${a.starts_at}`, field, { startsAt: a.starts_at });
    }
  }
}

/** 换班申请: the holder of an assignment (or a manager) asks to exchange it with another person's in the same unit. */
export async function requestSwap(trx: Trx, o: SwapBody & { actor: Actor; unit: RosterUnitRow; now: Date }) {
  const mine = await findAssignment(trx, o.assignmentId);
  const theirs = await findAssignment(trx, o.withAssignmentId);
  if (!mine || mine.unit_id !== o.unit.id) throw new AppError('NOT_FOUND', 'assignment not found', 'assignmentId');
  if (!theirs || theirs.unit_id !== o.unit.id) throw new AppError('NOT_FOUND', 'assignment not found', 'withAssignmentId');
  if (mine.user_id === theirs.user_id) throw new AppError('VALIDATION_FAILED', 'a swap needs two different people', 'withAssignmentId');
  if (mine.user_id !== o.actor.id && !(await manageableUnits(trx, o.actor, [o.unit.id])).has(o.unit.id)) {
    throw new AppError('FORBIDDEN', 'only the person on the shift (or a roster manager) may ask to swap it');
  }
  refuseStarted(mine, theirs, o.now);
  const row = {
    id: uuidv7(), unit_id: o.unit.id, requester_id: o.actor.id ?? 'system', assignment_id: mine.id, with_assignment_id: theirs.id,
    state: 'pending', reason: o.reason ?? null, decided_by: null, decided_at: null, decision_note: null, created_at: o.now.toISOString(),
  };
  await trx.insertInto('roster_swap_requests').values(row).execute();
  await appendAudit(trx, o.actor, { action: 'roster.swap.request', recordType: 'roster_swap', recordId: row.id, after: row });
  return { id: row.id, state: 'pending' as const, assignmentId: mine.id, withAssignmentId: theirs.id };
}
