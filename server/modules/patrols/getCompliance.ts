import type { Actor } from '../../access/actor.ts';
import { requireNode } from '../../access/access.ts';
import type { Executor } from '../../storage/db.ts';
import { CST_OFFSET_MS, localDay, visitSlots } from '../../../shared/patrols/dosage.ts';
import { haversineMeters } from '../../../shared/geo.ts';
import { minutesPresent, pairVisits, slotCompliance, type CheckinLike } from '../../../shared/patrols/visits.ts';
import { checkinsAt, displayNames, lastArrivals, sitesUnder, sitesUnderIncludingInactive } from './patrols.repository.ts';
import { campaignMultipliers, requiredFrom, requiredUntil, toSite, type Site } from './sites.ts';

/** [start, end) epoch ms of a local (UTC+8) date. */
export function dayRange(date: string): { from: number; to: number } {
  const from = Date.parse(`${date}T00:00:00.000Z`) - CST_OFFSET_MS;
  return { from, to: from + 86400_000 };
}

/** Sites under a readable scope: active ones, plus (with activeSince) those deactivated after that instant. */
async function scopedSites(db: Executor, actor: Actor, scopeCode: string, activeSince?: number): Promise<Site[]> {
  const node = await requireNode(db, { actor, action: 'patrol.read', code: scopeCode });
  const rows = activeSince === undefined ? await sitesUnder(db, [node.path]) : await sitesUnderIncludingInactive(db, [node.path], new Date(activeSince).toISOString());
  return rows.map(toSite);
}

function toLike(rows: { site_id: string; worker_id: string; kind: string; at: string }[]): CheckinLike[] {
  return rows.map((r) => ({ siteId: r.site_id, workerId: r.worker_id, kind: r.kind === 'depart' ? 'depart' : 'arrive', at: Date.parse(r.at) }));
}

/**
 * Live plan-vs-actual for a unit and a local day (巡逻达标情况): per site and dosage window, each
 * required slot's status (met/short/missed/open/upcoming), minutes present that day (daily dosage)
 * and per-worker visits, minutes on site and distance between consecutive sites.
 */
export async function getCompliance(db: Executor, o: { actor: Actor; scopeCode: string; date?: string | undefined; now: Date }) {
  const date = o.date ?? localDay(o.now.getTime());
  const { from, to } = dayRange(date);
  // A site deactivated during the day keeps what was due before it stopped.
  const sites = await scopedSites(db, o.actor, o.scopeCode, from);
  const now = o.now.getTime();
  const rows = await checkinsAt(db, sites.map((s) => s.id), new Date(from).toISOString(), new Date(to).toISOString());
  const visits = pairVisits(toLike(rows), Math.min(now, to));
  const multiplierAt = await campaignMultipliers(db, new Date(from), new Date(to));
  const siteById = new Map(sites.map((s) => [s.id, s]));
  let required = 0;
  let met = 0;
  const siteReports = sites.map((s) => {
    const mine = visits.filter((v) => v.siteId === s.id);
    const multiplier = multiplierAt(s.territoryPath, from + 12 * 3600_000);
    const slots = slotCompliance(visitSlots(s.dosage, requiredFrom(s, from), requiredUntil(s, to), multiplier), mine, now);
    const due = slots.filter((x) => x.status !== 'upcoming' && x.status !== 'open');
    required += due.length;
    met += due.filter((x) => x.status === 'met').length;
    return {
      siteId: s.id,
      name: s.name,
      category: s.category,
      riskLevel: s.riskLevel,
      gridCode: s.gridCode,
      active: s.active,
      multiplier,
      minutesPresent: minutesPresent(mine, from, to),
      visits: mine.length,
      slotsDue: due.length,
      slotsMet: due.filter((x) => x.status === 'met').length,
      slots: slots.map((x) => ({ windowIndex: x.slot.windowIndex, start: new Date(x.slot.start).toISOString(), end: new Date(x.slot.end).toISOString(), status: x.status, dwellMinutes: x.dwellMinutes })),
    };
  });
  const workers = new Map<string, { workerId: string; name: string | null; visits: number; minutesOnSite: number; distanceMeters: number }>();
  const names = await displayNames(db, [...new Set(visits.map((v) => v.workerId))]);
  const byWorker = new Map<string, typeof visits>();
  for (const v of visits) byWorker.set(v.workerId, [...(byWorker.get(v.workerId) ?? []), v]);
  for (const [workerId, vs] of byWorker) {
    let distance = 0;
    for (let i = 1; i < vs.length; i++) {
      const a = siteById.get(vs[i - 1]!.siteId)!;
      const b = siteById.get(vs[i]!.siteId)!;
      distance += haversineMeters(a.lat, a.lng, b.lat, b.lng);
    }
    workers.set(workerId, { workerId, name: names.get(workerId) ?? null, visits: vs.length, minutesOnSite: Math.round(vs.reduce((t, v) => t + v.dwellMinutes, 0) * 10) / 10, distanceMeters: Math.round(distance) });
  }
  return { date, scopeCode: o.scopeCode, slotsDue: required, slotsMet: met, compliance: required === 0 ? 1 : met / required, sites: siteReports, workers: [...workers.values()] };
}

/**
 * Sites not covered right now (for the map): the current slot is running unvisited, or the last
 * finished slot was missed. Each with its position and minutes since the last arrival (null = never).
 */
export async function listUncoveredSites(db: Executor, o: { actor: Actor; scopeCode: string; now: Date }) {
  const sites = await scopedSites(db, o.actor, o.scopeCode);
  const now = o.now.getTime();
  const from = now - 24 * 3600_000;
  const rows = await checkinsAt(db, sites.map((s) => s.id), new Date(from).toISOString(), new Date(now + 1).toISOString());
  const visits = pairVisits(toLike(rows), now);
  const last = await lastArrivals(db, sites.map((s) => s.id), new Date(now + 1).toISOString());
  const multiplierAt = await campaignMultipliers(db, new Date(from), new Date(now + 1));
  const out = [];
  for (const s of sites) {
    const slots = slotCompliance(visitSlots(s.dosage, requiredFrom(s, from), now + 1, multiplierAt(s.territoryPath, now)), visits.filter((v) => v.siteId === s.id), now);
    const current = slots.filter((x) => x.slot.start <= now && x.slot.end > now);
    const lastEnded = slots.filter((x) => x.slot.end <= now).at(-1);
    const uncoveredNow = current.some((x) => x.status === 'open');
    const missedLast = lastEnded !== undefined && (lastEnded.status === 'missed' || lastEnded.status === 'short');
    if (!uncoveredNow && !missedLast) continue;
    const lastAt = last.get(s.id) ?? null;
    out.push({
      siteId: s.id,
      name: s.name,
      category: s.category,
      riskLevel: s.riskLevel,
      lat: s.lat,
      lng: s.lng,
      gridCode: s.gridCode,
      state: missedLast ? ('missed' as const) : ('due' as const),
      lastVisitAt: lastAt,
      minutesSinceLastVisit: lastAt ? Math.round((now - Date.parse(lastAt)) / 60_000) : null,
    });
  }
  out.sort((a, b) => (b.minutesSinceLastVisit ?? Infinity) - (a.minutesSinceLastVisit ?? Infinity));
  return { scopeCode: o.scopeCode, at: o.now.toISOString(), sites: out };
}
