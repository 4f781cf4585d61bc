import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { RosterSwapRequestRow, RosterUnitRow } from '../../storage/schema.ts';
import { findAssignment } from './rosters.repository.ts';
import { loadUnitProblem, newViolations } from './rosterProblem.ts';
import { refuseStarted } from './requestSwap.ts';
import { dayOfDate, formatDate } from '../../../shared/rosters/model.ts';
import type { DecideBody } from '../../../shared/rosters/wire.ts';

/**
 * Approve or deny a swap (换班审批) as the unit's duty officer or leader. Approval re-checks the
 * roster as it is now (it may have changed since the request): a swap that would break a rule is
 * refused with the violations, and the request stays pending so it can be denied. A swap whose shift
 * has started by then is refused with SHIFT_STARTED (also pending, to be denied).
 */
export async function decideSwap(trx: Trx, o: DecideBody & { actor: Actor; unit: RosterUnitRow; swap: RosterSwapRequestRow; now: Date }) {
  if (o.swap.state !== 'pending') throw new AppError('INVALID_TRANSITION', `swap request is already ${o.swap.state}`);
  const a = await findAssignment(trx, o.swap.assignment_id);
  const b = await findAssignment(trx, o.swap.with_assignment_id);
  if (o.decision === 'approve') {
    if (!a || !b) throw new AppError('CONFLICT', '换班涉及的班次已被删除 / one of the shifts no longer exists');
    // Approval happens now: a shift that began since the request can no longer change hands.
    refuseStarted(a, b, o.now);
    const days = [a.shift_date, b.shift_date].map(dayOfDate).sort((x, y) => x - y);
    const loaded = await loadUnitProblem(trx, o.unit, formatDate(days[0]! - 7), formatDate(days[1]! + 7));
    const after = loaded.assignments.map((x) =>
      x.id === a.id ? { ...x, personId: b.user_id } : x.id === b.id ? { ...x, personId: a.user_id } : x,
    );
    const violations = newViolations(loaded.problem, loaded.assignments, after);
    if (violations.length > 0) {
      throw new AppError('CONFLICT', `换班违反规则 / the swap breaks roster rules: ${violations.map((v) => v.messageZh).join('；')}`, undefined, { violations });
    }
    await trx.updateTable('roster_assignments').set({ user_id: b.user_id, source: 'swap' }).where('id', '=', a.id).execute();
    await trx.updateTable('roster_assignments').set({ user_id: a.user_id, source: 'swap' }).where('id', '=', b.id).execute();
  }
  const state = o.decision === 'approve' ? ('approved' as const) : ('denied' as const);
  const change = { state, decided_by: o.actor.id, decided_at: o.now.toISOString(), decision_note: o.note ?? null };
  await trx.updateTable('roster_swap_requests').set(change).where('id', '=', o.swap.id).execute();
  await appendAudit(trx, o.actor, { action: `roster.swap.${o.decision}`, recordType: 'roster_swap', recordId: o.swap.id, before: { state: o.swap.state }, after: change });
  return { id: o.swap.id, state };
}
