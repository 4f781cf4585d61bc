import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { defaultDosage, dosageProblems, type DosageWindow, type RiskLevel, type SiteCategory } from '../../../shared/patrols/dosage.ts';
import { fenceCentre, type Geofence } from '../../../shared/patrols/geo.ts';
import { checkGeometry } from '../../../shared/territory/geo.ts';
import { locatePoint, type PolygonIndex } from '../territory/gridIndex.ts';
import { actorCan } from '../../access/access.ts';
import { insertSite } from './patrols.repository.ts';
import { toSite, type Site } from './sites.ts';

export interface CreateSiteOptions {
  actor: Actor;
  now: Date;
  gridIndex: PolygonIndex;
  name: string;
  category: SiteCategory;
  riskLevel: RiskLevel;
  location: { lat: number; lng: number };
  radiusMeters?: number | undefined;
  polygon?: GeoJSON.Polygon | undefined;
  dosage?: DosageWindow[] | undefined;
}

/** Register a key site (重点部位): its grid comes from its point through the grid index. */
export async function createSite(trx: Trx, o: CreateSiteOptions): Promise<Site> {
  let geofence: Geofence;
  if (o.polygon) {
    const check = checkGeometry(o.polygon, false);
    if (!check.geometry || check.problems.length) throw new AppError('INVALID_GEOMETRY', `polygon: ${check.problems[0] ?? 'invalid polygon'}`, 'polygon');
    geofence = { type: 'polygon', polygon: o.polygon };
  } else {
    geofence = { type: 'circle', lat: o.location.lat, lng: o.location.lng, radiusMeters: o.radiusMeters ?? 100 };
  }
  const dosage = o.dosage ?? defaultDosage(o.category, o.riskLevel);
  const problems = dosageProblems(dosage);
  if (problems.length) throw new AppError('VALIDATION_FAILED', `${problems[0]![0]}: ${problems[0]![1]}`, problems[0]![0]);
  const gridCode = locatePoint(o.gridIndex, o.location.lat, o.location.lng);
  if (!gridCode) throw new AppError('OUTSIDE_TERRITORY', 'location: 该位置不在任何网格内 / the point lies in no grid', 'location');
  const grid = await trx.selectFrom('territory_nodes').select(['path']).where('code', '=', gridCode).executeTakeFirstOrThrow();
  if (!actorCan(o.actor, 'patrol.manage', [grid.path])) {
    throw new AppError(actorCan(o.actor, 'patrol.read', [grid.path]) ? 'FORBIDDEN' : 'NOT_FOUND', actorCan(o.actor, 'patrol.read', [grid.path]) ? 'your role may not manage key sites here' : 'grid not found', 'location');
  }
  const centre = o.polygon ? fenceCentre(geofence) : o.location;
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
    territory_path: grid.path,
    active: 1,
    created_by: o.actor.id,
    created_at: nowIso,
    updated_at: nowIso,
  };
  await insertSite(trx, row);
  await appendAudit(trx, o.actor, { action: 'patrol.site.create', recordType: 'patrol_site', recordId: row.id, after: { name: row.name, category: row.category, riskLevel: row.risk_level, gridCode, dosage } });
  return toSite(row);
}
