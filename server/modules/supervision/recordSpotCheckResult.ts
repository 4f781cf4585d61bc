import type { Actor } from '../../access/actor.ts';
import type { SpotCheckResultBody } from './supervision.schemas.ts';
import { allowedIds } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { requireAttachments } from '../../attachments/requireAttachments.ts';
import { reopenCase } from '../cases/reopenCase.ts';
import type { SlaPolicy } from '../../../shared/sla/policy.ts';
import { findItem, recordItemIfPending } from './spotchecks.repository.ts';

/**
 * The result body plus who, when and which item: 回访 (was the reporter reached? satisfied? does their
 * account match the record? null = not asked / not reached) and 现场复核 (is it actually fixed on the ground?).
 */
export type RecordSpotCheckOptions = Omit<SpotCheckResultBody, 'photos'> & { photos?: string[]; actor: Actor; itemId: string; now: Date;
  /** The server's 预警/升级 defaults (the app context's `slaPolicy`) for the case's stage clock. */
  slaPolicy?: Readonly<SlaPolicy> | undefined;
};

const bit = (v: boolean | null) => (v === null ? null : v ? 1 : 0);

/**
 * Record a spot check's callback and field re-check. The item fails when the problem is not fixed or
 * the reporter's account contradicts the record; "closed but not fixed" reopens the case as rework
 * (reopenCase). Only the assigned inspector — or someone holding both spotcheck.manage and spotcheck.record over the batch — may record.
 */
export async function recordSpotCheckResult(trx: Trx, o: RecordSpotCheckOptions) {
  // The registry gives an item to its assigned inspector (personal) and to spotcheck.manage over its
  // batch's scope — never to a supervisor below it, who would be passing their own cases. Recording
  // also needs a role that records (spotcheck.record): a leader manages spot checks but does not
  // fill in their results.
  const ids = [o.itemId];
  const manages = (await allowedIds(trx, { actor: o.actor, action: 'spotcheck.manage', resource: 'spotCheckItem', ids })).has(o.itemId);
  const records = (await allowedIds(trx, { actor: o.actor, action: 'spotcheck.record', resource: 'spotCheckItem', ids })).has(o.itemId);
  if (!manages || !records) {
    // Someone who may see the item learns it is not theirs to record; anyone else sees nothing.
    if (records) throw new AppError('FORBIDDEN', '只有被指派的督查员可以登记抽查结果 / only the assigned inspector may record this spot check', 'itemId');
    if (manages) throw new AppError('FORBIDDEN', '您的角色不登记抽查结果 / your role does not record spot check results', 'itemId');
    throw notFound('spot check item');
  }
  const item = await findItem(trx, o.itemId);
  if (!item) throw notFound('spot check item');
  if (!o.note && (!o.recheckFixed || o.callbackMatches === false)) {
    throw new AppError('VALIDATION_FAILED', 'note: 抽查不合格须写明情况 / describe what was found when the check fails', 'note');
  }
  const photos = o.photos ?? [];
  await requireAttachments(trx, { actor: o.actor, photos, now: o.now });
  const failed = !o.recheckFixed || o.callbackMatches === false;
  const nowIso = o.now.toISOString();
  const ok = await recordItemIfPending(trx, item.id, {
    result: failed ? 'failed' : 'passed',
    callback_reached: bit(o.callbackReached),
    callback_satisfied: o.callbackReached ? bit(o.callbackSatisfied) : null,
    callback_matches: o.callbackReached ? bit(o.callbackMatches) : null,
    recheck_fixed: bit(o.recheckFixed),
    note: o.note ?? null,
    photos_json: photos.length ? JSON.stringify(photos) : null,
    recorded_by: o.actor.id,
    recorded_at: nowIso,
  });
  if (!ok) throw new AppError('CONFLICT', '该抽查结果已登记 / this spot check already has a result', 'itemId');
  let reopened = false;
  if (!o.recheckFixed) {
    await reopenCase(trx, { actor: o.actor, caseId: item.case_id, reason: `随机抽查复核未整改到位 / spot check found it not fixed: ${o.note}`, source: { kind: 'spotcheck', id: item.id }, now: o.now, slaPolicy: o.slaPolicy });
    reopened = true;
  }
  await appendAudit(trx, o.actor, {
    action: 'spotcheck.record',
    recordType: 'spotcheck_item',
    recordId: item.id,
    before: { result: 'pending' },
    after: { result: failed ? 'failed' : 'passed', recheckFixed: o.recheckFixed, callbackReached: o.callbackReached, callbackMatches: o.callbackMatches, reopened },
  });
  return { itemId: item.id, caseId: item.case_id, result: failed ? ('failed' as const) : ('passed' as const), reopened };
}
