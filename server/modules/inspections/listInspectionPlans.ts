import type { Actor } from '../../access/actor.ts';
import { scopePathsFor } from '../../access/access.ts';
import type { Executor } from '../../storage/db.ts';
import { presentFinding, presentPlan, progressOf } from './inspection.ts';
import { findFindingsOfTasks, findPlansUnder, findTasksOfPlans } from './inspections.repository.ts';

/** Plans under a node the actor may read (inspection.read over the plan's scope), newest period first, with progress. */
export async function listInspectionPlans(db: Executor, o: { actor: Actor; scopePath: string; limit: number; now: Date }) {
  const plans = await findPlansUnder(db, { prefixes: scopePathsFor(o.actor, 'inspection.read'), within: o.scopePath, limit: o.limit });
  const tasks = await findTasksOfPlans(db, plans.map((p) => p.id));
  const findings = (await findFindingsOfTasks(db, tasks.map((t) => t.id))).map((f) => presentFinding(f, o.now));
  const planOfTask = new Map(tasks.map((t) => [t.id, t.plan_id]));
  return plans.map((p) => {
    const own = tasks.filter((t) => t.plan_id === p.id);
    const { checklist, ...plan } = presentPlan(p);
    return { ...plan, checklistItems: checklist.length, progress: progressOf(own, findings.filter((f) => planOfTask.get(f.taskId) === p.id)) };
  });
}
