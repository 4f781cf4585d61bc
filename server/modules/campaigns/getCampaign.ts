import type { Actor } from '../../access/actor.ts';
import { notFound } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import { requireAccess, scopePathsFor } from '../../access/access.ts';
import type { Campaign, CampaignList } from '../../../shared/campaigns/wire.ts';
import { presentCampaign } from './campaign.ts';
import { findCampaign, findCampaignsNear, findPhases } from './campaigns.repository.ts';

/** One campaign with phases and countdown, when it covers or lies inside the caller's scope. */
export async function getCampaign(db: Executor, o: { actor: Actor; now: Date; campaignId: string }): Promise<Campaign> {
  await requireAccess(db, { actor: o.actor, action: 'campaign.read', resource: 'campaign', ids: [o.campaignId] });
  const row = await findCampaign(db, o.campaignId);
  if (!row) throw notFound('campaign');
  return presentCampaign(row, await findPhases(db, row.id), o.now);
}

/** Campaigns that touch the caller's scopes, newest first. */
export async function listCampaigns(db: Executor, o: { actor: Actor; now: Date; limit: number }): Promise<CampaignList> {
  // Campaigns above or below each scope (the campaign resource reaches down: a grid worker sees the city's).
  const rows = await findCampaignsNear(db, scopePathsFor(o.actor, 'campaign.read'), o.limit);
  const items: Campaign[] = [];
  for (const r of rows) items.push(presentCampaign(r, await findPhases(db, r.id), o.now));
  return { items };
}
