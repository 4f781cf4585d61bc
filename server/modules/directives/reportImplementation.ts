import type { Actor } from '../../access/actor.ts';
import { roleAllows, type Role } from '../../../shared/access/roles.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { ReportImplementationBody, ReportImplementationResponse } from '../../../shared/directives/wire.ts';
import { checkAnswers, presentDirective, REPORTING_ROLES } from './directive.ts';
import { requireAttachments } from '../../attachments/requireAttachments.ts';
import { bumpCounters, findDirective, findPersonDeliveries, recordReport } from './directives.repository.ts';
import { ancestorPaths } from '../territory/lookups.ts';

/** The report body as validated, plus who reports, when, and on which directive. */
export type ReportImplementationOptions = ReportImplementationBody & { actor: Actor; now: Date; directiveId: string };

/**
 * 落实反馈: the unit's responsible person (a role carrying directive.report where the directive reached
 * them: grid leader, unit leader or duty officer) reports implementation with text, form answers and
 * photos. A later report replaces the earlier one (corrections); the audit entry keeps both.
 */
export async function reportImplementation(trx: Trx, o: ReportImplementationOptions): Promise<ReportImplementationResponse> {
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
  // Only uploads the reporter may read: a hash seen elsewhere cannot be pulled into the report and read from it.
  await requireAttachments(trx, { actor: o.actor, photos, now: o.now, field: 'photos' });
  const nowIso = o.now.toISOString();
  await recordReport(trx, {
    directiveId: o.directiveId,
    assignmentIds: target.map((d) => d.assignment_id),
    at: nowIso,
    text: o.text,
    answersJson: o.answers ? JSON.stringify(o.answers) : null,
    photosJson: o.photos?.length ? JSON.stringify(o.photos) : null,
  });
  await bumpReportCounters(trx, o.directiveId, target.filter((d) => d.reported_at === null));
  await appendAudit(trx, o.actor, {
    action: 'directive.report',
    recordType: 'directive',
    recordId: o.directiveId,
    before: target[0]!.reported_at ? { reportedAt: target[0]!.reported_at, text: target[0]!.report_text } : undefined,
    after: { unitCode: target[0]!.unit_code, reportedAt: nowIso, text: o.text, answers: o.answers ?? null, photos: o.photos ?? [] },
  });
  return { directiveId: o.directiveId, unitCode: target[0]!.unit_code, reportedAt: nowIso };
}

/**
 * Roll-up counters for first reports (a correction changes no count): the unit's own row first — its
 * returned own_reported tells whether the unit just became implemented — then every level above it.
 */
async function bumpReportCounters(trx: Trx, directiveId: string, first: readonly { territory_path: string; role: string }[]): Promise<void> {
  const byPath = new Map<string, { reported: number; responsible: number }>();
  for (const d of first) {
    const b = byPath.get(d.territory_path) ?? { reported: 0, responsible: 0 };
    b.reported += 1;
    if ((REPORTING_ROLES as readonly string[]).includes(d.role)) b.responsible += 1;
    byPath.set(d.territory_path, b);
  }
  for (const [path, b] of byPath) {
    const own = await bumpCounters(trx, directiveId, path, { reported: b.reported, own_reported: b.reported, responsible_reported: b.responsible });
    const implemented = own !== undefined && own.own_reported === b.reported ? 1 : 0;
    await bumpCounters(trx, directiveId, path, { implemented_units: implemented });
    for (const p of ancestorPaths(path).slice(0, -1)) {
      await bumpCounters(trx, directiveId, p, { reported: b.reported, responsible_reported: b.responsible, implemented_units: implemented });
    }
  }
}
