import type { Actor } from '../../access/actor.ts';
import { requireAccess } from '../../access/access.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { FollowupItemRow } from '../../storage/schema.ts';
import { findFollowup, updateFollowup } from './followups.repository.ts';

/** Load an item the caller may see (else NOT_FOUND) and check its version when the client sent one. */
export async function loadForChange(trx: Trx, actor: Actor, id: string, expectedVersion?: number): Promise<FollowupItemRow> {
  await requireAccess(trx, { actor, action: 'followup.read', resource: 'followup', ids: [id] });
  const row = await findFollowup(trx, id);
  if (!row) throw notFound('follow-up item');
  if (expectedVersion !== undefined && expectedVersion !== row.version) {
    throw new AppError('STALE_TRANSITION', `整改项已被他人更新（${row.updated_at ?? row.created_at}）/ the item changed since you read it`, 'expectedVersion');
  }
  return row;
}

/** The owner, or someone with followup.manage over the item's unit, may report on it (a reader who is neither: 403). */
export async function requireOwnerOrManager(trx: Trx, actor: Actor, row: FollowupItemRow): Promise<void> {
  try {
    // The registry makes an item its owner's for followup.manage (personal), besides the managers in scope.
    await requireAccess(trx, { actor, action: 'followup.manage', resource: 'followup', ids: [row.id] });
  } catch (e) {
    if (e instanceof AppError && e.code === 'FORBIDDEN') throw new AppError('FORBIDDEN', '只有责任人或管理者可以更新整改项 / only the owner or a manager may update this item');
    throw e;
  }
}

/** Apply a patch under the row's version; a concurrent change answers STALE_TRANSITION. */
export async function applyChange(trx: Trx, row: FollowupItemRow, patch: Partial<FollowupItemRow>): Promise<FollowupItemRow> {
  if (!(await updateFollowup(trx, row.id, row.version, patch))) {
    throw new AppError('STALE_TRANSITION', '整改项已被他人更新 / the item changed meanwhile; reload and retry', 'id');
  }
  return { ...row, ...patch, version: row.version + 1 };
}
