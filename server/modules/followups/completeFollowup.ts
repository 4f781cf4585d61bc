import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { CompleteBody } from './followups.schemas.ts';
import { requireAttachmentIds, requireAttachments } from '../../attachments/requireAttachments.ts';
import { presentFollowup } from './followup.ts';
import { applyChange, loadForChange, requireOwnerOrManager } from './changeFollowup.ts';

/** 完成并提交佐证: the owner (or a manager) completes the item with evidence (a note, attachments, photos); it then awaits verification. */
export async function completeFollowup(trx: Trx, o: CompleteBody & { actor: Actor; now: Date; id: string }) {
  const row = await loadForChange(trx, o.actor, o.id, o.expectedVersion);
  await requireOwnerOrManager(trx, o.actor, row);
  if (row.state !== 'open' && row.state !== 'in_progress') throw new AppError('INVALID_TRANSITION', `整改项已是 ${row.state} / the item is already ${row.state}`, 'state');
  const ids = [...new Set(o.attachmentIds ?? [])];
  // attachmentIds are references too (server/access/attachmentRefs.ts): no file seen elsewhere is pulled into the item.
  await requireAttachmentIds(trx, { actor: o.actor, ids, now: o.now, field: 'attachmentIds' });
  const photos = [...new Set(o.photos ?? [])];
  // Only uploads the actor may read: a hash seen elsewhere cannot be pulled into the item and read from it.
  await requireAttachments(trx, { actor: o.actor, photos, now: o.now });
  const nowIso = o.now.toISOString();
  const evidence = { note: o.evidenceNote, attachmentIds: ids, photos };
  const updated = await applyChange(trx, row, { state: 'completed', progress: 100, done_at: nowIso, completed_by: o.actor.id, evidence_json: JSON.stringify(evidence), updated_at: nowIso });
  await appendAudit(trx, o.actor, { action: 'followup.complete', recordType: 'followup', recordId: row.id, before: { state: row.state }, after: { state: 'completed', evidence, late: row.due_at < nowIso } });
  return presentFollowup(updated, o.now, o.actor);
}
