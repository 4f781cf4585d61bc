import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { hazardReinspectionBody } from './cases.schemas.ts';
import type { Actor } from '../../access/actor.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { rolesOnCase } from './caseAccess.ts';
import { findCaseById } from './cases.repository.ts';
import { hazardOf, loadCaseOfKind, recordCaseStep, REINSPECTOR_ROLES } from './hazard.ts';
import { findHazard, insertReinspection, updateHazard } from './hazards.repository.ts';
import { requireAttachments } from '../../attachments/requireAttachments.ts';

/** The re-inspection body (photos defaulted to none) on a case, by an actor at a time. */
export type ReinspectHazardOptions = z.infer<typeof hazardReinspectionBody> & { actor: Actor; now: Date; caseId: string; photos: string[] };

/**
 * 复查: an inspector, supervisor or grid leader — never the responsible person — checks the
 * rectification on site and records evidence (note + photos; a pass needs at least one photo).
 * Pass → awaiting_signoff; fail → back to rectifying. Needs a plan first.
 */
export async function reinspectHazard(trx: Trx, o: ReinspectHazardOptions) {
  const row = await loadCaseOfKind(trx, o.caseId, 'hazard', 'hazard_reinspection');
  const roles = rolesOnCase(o.actor, row).filter((r) => (REINSPECTOR_ROLES as readonly string[]).includes(r));
  if (roles.length === 0) throw new AppError('FORBIDDEN', '复查须由督查员、监督员或网格长进行 / only an inspector, supervisor or grid leader may re-inspect', 'action');
  const hazard = await hazardOf(trx, row);
  if (hazard.status !== 'rectifying' && hazard.status !== 'awaiting_reinspection') {
    throw new AppError(
      'INVALID_TRANSITION',
      hazard.status === 'open' ? '尚无整改方案，不能复查 / no rectification plan yet' : `隐患状态为 ${hazard.status}，不能复查 / a hazard that is ${hazard.status} cannot be re-inspected`,
      'action',
      { state: hazard.status, action: 'hazard_reinspection' },
    );
  }
  // The person who must fix it never certifies the fix (by account, or by name when not a user).
  const isResponsible = hazard.responsible_person_id !== null ? hazard.responsible_person_id === o.actor.id : hazard.responsible_person_name === o.actor.displayName;
  if (isResponsible) throw new AppError('FORBIDDEN', '整改责任人不能复查自己的整改 / the responsible person may not re-inspect their own rectification', 'action');
  if (o.result === 'pass' && o.photos.length === 0) throw new AppError('VALIDATION_FAILED', 'photos: 复查通过须附现场照片 / a passed re-inspection needs at least one photo', 'photos');
  await requireAttachments(trx, { actor: o.actor, photos: o.photos, now: o.now });

  const at = o.now.toISOString();
  await insertReinspection(trx, {
    id: uuidv7(),
    case_id: row.id,
    result: o.result,
    note: o.note,
    photos_json: o.photos.length ? JSON.stringify(o.photos) : null,
    inspector_id: o.actor.id,
    inspector_name: o.actor.displayName,
    at,
  });
  const status = o.result === 'pass' ? 'awaiting_signoff' : 'rectifying';
  await updateHazard(trx, row.id, {
    status,
    reinspection_count: hazard.reinspection_count + 1,
    last_reinspection_result: o.result,
    last_reinspected_at: at,
    last_reinspected_by: o.actor.displayName,
    updated_at: at,
  });
  await recordCaseStep(trx, {
    actor: o.actor,
    now: o.now,
    row,
    action: 'hazard_reinspection',
    note: o.note,
    photos: o.photos,
    data: { result: o.result, status, photos: o.photos.length },
    before: { status: hazard.status },
    after: { status, result: o.result, note: o.note },
  });
  return { row: (await findCaseById(trx, row.id))!, hazard: (await findHazard(trx, row.id))! };
}
