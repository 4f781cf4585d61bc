import { uuidv7 } from 'uuidv7';
import { allowedIds, requireNode } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { DirectiveRow } from '../../storage/schema.ts';
import { checkReplyForm, levelOf, presentDirective, REPORTING_ROLES } from './directive.ts';
import type { Directive, IssueDirectiveBody } from '../../../shared/directives/wire.ts';
import { requireAttachments } from '../../attachments/requireAttachments.ts';
import { fanOutDeliveries, fillDirectiveCounters, insertDirective, setDeliveredCount } from './directives.repository.ts';
import { findNodeSummary } from '../territory/lookups.ts';

/** The issue body as validated, plus who issues it and when. */
export type IssueDirectiveOptions = IssueDirectiveBody & { actor: Actor; now: Date };

function iso(value: string | undefined): string | null {
  return value === undefined ? null : new Date(value).toISOString();
}

/**
 * 下发: store the directive and fan it out in one set-based statement to every role assignment in the
 * target units' subtrees (every grid below and every person holding a role there). Nothing is sent
 * per person here: reaching someone = a delivery row, which their inbox reads.
 */
export async function issueDirective(trx: Trx, o: IssueDirectiveOptions): Promise<Directive> {
  levelOf(o.issuingUnit, 'issuingUnit');
  const unit = await requireNode(trx, { actor: o.actor, action: 'directive.issue', code: o.issuingUnit, field: 'issuingUnit' });
  if (unit.level === 'grid' && !o.targetUnits) {
    throw new AppError('VALIDATION_FAILED', 'issuingUnit: 网格没有下级单位 / a grid has no units below it', 'issuingUnit');
  }
  const signDeadline = iso(o.signDeadline);
  const reportDeadline = iso(o.reportDeadline);
  const nowIso = o.now.toISOString();
  if (signDeadline && signDeadline <= nowIso) throw new AppError('VALIDATION_FAILED', 'signDeadline: 须晚于现在 / must be in the future', 'signDeadline');
  if (reportDeadline && signDeadline && reportDeadline < signDeadline) {
    throw new AppError('VALIDATION_FAILED', 'reportDeadline: 不能早于签收时限 / must not be before the sign deadline', 'reportDeadline');
  }
  checkReplyForm(o.replyForm);
  const attachments = [...new Set(o.attachments ?? [])];
  // Only uploads the issuer may read: a hash seen elsewhere cannot be pulled into the directive and read from it.
  await requireAttachments(trx, { actor: o.actor, photos: attachments, now: o.now, field: 'attachments' });
  if (o.campaignId) {
    // A campaign the issuer may not see is refused exactly like a missing one (no link, no existence oracle).
    const campaign = (await allowedIds(trx, { actor: o.actor, action: 'campaign.read', resource: 'campaign', ids: [o.campaignId] })).has(o.campaignId);
    if (!campaign) throw new AppError('VALIDATION_FAILED', `campaignId: 专项行动不存在 / no campaign ${o.campaignId}`, 'campaignId');
  }

  // Chosen units must lie inside the issuing unit: a unit directs only its own subtree.
  let targetPaths = [unit.path];
  if (o.targetUnits) {
    const codes = [...new Set(o.targetUnits)];
    targetPaths = [];
    for (const [i, code] of codes.entries()) {
      const node = await findNodeSummary(trx, code);
      if (!node || !node.path.startsWith(unit.path)) {
        throw new AppError('VALIDATION_FAILED', `targetUnits.${i}: ${code} 不在 ${o.issuingUnit} 辖区内 / not a unit inside the issuing unit`, `targetUnits.${i}`);
      }
      targetPaths.push(node.path);
    }
  }

  const row: DirectiveRow = {
    id: uuidv7(),
    title: o.title,
    body: o.body,
    attachments_json: JSON.stringify(attachments),
    priority: o.priority ?? 'normal',
    issuer_id: o.actor.id,
    issuer_name: o.actor.displayName,
    issuing_code: unit.code,
    issuing_path: unit.path,
    target_units_json: o.targetUnits ? JSON.stringify([...new Set(o.targetUnits)]) : null,
    target_roles_json: o.targetRoles ? JSON.stringify([...new Set(o.targetRoles)]) : null,
    reply_form_json: o.replyForm ? JSON.stringify(o.replyForm) : null,
    sign_deadline: signDeadline,
    report_deadline: reportDeadline,
    remind_at: iso(o.remindAt),
    campaign_id: o.campaignId ?? null,
    delivered_count: 0,
    created_at: nowIso,
  };
  await insertDirective(trx, row);
  const delivered = await fanOutDeliveries(trx, {
    directiveId: row.id,
    targetPaths,
    // "Every unit below": the issuing unit's own staff author it, they are not its recipients.
    excludePath: o.targetUnits ? null : unit.path,
    roles: o.targetRoles ? [...new Set(o.targetRoles)] : null,
  });
  await setDeliveredCount(trx, row.id, delivered);
  // Roll-up counters per unit at every level, so a roll-up never scans the deliveries.
  await fillDirectiveCounters(trx, row.id, REPORTING_ROLES);
  row.delivered_count = delivered;
  await appendAudit(trx, o.actor, {
    action: 'directive.issue',
    recordType: 'directive',
    recordId: row.id,
    after: { title: row.title, issuingCode: row.issuing_code, targetUnits: o.targetUnits ?? null, targetRoles: o.targetRoles ?? null, delivered },
  });
  return presentDirective(row);
}
