import { requireAccess, requireNode } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import { findCampaign, findPhases } from './campaigns.repository.ts';

/**
 * The campaign a read is about and the unit inside it the caller looks at (default: the campaign territory),
 * with its phases: the opening of the dashboard and the daily-report status.
 */
export async function requireCampaignUnit(db: Executor, o: { actor: Actor; campaignId: string; unitCode?: string | undefined }) {
  // A campaign the caller may not see answers 404 whatever unit they name (no 400 oracle on existence).
  await requireAccess(db, { actor: o.actor, action: 'campaign.read', resource: 'campaign', ids: [o.campaignId] });
  const campaign = await findCampaign(db, o.campaignId);
  if (!campaign) throw notFound('campaign');
  const unitCode = o.unitCode ?? campaign.territory_code;
  const unit = await requireNode(db, { actor: o.actor, action: 'campaign.read', code: unitCode, field: 'unit' });
  if (!unit.path.startsWith(campaign.territory_path)) throw new AppError('VALIDATION_FAILED', `unit: ${unitCode} 不在本次行动范围内 / outside the campaign territory`, 'unit');
  const phases = await findPhases(db, campaign.id);
  return { campaign, unitCode, unit, phases };
}
