import type { Actor } from '../../access/actor.ts';
import { allowedIds } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { CompleteBody } from './followups.schemas.ts';
import { requireAttachments } from '../cases/reportCase.ts';
import { presentFollowup } from './followup.ts';
import { applyChange, loadForChange, requireOwnerOrManager } from './changeFollowup.ts';

/** 完成并提交佐证: the owner (or a manager) completes the item with evidence (a note, attachments, photos); it then awaits verification. */
export async function completeFollowup(trx: Trx, o: CompleteBody & { actor: Actor; now: Date; id: string }) {
  const row = await loadForChange(trx, o.actor, o.id, o.expectedVersion);
  await requireOwnerOrManager(trx, o.actor, row);
  if (row.state !== 'open' && row.state !== 'in_progress') throw new AppError('INVALID_TRANSITION', `整改项已是 ${row.state} / the item is already ${row.state}`, 'state');
  const ids = [...new Set(o.attachmentIds ?? [])];
  if (ids.length) {
    // attachmentIds are references too (server/access/attachmentRefs.ts): only uploads the actor may read
    // count, anything else answers like a missing id — no file seen elsewhere is pulled into the item.
    const found = await trx.selectFrom('attachments').select(['id', 'sha256']).where('id', 'in', ids).execute();
    const usable = await allowedIds(trx, { actor: o.actor, action: 'case.read', resource: 'attachment', ids: found.map((f) => f.sha256), now: o.now });
    const missing = ids.filter((id) => !found.some((f) => f.id === id && usable.has(f.sha256)));
    if (missing.length) throw new AppError('VALIDATION_FAILED', `attachmentIds: 附件不存在 / no such attachment: ${missing[0]}`, 'attachmentIds');
  }
  const photos = [...new Set(o.photos ?? [])];
  // Only uploads the actor may read: a hash seen elsewhere cannot be pulled into the item and read from it.
  await requireAttachments(trx, photos, { actor: o.actor, now: o.now });
  const nowIso = o.now.toISOString();
  const evidence = { note: o.evidenceNote, attachmentIds: ids, photos };
  const updated = await applyChange(trx, row, { state: 'completed', progress: 100, done_at: nowIso, completed_by: o.actor.id, evidence_json: JSON.stringify(evidence), updated_at: nowIso });
  await appendAudit(trx, o.actor, { action: 'followup.complete', recordType: 'followup', recordId: row.id, before: { state: row.state }, after: { state: 'completed', evidence, late: row.due_at < nowIso } });
  return presentFollowup(updated, o.now, o.actor);
}
