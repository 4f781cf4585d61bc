import type { Executor } from '../../storage/db.ts';
import { listOnDutyAt } from './rosters.repository.ts';

/** 当前在岗: who is on duty at an instant, in one unit or in every unit under a territory path. */
export async function listOnDuty(db: Executor, o: { at: Date; unitId?: string; pathPrefix?: string }) {
  const filter = o.unitId !== undefined ? { unitId: o.unitId } : { pathPrefix: o.pathPrefix ?? '' };
  const rows = await listOnDutyAt(db, o.at.toISOString(), filter);
  return {
    at: o.at.toISOString(),
    onDuty: rows.map((r) => ({
      assignmentId: r.id, unitId: r.unit_id, unitName: r.unit_name, shiftName: r.shift_name, role: r.role,
      userId: r.user_id, name: r.display_name, startsAt: r.starts_at, endsAt: r.ends_at,
    })),
  };
}
