import type { Actor } from '../../access/actor.ts';
import { requireAccess } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { VerifyBody } from './followups.schemas.ts';
import { presentFollowup } from './followup.ts';
import { applyChange, loadForChange } from './changeFollowup.ts';

/**
 * 验收: a supervisor (followup.verify over the unit, never the item's owner) accepts a completed item,
 * closing it, or rejects it with a reason, sending it back to in_progress.
 */
export async function verifyFollowup(trx: Trx, o: VerifyBody & { actor: Actor; now: Date; id: string }) {
  const row = await loadForChange(trx, o.actor, o.id);
  await requireAccess(trx, { actor: o.actor, action: 'followup.verify', resource: 'followup', ids: [row.id] });
  if (o.actor.id !== null && row.owner_id === o.actor.id) throw new AppError('FORBIDDEN', '责任人不能验收自己的整改项 / the owner may not verify their own item');
  if (row.state !== 'completed') throw new AppError('INVALID_TRANSITION', `只有已完成的整改项可以验收（当前 ${row.state}）/ only a completed item can be verified`, 'state');
  const nowIso = o.now.toISOString();
  const accepted = o.decision === 'accept';
  const updated = await applyChange(trx, row, accepted
    ? { state: 'verified', verified_by: o.actor.id, verified_at: nowIso, verify_note: o.note ?? null, updated_at: nowIso }
    : { state: 'in_progress', verify_note: o.note ?? null, done_at: null, updated_at: nowIso });
  await appendAudit(trx, o.actor, { action: accepted ? 'followup.verify' : 'followup.reject', recordType: 'followup', recordId: row.id, before: { state: row.state }, after: { state: updated.state, note: o.note ?? null } });
  return presentFollowup(updated, o.now, o.actor);
}
