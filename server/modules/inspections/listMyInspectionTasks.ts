import type { Actor } from '../../access/actor.ts';
import type { Executor } from '../../storage/db.ts';
import { presentTask } from './inspection.ts';
import { findTasksOfInspector } from './inspections.repository.ts';

/** 我的检查任务: tasks assigned to the caller, open first, with the plan's title, type and period. */
export async function listMyInspectionTasks(db: Executor, o: { actor: Actor; limit: number }) {
  if (o.actor.id === null) return [];
  const rows = await findTasksOfInspector(db, o.actor.id, o.limit);
  return rows.map((r) => ({
    ...presentTask(r),
    planTitle: r.plan_title,
    planKind: r.plan_kind as 'open' | 'covert',
    planStartsAt: new Date(r.plan_starts_at).toISOString(),
    planEndsAt: new Date(r.plan_ends_at).toISOString(),
  }));
}
