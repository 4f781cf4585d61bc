import type { Actor } from '../../access/actor.ts';
import { notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { requireAccess } from '../../access/access.ts';
import { findCampaign, findPhases } from './campaigns.repository.ts';
import type { Campaign, CloneCampaignBody, PhaseKind } from '../../../shared/campaigns/wire.ts';
import { createCampaign } from './createCampaign.ts';

/** 以此为模板: a new campaign with the same territory, phases and multipliers, every date shifted to the new start. */
export async function cloneCampaign(trx: Trx, o: CloneCampaignBody & { actor: Actor; now: Date; campaignId: string }): Promise<Campaign> {
  await requireAccess(trx, { actor: o.actor, action: 'campaign.read', resource: 'campaign', ids: [o.campaignId] });
  const source = await findCampaign(trx, o.campaignId);
  if (!source) throw notFound('campaign');
  const phases = await findPhases(trx, source.id);
  const shiftMs = Date.parse(o.startsAt) - Date.parse(source.starts_at);
  const shift = (v: string) => new Date(Date.parse(v) + shiftMs).toISOString();
  return createCampaign(trx, {
    actor: o.actor,
    now: o.now,
    name: o.name ?? `${source.name}（副本）`,
    ...(source.description ? { description: source.description } : {}),
    territoryCode: source.territory_code,
    startsAt: shift(source.starts_at),
    endsAt: shift(source.ends_at),
    ...(source.event_at ? { eventAt: shift(source.event_at) } : {}),
    dailyReportDue: source.daily_report_due,
    phases: phases.map((p) => ({
      kind: p.kind as PhaseKind,
      name: p.name,
      startsAt: shift(p.starts_at),
      endsAt: shift(p.ends_at),
      slaMultipliers: JSON.parse(p.sla_multipliers_json) as Record<string, number>,
      patrolMultiplier: p.patrol_multiplier,
      dailyReport: p.daily_report === 1,
    })),
    clonedFrom: source.id,
  });
}
