import type { Actor } from '../../access/actor.ts';
import type { Executor } from '../../storage/db.ts';
import { localDay } from '../../../shared/patrols/dosage.ts';
import { checkinsAt, sitesByIds } from './patrols.repository.ts';
import { dayRange } from './getCompliance.ts';
import { presentSite, toSite } from './sites.ts';
import type { MyRoute } from '../../../shared/patrols/wire.ts';

/**
 * 今日巡逻: the calling worker's own planned visits on a local (UTC+8) day, in order, with each site
 * (geofence included, so the phone can check a GPS fix offline) and the worker's check-ins so far.
 * No territory check: these visits were assigned to this person by name, and a plan made for a whole
 * street must still show its grid worker their own route (their patrol.read covers only their grid).
 */
export async function getMyRoute(db: Executor, o: { actor: Actor; date?: string | undefined; now: Date }): Promise<MyRoute> {
  const date = o.date ?? localDay(o.now.getTime());
  const { from, to } = dayRange(date);
  const rows = o.actor.id
    ? await db
        .selectFrom('patrol_plan_visits')
        .innerJoin('patrol_plans', 'patrol_plans.id', 'patrol_plan_visits.plan_id')
        .select(['patrol_plan_visits.plan_id', 'patrol_plan_visits.site_id', 'patrol_plan_visits.seq', 'patrol_plan_visits.slot_start', 'patrol_plan_visits.slot_end', 'patrol_plan_visits.planned_start', 'patrol_plan_visits.planned_end', 'patrol_plans.shift_start', 'patrol_plans.shift_end'])
        .where('patrol_plan_visits.worker_id', '=', o.actor.id)
        .where('patrol_plan_visits.planned_start', '>=', new Date(from).toISOString())
        .where('patrol_plan_visits.planned_start', '<', new Date(to).toISOString())
        .orderBy('patrol_plan_visits.planned_start')
        .execute()
    : [];
  const allSites = (await sitesByIds(db, rows.map((v) => v.site_id))).map(toSite);
  // A site deactivated (停用) after the plan was made drops off the route from then on.
  const stoppedAt = new Map(allSites.filter((s) => s.deactivatedAt !== null).map((s) => [s.id, s.deactivatedAt!]));
  const visits = rows.filter((v) => !stoppedAt.has(v.site_id) || v.planned_start < stoppedAt.get(v.site_id)!);
  const sites = allSites.filter((s) => visits.some((v) => v.site_id === s.id));
  const mine = o.actor.id ? (await checkinsAt(db, sites.map((s) => s.id), new Date(from).toISOString(), new Date(to).toISOString())).filter((c) => c.worker_id === o.actor.id) : [];
  mine.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return {
    date,
    visits: visits.map((v) => ({ planId: v.plan_id, siteId: v.site_id, seq: v.seq, slotStart: v.slot_start, slotEnd: v.slot_end, plannedStart: v.planned_start, plannedEnd: v.planned_end })),
    sites: sites.map(presentSite),
    // kind was stored from the validated body: always 'arrive' or 'depart'.
    checkins: mine.map((c) => ({ id: c.id, siteId: c.site_id, kind: c.kind as 'arrive' | 'depart', at: c.at, clientNonce: c.client_nonce })),
  };
}
