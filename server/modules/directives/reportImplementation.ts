import type { Actor } from '../../access/actor.ts';
import { roleAllows, type Role } from '../../../shared/access/roles.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { checkAnswers, presentDirective } from './directive.ts';
import { attachmentsExist, findDirective, findPersonDeliveries, recordReport } from './directives.repository.ts';

export interface ReportImplementationOptions {
  actor: Actor;
  now: Date;
  directiveId: string;
  text: string;
  unitCode?: string;
  answers?: Record<string, string | number>;
  photos?: string[];
}

/**
 * 落实反馈: the unit's responsible person (a role carrying directive.report where the directive reached
 * them: grid leader, unit leader or duty officer) reports implementation with text, form answers and
 * photos. A later report replaces the earlier one (corrections); the audit entry keeps both.
 */
export async function reportImplementation(trx: Trx, o: ReportImplementationOptions) {
  if (!o.actor.id) throw notFound('directive');
  const directive = await findDirective(trx, o.directiveId);
  const mine = directive ? await findPersonDeliveries(trx, o.directiveId, o.actor.id) : [];
  if (!directive || mine.length === 0) throw notFound('directive');
  const responsible = mine.filter((d) => roleAllows(d.role as Role, 'directive.report'));
  if (responsible.length === 0) throw new AppError('FORBIDDEN', '只有单位负责人可以反馈落实情况 / only a unit\'s responsible person may report implementation');
  let target = responsible;
  if (o.unitCode) {
    target = responsible.filter((d) => d.unit_code === o.unitCode);
    if (target.length === 0) throw new AppError('VALIDATION_FAILED', `unitCode: 您不是 ${o.unitCode} 的负责人 / you are not responsible for ${o.unitCode} on this directive`, 'unitCode');
  } else if (new Set(responsible.map((d) => d.unit_code)).size > 1) {
    throw new AppError('VALIDATION_FAILED', `unitCode: 该指令在多个单位送达您，请指明单位 / say which unit (${[...new Set(responsible.map((d) => d.unit_code))].join(', ')})`, 'unitCode');
  }
  const form = presentDirective(directive).replyForm;
  const formPhotos = checkAnswers(form, o.answers);
  const photos = [...new Set([...(o.photos ?? []), ...formPhotos])];
  const known = await attachmentsExist(trx, photos);
  const missing = photos.find((p) => !known.has(p));
  if (missing) throw new AppError('VALIDATION_FAILED', `photos: 未找到已上传的附件 / no uploaded attachment ${missing}`, 'photos');
  const nowIso = o.now.toISOString();
  await recordReport(trx, {
    directiveId: o.directiveId,
    assignmentIds: target.map((d) => d.assignment_id),
    at: nowIso,
    text: o.text,
    answersJson: o.answers ? JSON.stringify(o.answers) : null,
    photosJson: o.photos?.length ? JSON.stringify(o.photos) : null,
  });
  await appendAudit(trx, o.actor, {
    action: 'directive.report',
    recordType: 'directive',
    recordId: o.directiveId,
    before: target[0]!.reported_at ? { reportedAt: target[0]!.reported_at, text: target[0]!.report_text } : undefined,
    after: { unitCode: target[0]!.unit_code, reportedAt: nowIso, text: o.text, answers: o.answers ?? null, photos: o.photos ?? [] },
  });
  return { directiveId: o.directiveId, unitCode: target[0]!.unit_code, reportedAt: nowIso };
}
