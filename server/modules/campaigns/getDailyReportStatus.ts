import type { Actor } from '../../access/actor.ts';
import type { Executor } from '../../storage/db.ts';
import { chinaInstant } from './campaign.ts';
import { countDailyStatus, findDailyEscalation, findIncidentReports, findMissingGrids } from './campaigns.repository.ts';
import { requireCampaignUnit } from './requireCampaignUnit.ts';
import type { DailyStatusResponse } from '../../../shared/campaigns/wire.ts';
import { isDutyDay } from './dailyReports.ts';

/**
 * 日报报送情况 for one campaign day inside a unit (default: the campaign territory): how many grids
 * must report, how many did (零报告 counts as reported) and exactly which grids have not; the reports
 * that had something to report (newest first), and whether the day's escalation job already chased the
 * missing grids (`escalation`: when and how many, campaign-wide — one claim per campaign and day).
 */
export async function getDailyReportStatus(db: Executor, o: { actor: Actor; now: Date; campaignId: string; date: string; unitCode?: string | undefined; limit?: number | undefined }): Promise<DailyStatusResponse> {
  const { campaign, unit, phases } = await requireCampaignUnit(db, o);
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
