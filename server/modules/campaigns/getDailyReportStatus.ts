import { requireAccess, requireNode } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import { chinaInstant } from './campaign.ts';
import { countDailyStatus, findCampaign, findDailyEscalation, findIncidentReports, findMissingGrids, findPhases } from './campaigns.repository.ts';
import type { DailyStatusResponse } from '../../../shared/campaigns/wire.ts';
import { isDutyDay } from './dailyReports.ts';

/**
 * 日报报送情况 for one campaign day inside a unit (default: the campaign territory): how many grids
 * must report, how many did (零报告 counts as reported) and exactly which grids have not; the reports
 * that had something to report (newest first), and whether the day's escalation job already chased the
 * missing grids (`escalation`: when and how many, campaign-wide — one claim per campaign and day).
 */
export async function getDailyReportStatus(db: Executor, o: { actor: Actor; now: Date; campaignId: string; date: string; unitCode?: string | undefined; limit?: number | undefined }): Promise<DailyStatusResponse> {
  // A campaign the caller may not see answers 404 whatever unit they name (no 400 oracle on existence).
  await requireAccess(db, { actor: o.actor, action: 'campaign.read', resource: 'campaign', ids: [o.campaignId] });
  const campaign = await findCampaign(db, o.campaignId);
  if (!campaign) throw notFound('campaign');
  const unitCode = o.unitCode ?? campaign.territory_code;
  const unit = await requireNode(db, { actor: o.actor, action: 'campaign.read', code: unitCode, field: 'unit' });
  if (!unit.path.startsWith(campaign.territory_path)) throw new AppError('VALIDATION_FAILED', `unit: ${unitCode} 不在本次行动范围内 / outside the campaign territory`, 'unit');
  const phases = await findPhases(db, campaign.id);
  const dutyDay = isDutyDay(phases, o.date);
  const counts = await countDailyStatus(db, { campaignId: campaign.id, date: o.date, unitPath: unit.path });
  const missing = dutyDay ? await findMissingGrids(db, { campaignId: campaign.id, date: o.date, unitPath: unit.path, limit: o.limit ?? 1000 }) : [];
  const incidents = dutyDay ? await findIncidentReports(db, { campaignId: campaign.id, date: o.date, unitPath: unit.path, limit: 20 }) : [];
  const escalation = dutyDay ? await findDailyEscalation(db, campaign.id, o.date) : undefined;
  const due = chinaInstant(o.date, campaign.daily_report_due);
  return {
    campaignId: campaign.id,
    date: o.date,
    dutyDay,
    dueAt: due.toISOString(),
    pastDue: o.now.getTime() > due.getTime(),
    unit: { code: unit.code, name: unit.name },
    expected: dutyDay ? counts.grids : 0,
    reported: counts.reported,
    zeroReports: counts.zeroReports,
    missingCount: dutyDay ? counts.grids - counts.reported : 0,
    missing: missing.map((g) => ({ gridCode: g.code, name: g.name_zh })),
    incidents: incidents.map((r) => ({ gridCode: r.grid_code, name: r.name_zh, incidentCount: r.incident_count, summary: r.summary, reporterName: r.reporter_name, reportedAt: r.reported_at })),
    escalation: escalation ? { at: escalation.at, missing: Number(escalation.missing) } : null,
  };
}
