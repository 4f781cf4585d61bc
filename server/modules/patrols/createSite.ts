import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { defaultDosage, dosageProblems } from '../../../shared/patrols/dosage.ts';
import type { CreateSiteBody } from '../../../shared/patrols/wire.ts';
import { fenceCentre, type Geofence } from '../../../shared/patrols/geo.ts';
import { checkGeometry } from '../../../shared/territory/geo.ts';
import { locatePoint, type PolygonIndex } from '../territory/gridIndex.ts';
import { requireNode } from '../../access/access.ts';
import { insertSite } from './patrols.repository.ts';
import { toSite, type Site } from './sites.ts';

/** The POST body plus who, when, and the grid index that files the site in its grid. */
export type CreateSiteOptions = CreateSiteBody & { actor: Actor; now: Date; gridIndex: PolygonIndex };

/** A geofence from the editor's input: the polygon when given (checked), else a circle around the point. */
export function siteGeofence(point: { lat: number; lng: number }, radiusMeters: number, polygon: GeoJSON.Polygon | null | undefined): Geofence {
  if (!polygon) return { type: 'circle', lat: point.lat, lng: point.lng, radiusMeters };
  const check = checkGeometry(polygon, false);
  if (!check.geometry || check.problems.length) throw new AppError('INVALID_GEOMETRY', `polygon: ${check.problems[0] ?? 'invalid polygon'}`, 'polygon');
  return { type: 'polygon', polygon };
}

/**
 * The grid a key site at this point lies in, which the actor must be allowed to manage key sites in
 * (the central node check: a grid they cannot even read answers NOT_FOUND, one they read but may not manage FORBIDDEN). `field` names the input blamed when it fails.
 */
export async function manageableGridAt(trx: Trx, o: { actor: Actor; gridIndex: PolygonIndex; point: { lat: number; lng: number }; field: string }): Promise<{ code: string; path: string }> {
  const code = locatePoint(o.gridIndex, o.point.lat, o.point.lng);
  if (!code) throw new AppError('OUTSIDE_TERRITORY', 'location: 该位置不在任何网格内 / the point lies in no grid', o.field);
  const grid = await requireNode(trx, { actor: o.actor, action: 'patrol.manage', code, field: o.field });
  return { code, path: grid.path };
}

/** Register a key site (重点部位): its grid comes from its stored point (a polygon's centre) through the grid index. */
export async function createSite(trx: Trx, o: CreateSiteOptions): Promise<Site> {
  const geofence = siteGeofence(o.location, o.radiusMeters ?? 100, o.polygon);
  const dosage = o.dosage ?? defaultDosage(o.category, o.riskLevel);
  const problems = dosageProblems(dosage);
  if (problems.length) throw new AppError('VALIDATION_FAILED', `${problems[0]![0]}: ${problems[0]![1]}`, problems[0]![0]);
  // The site is filed in the grid of the point it is stored at (a polygon's centre), as an edit does.
  const centre = o.polygon ? fenceCentre(geofence) : o.location;
  const { code: gridCode, path } = await manageableGridAt(trx, { actor: o.actor, gridIndex: o.gridIndex, point: centre, field: o.polygon ? 'polygon' : 'location' });
  const nowIso = o.now.toISOString();
  const row = {
    id: uuidv7(),
    name: o.name,
    category: o.category,
    risk_level: o.riskLevel,
    lat: centre.lat,
    lng: centre.lng,
    geofence_json: JSON.stringify(geofence),
    dosage_json: JSON.stringify(dosage),
    grid_code: gridCode,
    territory_path: path,
    active: 1,
    created_by: o.actor.id,
    created_at: nowIso,
    updated_at: nowIso,
  };
  await insertSite(trx, row);
  await appendAudit(trx, o.actor, { action: 'patrol.site.create', recordType: 'patrol_site', recordId: row.id, after: { name: row.name, category: row.category, riskLevel: row.risk_level, gridCode, dosage } });
  return toSite(row);
}
