import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import type { FindingBody } from './inspections.schemas.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { requireAttachments } from '../../attachments/requireAttachments.ts';
import { checklistOf, loadTaskToRecord, presentFinding } from './inspection.ts';
import { insertFinding } from './inspections.repository.ts';

/** The finding body plus who, when and which task. */
export type AddInspectionFindingOptions = FindingBody & { actor: Actor; now: Date; taskId: string };

/**
 * 发现问题: a finding of an open task — description, severity, location, photos (uploads via
 * /api/uploads), responsible unit (default: the inspected target) — optionally tied to a checklist item.
 */
export async function addInspectionFinding(trx: Trx, o: AddInspectionFindingOptions) {
  const { task, plan } = await loadTaskToRecord(trx, o.actor, o.taskId);
  if (task.state !== 'open') throw new AppError('CONFLICT', '该检查任务已完成 / this inspection task is already done', 'id');
  if (o.itemKey !== undefined && !checklistOf(plan).some((c) => c.key === o.itemKey)) {
    throw new AppError('VALIDATION_FAILED', 'itemKey: 计划检查表中没有该项 / no such item in the plan\'s checklist', 'itemKey');
  }
  await requireAttachments(trx, { actor: o.actor, photos: o.photos, now: o.now });
  const row = {
    id: uuidv7(),
    task_id: task.id,
    item_key: o.itemKey ?? '',
    result: 'fail',
    note: null,
    photos_json: o.photos.length ? JSON.stringify(o.photos) : null,
    case_id: null,
    created_by: o.actor.id,
    created_at: o.now.toISOString(),
    description: o.description,
    severity: o.severity,
    address: o.address || null, // a blank address (the body allows '') is none
    lat: o.location?.lat ?? null,
    lng: o.location?.lng ?? null,
    responsible_unit: o.responsibleUnit ?? task.target_name,
    rectify_deadline: null,
    rectify_requested_by: null,
    rectify_requested_at: null,
  };
  await insertFinding(trx, row);
  await appendAudit(trx, o.actor, {
    action: 'inspection.finding.add',
    recordType: 'inspection_finding',
    recordId: row.id,
    after: { taskId: task.id, planId: plan.id, itemKey: o.itemKey ?? null, severity: o.severity, description: o.description, responsibleUnit: row.responsible_unit, photos: o.photos.length },
  });
  return presentFinding(row, o.now);
}
