import { sql } from 'kysely';
import type { Executor } from '../../storage/db.ts';
import type { FollowupItemRow } from '../../storage/schema.ts';
import { pathsCondition } from '../evaluation/sources.ts';

/** Queries of follow-up items (长效机制); the use cases own the transaction. */

export async function findFollowup(db: Executor, id: string): Promise<FollowupItemRow | undefined> {
  return db.selectFrom('followup_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertFollowup(db: Executor, row: FollowupItemRow): Promise<void> {
  await db.insertInto('followup_items').values(row).execute();
}

/** Update a row when it still has `version` (optimistic check); true when it did. */
export async function updateFollowup(db: Executor, id: string, version: number, patch: Partial<FollowupItemRow>): Promise<boolean> {
  const r = await db.updateTable('followup_items').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface FollowupFilter {
  /** Territory prefixes the caller may read (OR); items owned by `ownerId` are added regardless. */
  paths: string[];
  ownerId: string | null;
  onlyOwn: boolean;
  campaignId?: string | undefined;
  state?: string | undefined;
  overdueAt?: string | undefined;
  notOverdueAt?: string | undefined;
  limit: number;
}

/** Items in scope (or owned), soonest deadline first. */
export async function listFollowupRows(db: Executor, f: FollowupFilter): Promise<FollowupItemRow[]> {
  let q = db.selectFrom('followup_items').selectAll();
  const reach = f.onlyOwn ? sql`1 = 0` : pathsCondition(sql.ref('territory_path'), f.paths);
  q = q.where(f.ownerId ? (sql`(${reach} or owner_id = ${f.ownerId})` as never) : (reach as never));
  if (f.campaignId) q = q.where('campaign_id', '=', f.campaignId);
  if (f.state) q = q.where('state', '=', f.state);
  if (f.overdueAt) q = q.where('state', 'in', ['open', 'in_progress']).where('due_at', '<', f.overdueAt);
  if (f.notOverdueAt) q = q.where((eb) => eb.or([eb('state', 'not in', ['open', 'in_progress']), eb('due_at', '>=', f.notOverdueAt!)]));
  return q.orderBy('due_at').orderBy('id').limit(f.limit).execute();
}

/** Items of one campaign (for the after-action review), soonest deadline first. */
export async function followupsOfCampaign(db: Executor, campaignId: string): Promise<FollowupItemRow[]> {
  return db.selectFrom('followup_items').selectAll().where('campaign_id', '=', campaignId).orderBy('due_at').orderBy('id').execute();
}
