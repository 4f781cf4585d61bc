import type { Actor } from '../../access/actor.ts';
import { allowedIds } from '../../access/access.ts';
import type { Executor } from '../../storage/db.ts';
import { loadReadablePlan, presentFinding, presentPlan, presentTask, progressOf } from './inspection.ts';
import { findFindingsOfTasks, findGrid, findTasksOfPlans } from './inspections.repository.ts';

/**
 * A plan with its tasks, findings (each with its rectification case's state) and progress. An
 * inspector reading it only through their own assignment sees only their own tasks (暗访: the others'
 * targets are not theirs to know). `actions` says what the caller may do.
 */
export async function getInspectionPlan(db: Executor, o: { actor: Actor; id: string; now: Date }) {
  const plan = await loadReadablePlan(db, o.actor, o.id);
  // Reading the whole plan takes inspection.read over its unit (the node check): an inspector who reads it
  // only through their own task is not given the others' targets.
  const readsAll = (await allowedIds(db, { actor: o.actor, action: 'inspection.read', resource: 'territory', ids: [plan.territory_code] })).has(plan.territory_code);
  const tasks = (await findTasksOfPlans(db, [plan.id])).filter((t) => readsAll || t.inspector_id === o.actor.id);
  const findings = (await findFindingsOfTasks(db, tasks.map((t) => t.id))).map((f) => presentFinding(f, o.now));
  const manage = (await allowedIds(db, { actor: o.actor, action: 'inspection.manage', resource: 'inspectionPlan', ids: [plan.id] })).has(plan.id);
  const scopeNode = await findGrid(db, plan.territory_code); // any territory node by code, not only grids
  return {
    plan: { ...presentPlan(plan), scopeName: scopeNode?.name_zh ?? null },
    progress: progressOf(tasks, findings),
    tasks: tasks.map((t) => ({
      ...presentTask(t),
      findings: findings.filter((f) => f.taskId === t.id).length,
      mine: o.actor.id !== null && t.inspector_id === o.actor.id,
    })),
    findings: findings.map((f) => ({ ...f, targetName: tasks.find((t) => t.id === f.taskId)?.target_name ?? '' })),
    actions: { addTasks: manage, rectify: manage },
  };
}
