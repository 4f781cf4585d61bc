import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { InspectionPlanRow } from '../../storage/schema.ts';
import { buildTasks } from './addInspectionTasks.ts';
import { normaliseChecklist, presentPlan, presentTask, type ChecklistItem } from './inspection.ts';
import { findTemplate, insertPlan, insertTasks } from './inspections.repository.ts';
import type { PlanBody } from './inspections.schemas.ts';

/** The plan body, its scope code resolved to the node and its period to instants, plus who and when. */
export type CreateInspectionPlanOptions = Omit<PlanBody, 'scope' | 'period'> & {
  actor: Actor;
  now: Date;
  scope: { code: string; path: string };
  period: { from: string; to: string };
};

/**
 * 明察暗访 plan: name, scope, period, type, and its checklist — given inline or copied from a template
 * made at the scope or above (the copy keeps running plans stable when the template changes later) —
 * with its first tasks.
 */
export async function createInspectionPlan(trx: Trx, o: CreateInspectionPlanOptions) {
  let checklist: ChecklistItem[];
  if (o.checklist) {
    checklist = normaliseChecklist(o.checklist);
  } else {
    const template = o.templateId ? await findTemplate(trx, o.templateId) : undefined;
    if (!template || !o.scope.path.startsWith(template.territory_path)) {
      throw new AppError('VALIDATION_FAILED', 'templateId: 检查表模板不存在或不适用于该范围 / no such checklist template for this scope', 'templateId');
    }
    checklist = JSON.parse(template.items_json) as ChecklistItem[];
  }
  const nowIso = o.now.toISOString();
  const row: InspectionPlanRow = {
    id: uuidv7(),
    title: o.title,
    territory_code: o.scope.code,
    territory_path: o.scope.path,
    checklist_json: JSON.stringify(checklist),
    starts_at: o.period.from,
    ends_at: o.period.to,
    created_by: o.actor.id,
    created_at: nowIso,
    kind: o.kind,
    description: o.description ?? null,
    template_id: o.checklist ? null : (o.templateId ?? null),
  };
  const tasks = await buildTasks(trx, row, o.tasks, nowIso);
  await insertPlan(trx, row);
  await insertTasks(trx, tasks);
  await appendAudit(trx, o.actor, {
    action: 'inspection.plan.create',
    recordType: 'inspection_plan',
    recordId: row.id,
    after: { title: o.title, kind: o.kind, scope: o.scope.code, period: o.period, checklist: checklist.map((c) => c.key), templateId: row.template_id, tasks: tasks.map((t) => ({ id: t.id, target: `${t.target_kind}:${t.target_id}`, inspectorId: t.inspector_id })) },
  });
  return { plan: presentPlan(row), tasks: tasks.map((t) => presentTask(t)), unassigned: tasks.filter((t) => t.inspector_id === null).length };
}
