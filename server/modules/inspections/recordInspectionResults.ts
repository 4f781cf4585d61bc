import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import type { ResultsBody } from './inspections.schemas.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { requireAttachments } from '../../attachments/requireAttachments.ts';
import { checklistOf, loadTaskToRecord, presentResult, presentTask } from './inspection.ts';
import { completeTaskIfOpen, findResultsOfTask, upsertResult } from './inspections.repository.ts';

/** The results body plus who, when and which task. */
export type RecordInspectionResultsOptions = ResultsBody & { actor: Actor; now: Date; taskId: string };

/**
 * Record checklist results (合格 pass / 不合格 fail / 不适用 na, note, photos) of an open task — in one
 * sitting or several; a later result for the same item replaces the earlier one — and, when `complete`,
 * close the task once every item has a result. A failed item needs a note. Only the assigned inspector
 * or someone with inspection.manage over the task may record; a done task takes nothing more (409).
 */
export async function recordInspectionResults(trx: Trx, o: RecordInspectionResultsOptions) {
  const { task, plan } = await loadTaskToRecord(trx, o.actor, o.taskId);
  if (task.state !== 'open') throw new AppError('CONFLICT', '该检查任务已完成 / this inspection task is already done', 'id');
  const checklist = checklistOf(plan);
  const keys = new Set(checklist.map((c) => c.key));
  const seen = new Set<string>();
  for (const [i, item] of o.items.entries()) {
    if (!keys.has(item.itemKey)) throw new AppError('VALIDATION_FAILED', `items.${i}.itemKey: 计划检查表中没有该项 / no such item in the plan's checklist`, `items.${i}.itemKey`);
    if (seen.has(item.itemKey)) throw new AppError('VALIDATION_FAILED', `items.${i}.itemKey: 同一检查项重复 / the same item twice`, `items.${i}.itemKey`);
    seen.add(item.itemKey);
    if (item.result === 'fail' && !item.note) throw new AppError('VALIDATION_FAILED', `items.${i}.note: 不合格须写明情况 / a failed item needs a note`, `items.${i}.note`);
  }
  await requireAttachments(trx, { actor: o.actor, photos: o.items.flatMap((i) => i.photos), now: o.now });
  const nowIso = o.now.toISOString();
  for (const item of o.items) {
    await upsertResult(trx, {
      id: uuidv7(),
      task_id: task.id,
      item_key: item.itemKey,
      result: item.result,
      note: item.note,
      photos_json: item.photos.length ? JSON.stringify(item.photos) : null,
      recorded_by: o.actor.id,
      recorded_at: nowIso,
    });
  }
  const results = await findResultsOfTask(trx, task.id);
  let state = task.state;
  if (o.complete) {
    const recorded = new Set(results.map((r) => r.item_key));
    const missing = checklist.filter((c) => !recorded.has(c.key)).map((c) => c.label);
    if (missing.length) throw new AppError('VALIDATION_FAILED', `items: 还有 ${missing.length} 项未检查（${missing.slice(0, 3).join('、')}）/ ${missing.length} checklist item(s) have no result`, 'items', { missing });
    if (!(await completeTaskIfOpen(trx, task.id, { completed_at: nowIso, completed_by: o.actor.id, summary: o.summary ?? null }))) {
      throw new AppError('CONFLICT', '该检查任务已完成 / this inspection task is already done', 'id');
    }
    state = 'done';
  }
  await appendAudit(trx, o.actor, {
    action: o.complete ? 'inspection.task.complete' : 'inspection.task.record',
    recordType: 'inspection_task',
    recordId: task.id,
    before: { state: task.state },
    after: { state, items: o.items.map((i) => ({ itemKey: i.itemKey, result: i.result })), summary: o.summary ?? null },
  });
  const counts = { pass: 0, fail: 0, na: 0 } as Record<'pass' | 'fail' | 'na', number>;
  for (const r of results) counts[r.result as 'pass' | 'fail' | 'na'] += 1;
  return {
    task: presentTask({ ...task, state, completed_at: o.complete ? nowIso : task.completed_at, completed_by: o.complete ? o.actor.id : task.completed_by, summary: o.complete ? (o.summary ?? null) : task.summary }),
    results: results.map(presentResult),
    counts: { ...counts, unrecorded: checklist.length - results.length },
  };
}
