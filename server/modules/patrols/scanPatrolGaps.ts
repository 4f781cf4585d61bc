import { systemActor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import { notify, type Notice } from '../../notifications/notify.ts';
import { visitSlots } from '../../../shared/patrols/dosage.ts';
import { pairVisits, slotCompliance } from '../../../shared/patrols/visits.ts';
import { allActiveSites, checkinsAt, dutyOfficerAssignments } from './patrols.repository.ts';
import { campaignMultipliers, requiredFrom, toSite } from './sites.ts';
import { chinaMinute } from '../../../shared/time/china.ts';

/** How far back the scan looks for missed slots (a scheduler down longer than this loses alerts, not data). */
const LOOKBACK_MS = 6 * 3600_000;
/** How far past now slots are laid out: longer than any slot, so the slot in progress is never clipped. */
const SLOT_HORIZON_MS = 24 * 3600_000;

/**
 * Job: alert duty officers (值班员) whose scope covers a key site when one of its visit slots ended
 * without a visit meeting the dosage. Idempotent: each (site, slot) is claimed once through the
 * patrol_gap_alerts primary key, so repeated or concurrent runs never notify twice. Returns the
 * number of newly alerted gaps. The lead wires it into the scheduler.
 */
export async function scanPatrolGaps(ctx: AppContext, now: Date): Promise<number> {
  return inTransaction(ctx, async (trx) => {
    const nowMs = now.getTime();
    const from = nowMs - LOOKBACK_MS;
    const sites = (await allActiveSites(trx)).map(toSite);
    if (sites.length === 0) return 0;
    const rows = await checkinsAt(trx, sites.map((s) => s.id), new Date(from - 3600_000).toISOString(), now.toISOString());
    const visits = pairVisits(rows.map((r) => ({ siteId: r.site_id, workerId: r.worker_id, kind: r.kind === 'depart' ? 'depart' : 'arrive', at: Date.parse(r.at) })), nowMs);
    const multiplierAt = await campaignMultipliers(trx, new Date(from), now);
    const gaps: { siteIndex: number; start: number; end: number }[] = [];
    sites.forEach((s, siteIndex) => {
      // Slots are laid out past now so the one in progress keeps its real end: clipped at now it would
      // look ended, be judged missed while still running, and (claimed once per slot) never be judged
      // at its real end. slotCompliance calls a slot that has not ended open or upcoming, never missed.
      const slots = slotCompliance(visitSlots(s.dosage, requiredFrom(s, from), nowMs + SLOT_HORIZON_MS, multiplierAt(s.territoryPath, from)), visits.filter((v) => v.siteId === s.id), nowMs);
      // Only whole slots that ended inside the look-back window (clipped ones started before it).
      for (const x of slots) if ((x.status === 'missed' || x.status === 'short') && x.slot.start > from && x.slot.end <= nowMs) gaps.push({ siteIndex, start: x.slot.start, end: x.slot.end });
    });
    if (gaps.length === 0) return 0;
    const officers = await dutyOfficerAssignments(trx);
    const nowIso = now.toISOString();
    const notifications: Notice[] = [];
    let claimed = 0;
    for (const g of gaps) {
      const site = sites[g.siteIndex]!;
      const slotStart = new Date(g.start).toISOString();
      const res = await trx
        .insertInto('patrol_gap_alerts')
        .values({ site_id: site.id, slot_start: slotStart, slot_end: new Date(g.end).toISOString(), notified: 0, created_at: nowIso })
        .onConflict((oc) => oc.columns(['site_id', 'slot_start']).doNothing())
        .executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0) !== 1) continue;
      claimed += 1;
      const who = new Set(officers.filter((a) => site.territoryPath.startsWith(a.scope_path)).map((a) => a.user_id));
      const fmt = (ms: number) => chinaMinute(ms).slice(11);
      for (const userId of who) {
        notifications.push({
          userId,
          kind: 'patrol.gap',
          title: `巡逻缺失：${site.name}`,
          body: `${site.name}（网格 ${site.gridCode}）在 ${fmt(g.start)}–${fmt(g.end)} 时段未按要求巡逻`,
        });
      }
      await trx.updateTable('patrol_gap_alerts').set({ notified: who.size }).where('site_id', '=', site.id).where('slot_start', '=', slotStart).execute();
    }
    await notify(trx, notifications, nowIso);
    if (claimed > 0) await appendAudit(trx, systemActor('patrol-gap-scan'), { action: 'patrol.gap.alert', recordType: 'patrol_site', after: { gaps: claimed, notifications: notifications.length } });
    return claimed;
  });
}
