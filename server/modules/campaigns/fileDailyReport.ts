import { allowedIds, requireAccess, requireNode } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { CampaignDailyReportRow } from '../../storage/schema.ts';
import { findCampaign, findDailyReport, findPhases, insertDailyReport, updateDailyReport } from './campaigns.repository.ts';
import type { DailyReportBody, DailyReportResponse } from '../../../shared/campaigns/wire.ts';
import { isDutyDay } from './dailyReports.ts';

/** The daily report body as validated, plus who files it, when, and for which campaign. */
export type FileDailyReportOptions = DailyReportBody & { actor: Actor; now: Date; campaignId: string };

/**
 * 日报 / 零报告: a grid's daily report for one campaign day. "Nothing to report" is a report. Filing
 * again for the same grid and day replaces the earlier one (a correction, audited with both versions).
 */
export async function fileDailyReport(trx: Trx, o: FileDailyReportOptions): Promise<DailyReportResponse> {
  await requireAccess(trx, { actor: o.actor, action: 'campaign.read', resource: 'campaign', ids: [o.campaignId] });
  const campaign = await findCampaign(trx, o.campaignId);
  if (!campaign) throw notFound('campaign');
  const grid = await trx.selectFrom('territory_nodes').select(['code', 'path', 'level']).where('code', '=', o.gridCode).executeTakeFirst();
  // A grid the caller cannot see is refused exactly like one that does not exist.
  const visible = grid !== undefined && (await allowedIds(trx, { actor: o.actor, action: 'territory.read', resource: 'territory', ids: [grid.code] })).has(grid.code);
  if (!grid || !visible || grid.level !== 'grid' || !grid.path.startsWith(campaign.territory_path)) {
    throw new AppError('VALIDATION_FAILED', `gridCode: ${o.gridCode} 不是本次行动范围内的网格 / not a grid inside the campaign territory`, 'gridCode');
  }
  await requireNode(trx, { actor: o.actor, action: 'campaign.report', code: grid.code, field: 'gridCode' });
  const phases = await findPhases(trx, campaign.id);
  if (!isDutyDay(phases, o.date)) throw new AppError('VALIDATION_FAILED', `date: ${o.date} 不是日报日 / no daily report is due on this day`, 'date');
  const row: CampaignDailyReportRow = {
    campaign_id: campaign.id,
    grid_code: grid.code,
    report_date: o.date,
    territory_path: grid.path,
    nothing_to_report: o.nothingToReport ? 1 : 0,
    incident_count: o.nothingToReport ? 0 : (o.incidentCount ?? 0),
    // An empty (all-blank) summary is no summary.
    summary: o.summary || null,
    reported_by: o.actor.id,
    reporter_name: o.actor.displayName,
    reported_at: o.now.toISOString(),
  };
  const before = await findDailyReport(trx, campaign.id, o.date, grid.code);
  if (before) await updateDailyReport(trx, row);
  else await insertDailyReport(trx, row);
  await appendAudit(trx, o.actor, {
    action: 'campaign.dailyReport',
    recordType: 'campaign',
    recordId: campaign.id,
    before: before ? { nothingToReport: before.nothing_to_report, incidentCount: before.incident_count, summary: before.summary, reportedAt: before.reported_at } : undefined,
    after: { gridCode: grid.code, date: o.date, nothingToReport: row.nothing_to_report, incidentCount: row.incident_count, summary: row.summary },
  });
  return { campaignId: campaign.id, gridCode: grid.code, date: o.date, nothingToReport: o.nothingToReport, incidentCount: row.incident_count, reportedAt: row.reported_at, replaced: before !== undefined };
}
