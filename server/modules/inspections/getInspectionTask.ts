import type { Actor } from '../../access/actor.ts';
import type { Executor } from '../../storage/db.ts';
import { checklistOf, loadReadableTask, managesTask, presentFinding, presentPlan, presentResult, presentTask } from './inspection.ts';
import { findFindingsOfTasks, findResultsOfTask } from './inspections.repository.ts';

/** One task: its plan, checklist with the results so far, findings with their cases, and what the caller may do. */
export async function getInspectionTask(db: Executor, o: { actor: Actor; id: string; now: Date }) {
  const { task, plan } = await loadReadableTask(db, o.actor, o.id);
  const inspector = task.inspector_id ? await db.selectFrom('users').select('display_name').where('id', '=', task.inspector_id).executeTakeFirst() : undefined;
  const results = new Map((await findResultsOfTask(db, task.id)).map((r) => [r.item_key, presentResult(r)]));
  const findings = (await findFindingsOfTasks(db, [task.id])).map((f) => presentFinding(f, o.now));
  const assigned = o.actor.id !== null && o.actor.id === task.inspector_id;
  const manage = await managesTask(db, o.actor, task.id);
  const { checklist: _checklist, ...planView } = presentPlan(plan);
  return {
    task: presentTask({ ...task, inspector_name: inspector?.display_name ?? null }),
    plan: planView,
    checklist: checklistOf(plan).map((item) => ({ ...item, result: results.get(item.key) ?? null })),
    findings,
    actions: { record: task.state === 'open' && (assigned || manage), rectify: manage },
  };
}
