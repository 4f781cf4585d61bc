import type { Actor } from '../../access/actor.ts';
import { notFound } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import { actorSeesCampaign, presentCampaign } from './campaign.ts';
import { findCampaign, findCampaignsNear, findPhases } from './campaigns.repository.ts';

/** One campaign with phases and countdown, when it covers or lies inside the caller's scope. */
export async function getCampaign(db: Executor, o: { actor: Actor; now: Date; campaignId: string }) {
  const row = await findCampaign(db, o.campaignId);
  if (!row || !actorSeesCampaign(o.actor, 'campaign.read', row.territory_path)) throw notFound('campaign');
  return presentCampaign(row, await findPhases(db, row.id), o.now);
}

/** Campaigns that touch the caller's scopes, newest first. */
export async function listCampaigns(db: Executor, o: { actor: Actor; now: Date; limit: number }) {
  const paths = o.actor.assignments.filter((a) => actorSeesCampaign({ ...o.actor, assignments: [a] }, 'campaign.read', a.scopePath)).map((a) => a.scopePath);
  const rows = await findCampaignsNear(db, [...new Set(paths)], o.limit);
  const items = [];
  for (const r of rows) items.push(presentCampaign(r, await findPhases(db, r.id), o.now));
  return { items };
}
