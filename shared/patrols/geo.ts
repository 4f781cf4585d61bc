import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { EARTH_RADIUS_M, haversineMeters } from '../geo.ts';

/**
 * Geofence maths for key sites (重点部位), pure and usable offline in the field app.
 * Coordinates are WGS84; distances in metres from shared/geo.ts (haversine on the mean earth radius).
 */

const rad = (deg: number) => (deg * Math.PI) / 180;

/** A site's geofence: a circle around its point, or a polygon (outer ring first, holes after). */
export type Geofence =
  | { type: 'circle'; lat: number; lng: number; radiusMeters: number }
  | { type: 'polygon'; polygon: GeoJSON.Polygon };

/** Distance in metres from a point to a segment, on a local equirectangular projection (fine below ~50 km). */
function pointSegmentMeters(lat: number, lng: number, a: GeoJSON.Position, b: GeoJSON.Position): number {
  const kx = Math.cos(rad(lat)) * (Math.PI / 180) * EARTH_RADIUS_M;
  const ky = (Math.PI / 180) * EARTH_RADIUS_M;
  const ax = (a[0]! - lng) * kx;
  const ay = (a[1]! - lat) * ky;
  const bx = (b[0]! - lng) * kx;
  const by = (b[1]! - lat) * ky;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/**
 * How far (metres) a point lies outside the geofence: 0 when inside or on the boundary.
 * This is what a refused GPS check-in reports ("you are 240 m from the site").
 */
export function distanceOutsideGeofence(fence: Geofence, lat: number, lng: number): number {
  if (fence.type === 'circle') return Math.max(0, haversineMeters(lat, lng, fence.lat, fence.lng) - fence.radiusMeters);
  if (booleanPointInPolygon([lng, lat], fence.polygon)) return 0;
  let best = Infinity;
  for (const ring of fence.polygon.coordinates) {
    for (let i = 0; i + 1 < ring.length; i++) best = Math.min(best, pointSegmentMeters(lat, lng, ring[i]!, ring[i + 1]!));
  }
  return best;
}

/** The reference point of a fence: the circle centre or the polygon's vertex average (for travel times). */
export function fenceCentre(fence: Geofence): { lat: number; lng: number } {
  if (fence.type === 'circle') return { lat: fence.lat, lng: fence.lng };
  const ring = fence.polygon.coordinates[0]!;
  const pts = ring.length > 1 ? ring.slice(0, -1) : ring;
  let lat = 0;
  let lng = 0;
  for (const p of pts) {
    lng += p[0]!;
    lat += p[1]!;
  }
  return { lat: lat / pts.length, lng: lng / pts.length };
}
