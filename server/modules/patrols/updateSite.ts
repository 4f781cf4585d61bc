import type { Actor } from '../../access/actor.ts';
import { requireAccess } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { PatrolSiteRow } from '../../storage/schema.ts';
import { dosageProblems } from '../../../shared/patrols/dosage.ts';
import type { UpdateSiteBody } from '../../../shared/patrols/wire.ts';
import { fenceCentre } from '../../../shared/patrols/geo.ts';
import type { PolygonIndex } from '../territory/gridIndex.ts';
import { manageableGridAt, siteGeofence } from './createSite.ts';
import { findSite, updateSiteRow } from './patrols.repository.ts';
import { toSite, type Site } from './sites.ts';

/**
 * The PATCH body (expectedUpdatedAt: the updatedAt the editor read, a site changed since answers
 * STALE_TRANSITION; polygon null goes back to a circle around the point) plus the site and who, when.
 */
export type UpdateSiteOptions = UpdateSiteBody & { actor: Actor; now: Date; gridIndex: PolygonIndex; siteId: string };

const FIELDS = ['name', 'category', 'riskLevel', 'location', 'radiusMeters', 'polygon', 'dosage'] as const;

/**
 * Edit a key site (name, category, risk, geofence, dosage) or deactivate (停用) / reactivate it.
 * A deactivated site leaves plans, uncovered lists, gap alerts and compliance from that moment on;
 * what was due before stays in past compliance. A deactivated site is frozen: the only edit it takes
 * is `active: true` (so its updated_at stays the moment it stopped). Moving it re-finds its grid, and
 * the editor must manage key sites in both the old and the new grid.
 */
export async function updateSite(trx: Trx, o: UpdateSiteOptions): Promise<Site> {
  await requireAccess(trx, { actor: o.actor, action: 'patrol.manage', resource: 'patrolSite', ids: [o.siteId] });
  const row = await findSite(trx, o.siteId);
  if (!row) throw notFound('key site');
  if (Date.parse(row.updated_at) !== Date.parse(o.expectedUpdatedAt)) {
    throw new AppError('STALE_TRANSITION', `重点部位已于 ${row.updated_at} 被修改，请刷新后重试 / the site changed since you read it; reload it`, 'expectedUpdatedAt', { updatedAt: row.updated_at, active: row.active === 1 });
  }
  const changesGiven = FIELDS.filter((f) => o[f] !== undefined);
  if (row.active === 0 && o.active !== true) {
    throw new AppError('INVALID_TRANSITION', '停用的重点部位需先启用再修改 / a deactivated site must be reactivated before it is edited', changesGiven[0] ?? 'active');
  }
  if (changesGiven.length === 0 && (o.active === undefined || o.active === (row.active === 1))) {
    throw new AppError('VALIDATION_FAILED', 'nothing to change: give at least one field', 'name');
  }

  const before = toSite(row);
  const values: Partial<PatrolSiteRow> = {};
  if (o.name !== undefined) values.name = o.name;
  if (o.category !== undefined) values.category = o.category;
  if (o.riskLevel !== undefined) values.risk_level = o.riskLevel;
  if (o.dosage !== undefined) {
    const problems = dosageProblems(o.dosage);
    if (problems.length) throw new AppError('VALIDATION_FAILED', `${problems[0]![0]}: ${problems[0]![1]}`, problems[0]![0]);
    values.dosage_json = JSON.stringify(o.dosage);
  }
  if (o.location !== undefined || o.radiusMeters !== undefined || o.polygon !== undefined) {
    const point = o.location ?? { lat: row.lat, lng: row.lng };
    // A new point or radius without a polygon means a circle (the editor sends one geofence or the other).
    const geofence = siteGeofence(point, o.radiusMeters ?? (before.geofence.type === 'circle' ? before.geofence.radiusMeters : 100), o.polygon);
    const centre = geofence.type === 'polygon' ? fenceCentre(geofence) : point;
    const grid = await manageableGridAt(trx, { actor: o.actor, gridIndex: o.gridIndex, point: centre, field: o.location ? 'location' : 'polygon' });
    if (grid.code !== row.grid_code) {
      values.grid_code = grid.code;
      values.territory_path = grid.path;
    }
    values.lat = centre.lat;
    values.lng = centre.lng;
    values.geofence_json = JSON.stringify(geofence);
  }
  if (o.active !== undefined) values.active = o.active ? 1 : 0;
  // Strictly increasing, so two edits within one millisecond still give different tokens.
  const updatedAt = new Date(Math.max(o.now.getTime(), Date.parse(row.updated_at) + 1)).toISOString();
  values.updated_at = updatedAt;
  if (!(await updateSiteRow(trx, row.id, row.updated_at, values))) {
    throw new AppError('STALE_TRANSITION', '重点部位刚被他人修改，请刷新后重试 / the site changed while saving; reload it', 'expectedUpdatedAt');
  }
  const after = toSite({ ...row, ...values } as PatrolSiteRow);
  const action = o.active === false && row.active === 1 ? 'patrol.site.deactivate' : o.active === true && row.active === 0 ? 'patrol.site.reactivate' : 'patrol.site.update';
  const shape = (s: Site) => ({ name: s.name, category: s.category, riskLevel: s.riskLevel, gridCode: s.gridCode, lat: s.lat, lng: s.lng, geofence: s.geofence, dosage: s.dosage, active: s.active });
  await appendAudit(trx, o.actor, { action, recordType: 'patrol_site', recordId: row.id, before: shape(before), after: shape(after) });
  return after;
}
