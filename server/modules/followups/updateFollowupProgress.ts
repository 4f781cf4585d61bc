import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { ProgressBody } from './followups.schemas.ts';
import { presentFollowup } from './followup.ts';
import { applyChange, loadForChange, requireOwnerOrManager } from './changeFollowup.ts';

/** 报告进展: the owner (or a manager) records progress 0–100 and a note; open → in_progress. */
export async function updateFollowupProgress(trx: Trx, o: ProgressBody & { actor: Actor; now: Date; id: string }) {
  const row = await loadForChange(trx, o.actor, o.id, o.expectedVersion);
  await requireOwnerOrManager(trx, o.actor, row);
  if (row.state !== 'open' && row.state !== 'in_progress') throw new AppError('INVALID_TRANSITION', `整改项已${row.state === 'completed' ? '完成待验收' : '验收'}，不能再报进展 / the item is ${row.state}`, 'state');
  const updated = await applyChange(trx, row, { state: 'in_progress', progress: o.progress, progress_note: o.note, updated_at: o.now.toISOString() });
  await appendAudit(trx, o.actor, { action: 'followup.progress', recordType: 'followup', recordId: row.id, before: { state: row.state, progress: row.progress }, after: { state: updated.state, progress: o.progress, note: o.note } });
  return presentFollowup(updated, o.now, o.actor);
}
