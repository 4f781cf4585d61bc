import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { requireAccess } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Executor, Trx } from '../../storage/db.ts';
import type { InspectionPlanRow, InspectionTaskRow } from '../../storage/schema.ts';
import { belongsToTarget, InspectorPicker } from './independence.ts';
import { loadReadablePlan, presentTask, resolveTarget } from './inspection.ts';
import { insertTasks } from './inspections.repository.ts';
import type { TargetKind } from './inspections.schemas.ts';

export interface TaskInput {
  targetKind: TargetKind;
  targetId: string;
  inspectorId: string | null;
}

/**
 * Build task rows for a plan: each target looked up inside the plan's scope, each inspector checked
 * against the independence rule (回避: never from the inspected grid or unit) or picked automatically
 * (least-loaded independent 督查员; none eligible → unassigned). Errors name `${field}.${i}.…`.
 */
export async function buildTasks(db: Executor, plan: Pick<InspectionPlanRow, 'id' | 'territory_path'>, tasks: readonly TaskInput[], nowIso: string, field = 'tasks'): Promise<InspectionTaskRow[]> {
  if (tasks.length === 0) return [];
  const picker = await InspectorPicker.load(db);
  const seen = new Set<string>();
  const rows: InspectionTaskRow[] = [];
  for (const [i, t] of tasks.entries()) {
    const target = await resolveTarget(db, t.targetKind, t.targetId, plan.territory_path, `${field}.${i}.targetId`);
    const key = `${target.kind}:${target.id}`;
    if (seen.has(key)) throw new AppError('VALIDATION_FAILED', `${field}.${i}.targetId: 同一检查对象重复 / the same target twice`, `${field}.${i}.targetId`);
    seen.add(key);
    let inspectorId: string | null = null;
    if (t.inspectorId !== null) {
      const person = picker.find(t.inspectorId);
      if (!person) throw new AppError('VALIDATION_FAILED', `${field}.${i}.inspectorId: 不是在职的督查员或监督员 / not an active inspector or supervisor`, `${field}.${i}.inspectorId`);
      if (belongsToTarget(person, target)) {
        throw new AppError('VALIDATION_FAILED', `${field}.${i}.inspectorId: ${person.name} 属于被检查的网格或单位，须回避 / ${person.name} belongs to the inspected grid or unit`, `${field}.${i}.inspectorId`);
      }
      picker.count(person.id);
      inspectorId = person.id;
    } else {
      inspectorId = picker.pick(target)?.id ?? null;
    }
    rows.push({
      id: uuidv7(),
      plan_id: plan.id,
      target_kind: target.kind,
      target_id: target.id,
      target_name: target.name,
      territory_path: target.territoryPath,
      inspector_id: inspectorId,
      state: 'open',
      created_at: nowIso,
      completed_at: null,
      completed_by: null,
      summary: null,
    });
  }
  return rows;
}

/** Add tasks to an existing plan (a target may appear once per plan). */
export async function addInspectionTasks(trx: Trx, o: { actor: Actor; now: Date; planId: string; tasks: TaskInput[] }) {
  const plan = await loadReadablePlan(trx, o.actor, o.planId);
  try {
    await requireAccess(trx, { actor: o.actor, action: 'inspection.manage', resource: 'inspectionPlan', ids: [plan.id] });
  } catch (e) {
    // The plan is readable here (loaded above), so only FORBIDDEN can come out: say it in the domain's words.
    if (e instanceof AppError && e.code === 'FORBIDDEN') throw new AppError('FORBIDDEN', '你的角色不能安排检查任务 / your role may not add inspection tasks', 'id');
    throw e;
  }
  const rows = await buildTasks(trx, plan, o.tasks, o.now.toISOString());
  const existing = await trx.selectFrom('inspection_tasks').select(['target_kind', 'target_id']).where('plan_id', '=', plan.id).execute();
  const taken = new Set(existing.map((e) => `${e.target_kind}:${e.target_id}`));
  const dup = rows.findIndex((r) => taken.has(`${r.target_kind}:${r.target_id}`));
  if (dup >= 0) throw new AppError('CONFLICT', `tasks.${dup}.targetId: 该对象已在计划中 / the plan already inspects ${rows[dup]!.target_name}`, `tasks.${dup}.targetId`);
  await insertTasks(trx, rows);
  await appendAudit(trx, o.actor, {
    action: 'inspection.tasks.add',
    recordType: 'inspection_plan',
    recordId: plan.id,
    after: { tasks: rows.map((r) => ({ id: r.id, target: `${r.target_kind}:${r.target_id}`, inspectorId: r.inspector_id })) },
  });
  return { tasks: rows.map((r) => presentTask(r)), unassigned: rows.filter((r) => r.inspector_id === null).length };
}
