import { systemActor, type Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import type { Trx } from '../../storage/db.ts';
import { notify, type Notice } from '../../notifications/notify.ts';
import { chinaDate, chinaInstant } from './campaign.ts';
import { findMissingGrids, findPhases } from './campaigns.repository.ts';
import { findRoleHolders } from '../people/roleHolders.ts';
import { isDutyDay } from './dailyReports.ts';

/**
 * Daily-report escalation job (日报催报): for every running campaign whose report deadline for today
 * (China time) has passed, tell the grid leader and workers of each grid that has not reported
 * (零报告 counts as reported), and tell the campaign's leaders/duty officers how many are missing.
 * One audit entry per campaign and day: the (campaign, date) claim in campaign_daily_escalations makes
 * later runs that day no-ops, so the scheduler may run it as often as it likes. Returns what it escalated.
 */
export async function escalateMissingDailyReports(trx: Trx, o: { now: Date; actor?: Actor }) {
  const actor = o.actor ?? systemActor('campaign-daily-report');
  const nowIso = o.now.toISOString();
  const date = chinaDate(o.now);
  const campaigns = await trx.selectFrom('campaigns').selectAll().where('starts_at', '<=', nowIso).where('ends_at', '>', new Date(o.now.getTime() - 86_400_000).toISOString()).execute();
  const out: { campaignId: string; date: string; missing: number }[] = [];
  for (const c of campaigns) {
    const phases = await findPhases(trx, c.id);
    if (!isDutyDay(phases, date) || o.now.getTime() < chinaInstant(date, c.daily_report_due).getTime()) continue;
    const missing = await findMissingGrids(trx, { campaignId: c.id, date, unitPath: c.territory_path, limit: 1_000_000 });
    if (missing.length === 0) {
      out.push({ campaignId: c.id, date, missing: 0 });
      continue;
    }
    // Once per campaign and day: the claim row makes repeated (or concurrent) scheduler runs no-ops.
    const claim = await trx
      .insertInto('campaign_daily_escalations')
      .values({ campaign_id: c.id, date, missing: missing.length, at: nowIso })
      .onConflict((oc) => oc.columns(['campaign_id', 'date']).doNothing())
      .executeTakeFirst();
    if (Number(claim.numInsertedOrUpdatedRows ?? 0) === 0) continue;
    out.push({ campaignId: c.id, date, missing: missing.length });
    // Grid leaders and workers of the missing grids.
    const staff = await findRoleHolders(trx, missing.map((g) => g.code), ['grid_leader', 'grid_worker']);
    const notes: Notice[] = staff.map((s) => ({
      userId: s.user_id, kind: 'campaign.dailyReport.missing',
      title: `催报：${c.name} ${date} 日报未报送`, body: `网格 ${s.scope_code} 尚未报送 ${date} 日报（无情况请报“零报告”）。`,
    }));
    const leaders = await trx.selectFrom('role_assignments').select('user_id').where('scope_code', '=', c.territory_code).where('role', 'in', ['leader', 'duty_officer']).execute();
    for (const l of leaders) {
      notes.push({ userId: l.user_id, kind: 'campaign.dailyReport.escalate', title: `${c.name} ${date} 日报缺报 ${missing.length} 个网格`, body: missing.slice(0, 50).map((g) => g.name_zh).join('、') });
    }
    await notify(trx, notes, nowIso);
    await appendAudit(trx, actor, { action: 'campaign.dailyReport.escalate', recordType: 'campaign', recordId: c.id, after: { date, missingGrids: missing.length, notified: notes.length } });
  }
  return out;
}
