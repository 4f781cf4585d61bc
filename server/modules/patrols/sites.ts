import type { DosageWindow } from '../../../shared/patrols/dosage.ts';
import type { Geofence } from '../../../shared/patrols/geo.ts';
import type { SiteView } from '../../../shared/patrols/wire.ts';
import type { PatrolSiteRow } from '../../storage/schema.ts';
import { campaignPhasesOverlapping } from './patrols.repository.ts';
import type { Executor } from '../../storage/db.ts';

/** A key site as domain code sees it (JSON parsed): its wire shape plus the territory path access reads. */
export type Site = SiteView & { territoryPath: string };

/** Row → domain. */
export function toSite(row: PatrolSiteRow): Site {
  return {
    id: row.id,
    name: row.name,
    category: row.category,
    riskLevel: row.risk_level,
    lat: row.lat,
    lng: row.lng,
    geofence: JSON.parse(row.geofence_json) as Geofence,
    dosage: JSON.parse(row.dosage_json) as DosageWindow[],
    gridCode: row.grid_code,
    territoryPath: row.territory_path,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    active: row.active === 1,
    // A deactivated site is frozen (updateSite only reactivates it), so its last change is when it stopped.
    deactivatedAt: row.active === 1 ? null : row.updated_at,
  };
}

/** Start of the period in which a site needs visits: never before it was registered (no gaps "missed" before it existed). */
export function requiredFrom(site: Site, from: number): number {
  return Math.max(from, Date.parse(site.createdAt));
}

/** End of the period in which a site needs visits: never after it was deactivated (past compliance stays, nothing is due afterwards). */
export function requiredUntil(site: Site, to: number): number {
  return site.deactivatedAt === null ? to : Math.max(Math.min(to, Date.parse(site.deactivatedAt)), 0);
}

/** Domain → wire: everything but the territory path. */
export function presentSite(site: Site): SiteView {
  const { territoryPath: _territoryPath, ...view } = site;
  return view;
}

/**
 * The patrol multiplier (巡逻频次倍数) in force for a territory path at an instant: the largest among
 * campaign phases covering it, 1 when none. Returns a lookup over phases loaded once.
 */
export async function campaignMultipliers(db: Executor, from: Date, to: Date): Promise<(path: string, at: number) => number> {
  const phases = await campaignPhasesOverlapping(db, from.toISOString(), to.toISOString());
  const parsed = phases.map((p) => ({ path: p.territory_path, from: Date.parse(p.starts_at), to: Date.parse(p.ends_at), m: Number(p.patrol_multiplier) }));
  return (path, at) => {
    let m = 1;
    for (const p of parsed) if (path.startsWith(p.path) && at >= p.from && at < p.to && p.m > m) m = p.m;
    return m;
  };
}
