import type { Actor } from '../../access/actor.ts';
import { requireAccess, requireNode, scopePathsFor } from '../../access/access.ts';
import { notFound } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import { presentFollowup } from './followup.ts';
import { findFollowup, listFollowupRows } from './followups.repository.ts';

export interface ListFollowupsOptions {
  actor: Actor;
  now: Date;
  campaignId?: string | undefined;
  scopeCode?: string | undefined;
  state?: string | undefined;
  overdue?: boolean | undefined;
  onlyOwn?: boolean | undefined;
  limit: number;
}

/** Follow-up items the caller may see (their units' and their own), filtered; soonest deadline first. */
export async function listFollowups(db: Executor, o: ListFollowupsOptions) {
  let paths = [...new Set([...scopePathsFor(o.actor, 'followup.read'), ...scopePathsFor(o.actor, 'followup.manage')])];
  if (o.scopeCode) {
    // The central node check: a node out of reach answers 404 like a missing one, also with owner=me
    // (which lists only one's own items, so any node one can see will do there).
    const node = await requireNode(db, { actor: o.actor, action: o.onlyOwn ? 'territory.read' : 'followup.read', code: o.scopeCode, field: 'scope' });
    paths = [node.path];
  }
  const nowIso = o.now.toISOString();
  const rows = await listFollowupRows(db, {
    paths,
    // With a scope chosen, own items outside it are not added.
    ownerId: o.scopeCode && !o.onlyOwn ? null : o.actor.id,
    onlyOwn: o.onlyOwn ?? false,
    campaignId: o.campaignId,
    state: o.state,
    ...(o.overdue === true ? { overdueAt: nowIso } : o.overdue === false ? { notOverdueAt: nowIso } : {}),
    limit: o.limit,
  });
  return { items: rows.map((r) => presentFollowup(r, o.now, o.actor)) };
}

/** One item the caller may see. */
export async function getFollowup(db: Executor, o: { actor: Actor; now: Date; id: string }) {
  await requireAccess(db, { actor: o.actor, action: 'followup.read', resource: 'followup', ids: [o.id] });
  const row = await findFollowup(db, o.id);
  if (!row) throw notFound('follow-up item');
  return presentFollowup(row, o.now, o.actor);
}
