import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { requireAccess } from '../../access/access.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { applyCaseAction } from './applyCaseAction.ts';
import { CLOSED_STATES } from './case.ts';
import { findCaseById, insertEvents } from './cases.repository.ts';

/**
 * 合并重复案件: a newly reported duplicate is not filed (不予立案, through the shared state machine,
 * so only roles that may reject can merge) and points at the case it duplicates; both timelines say so.
 */
export async function mergeCase(trx: Trx, o: { actor: Actor; now: Date; caseId: string; into: string; expectedVersion?: number | null }) {
  if (o.into === o.caseId) throw new AppError('VALIDATION_FAILED', 'into: 不能并入自身 / a case cannot be merged into itself', 'into');
  await requireAccess(trx, { actor: o.actor, action: 'case.read', resource: 'case', ids: [o.into] }).catch(() => {
    throw new AppError('VALIDATION_FAILED', `into: 目标案件不存在 / no case ${o.into}`, 'into');
  });
  const target = await findCaseById(trx, o.into);
  if (!target || CLOSED_STATES.includes(target.state)) {
    throw new AppError('VALIDATION_FAILED', 'into: 目标案件已办结，不能并入 / the target case is no longer open', 'into');
  }
  if (target.category_code !== (await findCaseById(trx, o.caseId))?.category_code) {
    throw new AppError('VALIDATION_FAILED', 'into: 只能并入同类案件 / only cases of the same category can be merged', 'into');
  }
  const merged = await applyCaseAction(trx, {
    actor: o.actor,
    now: o.now,
    caseId: o.caseId,
    action: 'reject',
    reason: `重复案件，并入 ${target.case_no} / duplicate of ${target.case_no}`,
    expectedVersion: o.expectedVersion ?? null,
  });
  await trx.updateTable('cases').set({ duplicate_of: target.id }).where('id', '=', merged.id).execute();
  await insertEvents(trx, [
    {
      id: uuidv7(),
      case_id: target.id,
      at: o.now.toISOString(),
      actor_id: o.actor.id,
      actor_name: o.actor.displayName,
      action: 'merged_in',
      from_state: target.state,
      to_state: target.state,
      note: `并入重复案件 ${merged.case_no}`,
      lat: null,
      lng: null,
      photos_json: null,
      data_json: JSON.stringify({ duplicateId: merged.id }),
    },
  ]);
  return (await findCaseById(trx, merged.id))!;
}
