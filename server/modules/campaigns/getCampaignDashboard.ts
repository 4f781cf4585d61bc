import { scrubPersonalData } from '../../../shared/privacy/scrub.ts';
import { allowedIds } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import type { Executor } from '../../storage/db.ts';
import { chinaDate, presentCampaign } from './campaign.ts';
import { caseCounts, directiveStatus, topOverdueCases } from './campaigns.repository.ts';
import { requireCampaignUnit } from './requireCampaignUnit.ts';
import type { Dashboard } from '../../../shared/campaigns/wire.ts';
import { getDailyReportStatus } from './getDailyReportStatus.ts';

function pct(n: number, of: number): number {
  return of === 0 ? 0 : Math.round((n / of) * 1000) / 10;
}

/**
 * 专项行动指挥看板 at a unit inside the campaign (default: its territory): countdown and current phase,
 * today's daily reports in/missing, status of the directives linked to the campaign, case counts
 * for the campaign period and the most overdue open cases.
 */
export async function getCampaignDashboard(db: Executor, o: { actor: Actor; now: Date; campaignId: string; unitCode?: string | undefined }): Promise<Dashboard> {
  const { campaign, unitCode, unit, phases } = await requireCampaignUnit(db, o);
  const nowIso = o.now.toISOString();
  const to = nowIso < campaign.ends_at ? nowIso : campaign.ends_at;
  const today = chinaDate(o.now);
  const daily = await getDailyReportStatus(db, { actor: o.actor, now: o.now, campaignId: campaign.id, date: today, unitCode, limit: 50 });
  // Linked directives and overdue cases are records of their own: only those the caller may read are named
  // (a department-scoped leader reads their department's cases only; a directive's title is its readers').
  const linked = await directiveStatus(db, campaign.id, unit.path);
  const readableDirectives = await allowedIds(db, { actor: o.actor, action: 'directive.read', resource: 'directive', ids: linked.map((d) => d.id) });
  const directives = linked.filter((d) => readableDirectives.has(d.id));
  const cases = await caseCounts(db, { path: unit.path, from: campaign.starts_at, to: to < campaign.starts_at ? campaign.starts_at : to, nowIso });
  const overdueRows = await topOverdueCases(db, { path: unit.path, from: campaign.starts_at, to: to < campaign.starts_at ? campaign.starts_at : to, nowIso, limit: 10 });
  const readableCases = await allowedIds(db, { actor: o.actor, action: 'case.read', resource: 'case', ids: overdueRows.map((c) => c.id) });
  // stage_due_at is never null here: the query keeps only cases whose stage is due before now.
  const overdue = overdueRows.filter((c) => readableCases.has(c.id));
  return {
    campaign: presentCampaign(campaign, phases, o.now),
    unitCode,
    dailyReports: { date: today, dutyDay: daily.dutyDay, dueAt: daily.dueAt, pastDue: daily.pastDue, unit: daily.unit, expected: daily.expected, reported: daily.reported, zeroReports: daily.zeroReports, missingCount: daily.missingCount, missing: daily.missing, incidents: daily.incidents, escalation: daily.escalation },
    directives: directives.map((d) => ({
      id: d.id,
      title: d.title,
      signDeadline: d.sign_deadline,
      reportDeadline: d.report_deadline,
      reached: Number(d.reached),
      signed: Number(d.signed),
      signedPct: pct(Number(d.signed), Number(d.reached)),
      reported: Number(d.reported),
    })),
    cases: { ...cases, from: campaign.starts_at, to },
    topOverdue: overdue.map((c) => ({ id: c.id, caseNo: c.case_no, categoryCode: c.category_code, state: c.state, gridCode: c.grid_code, stage: c.stage, stageDueAt: c.stage_due_at!, description: scrubPersonalData(c.description) })),
  };
}
