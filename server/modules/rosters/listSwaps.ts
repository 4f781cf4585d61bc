import type { Executor } from '../../storage/db.ts';
import type { RosterUnitRow } from '../../storage/schema.ts';
import { assignmentsWithNames, listSwaps } from './rosters.repository.ts';

/** 换班申请列表: a unit's swap requests, newest first, each with both shifts and the people on them. */
export async function listUnitSwaps(db: Executor, o: { unit: RosterUnitRow; state?: 'pending' | 'approved' | 'denied' | undefined; limit?: number | undefined }) {
  const swaps = await listSwaps(db, o.unit.id, o.state, o.limit ?? 50);
  const shifts = new Map((await assignmentsWithNames(db, swaps.flatMap((s) => [s.assignment_id, s.with_assignment_id]))).map((a) => [a.id, a]));
  const shift = (id: string) => {
    const a = shifts.get(id);
    return a ? { id, userId: a.user_id, name: a.display_name, date: a.shift_date, shiftName: a.shift_name, role: a.role, startsAt: a.starts_at, endsAt: a.ends_at } : { id, userId: null, name: null, date: null, shiftName: null, role: null, startsAt: null, endsAt: null };
  };
  return {
    swaps: swaps.map((s) => ({
      id: s.id,
      // Written only as pending, then approved or denied (requestSwap, decideSwap, removeRosterAssignment).
      state: s.state as 'pending' | 'approved' | 'denied',
      reason: s.reason,
      requesterId: s.requester_id,
      requesterName: s.requester_name ?? null,
      createdAt: s.created_at,
      assignment: shift(s.assignment_id),
      withAssignment: shift(s.with_assignment_id),
      decidedBy: s.decided_by ? (s.decider_name ?? s.decided_by) : null,
      decidedAt: s.decided_at,
      decisionNote: s.decision_note,
    })),
  };
}
