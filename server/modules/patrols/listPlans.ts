import type { Actor } from '../../access/actor.ts';
import { requireNode } from '../../access/access.ts';
import type { Executor } from '../../storage/db.ts';

/**
 * 巡逻方案列表: the most recent shift plans made for a scope or any unit inside it, newest shift
 * first, with their headline quality figures (the full report comes with GET /api/patrols/plans/:id).
 */
export async function listPlans(db: Executor, o: { actor: Actor; scopeCode: string; limit: number }) {
  const node = await requireNode(db, { actor: o.actor, action: 'patrol.read', code: o.scopeCode });
  const rows = await db
    .selectFrom('patrol_plans')
    .leftJoin('users', 'users.id', 'patrol_plans.created_by')
    .select(['patrol_plans.id', 'patrol_plans.scope_code', 'patrol_plans.shift_start', 'patrol_plans.shift_end', 'patrol_plans.method', 'patrol_plans.seed', 'patrol_plans.required_visits', 'patrol_plans.planned_visits', 'patrol_plans.created_at', 'users.display_name'])
    .where('patrol_plans.territory_path', 'like', `${node.path}%`)
    .orderBy('patrol_plans.shift_start', 'desc')
    .orderBy('patrol_plans.created_at', 'desc')
    .limit(o.limit)
    .execute();
  return {
    plans: rows.map((r) => ({
      id: r.id,
      scopeCode: r.scope_code,
      shiftStart: r.shift_start,
      shiftEnd: r.shift_end,
      method: r.method,
      seed: r.seed,
      requiredVisits: r.required_visits,
      plannedVisits: r.planned_visits,
      coverage: r.required_visits === 0 ? 1 : r.planned_visits / r.required_visits,
      createdAt: r.created_at,
      createdBy: r.display_name ?? null,
    })),
  };
}
