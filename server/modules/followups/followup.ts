import type { FollowupState } from '../../../shared/followups/wire.ts';
import type { Actor } from '../../access/actor.ts';
import { scopePathsFor } from '../../access/access.ts';
import type { Action } from '../../../shared/access/roles.ts';
import type { FollowupItemRow } from '../../storage/schema.ts';

/** Is the row inside one of the caller's scopes for `action` (the central scope set; sync, for presenting lists)? */
function inScope(actor: Actor, action: Action, row: FollowupItemRow): boolean {
  return scopePathsFor(actor, action).some((p) => row.territory_path.startsWith(p));
}

/** What the caller may do with a follow-up item (the UI hides the rest). */
export function followupActions(actor: Actor, row: FollowupItemRow): ('progress' | 'complete' | 'verify')[] {
  const owner = actor.id !== null && row.owner_id === actor.id;
  const manage = inScope(actor, 'followup.manage', row);
  const out: ('progress' | 'complete' | 'verify')[] = [];
  if ((owner || manage) && (row.state === 'open' || row.state === 'in_progress')) out.push('progress', 'complete');
  if (row.state === 'completed' && !owner && inScope(actor, 'followup.verify', row)) out.push('verify');
  return out;
}

/** Overdue (逾期): still open or in progress after its deadline. */
export function isOverdue(row: FollowupItemRow, now: Date): boolean {
  return (row.state === 'open' || row.state === 'in_progress') && row.due_at < now.toISOString();
}

/** Wire shape of a follow-up item, with the caller's permitted actions. */
export function presentFollowup(row: FollowupItemRow, now: Date, actor: Actor | null) {
  const stored = row.evidence_json ? (JSON.parse(row.evidence_json) as { note: string; attachmentIds: string[]; photos?: string[] }) : null;
  // Evidence written before photos existed has no `photos`.
  const evidence = stored ? { note: stored.note, attachmentIds: stored.attachmentIds ?? [], photos: stored.photos ?? [] } : null;
  return {
    id: row.id,
    campaignId: row.campaign_id,
    territoryCode: row.territory_code,
    title: row.title,
    description: row.description,
    sourceKind: row.source_kind,
    owner: { id: row.owner_id, name: row.owner_name },
    ownerUnit: { code: row.owner_unit_code, departmentId: row.owner_department_id, name: row.owner_unit_name },
    dueAt: row.due_at,
    state: row.state as FollowupState,
    overdue: isOverdue(row, now),
    progress: row.progress,
    progressNote: row.progress_note,
    evidence,
    completedAt: row.done_at,
    completedBy: row.completed_by,
    verifiedBy: row.verified_by,
    verifiedAt: row.verified_at,
    verifyNote: row.verify_note,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    ...(actor ? { actions: followupActions(actor, row) } : {}),
  };
}

export type Followup = ReturnType<typeof presentFollowup>;
