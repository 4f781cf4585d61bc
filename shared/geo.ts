/**
 * The one great-circle distance, shared by server and browser. WGS84 coordinates on a sphere of the
 * IUGG mean earth radius R1 = 6 371 008.8 m: within 0.5 % of the ellipsoid at city scale, far below
 * phone GPS error. This is the radius the field app's offline geofence check (shared/patrols/geo.ts)
 * has always used, so server and phone agree on "inside the site"; the duplicate hint (100 m) and the
 * patrol distance moved by well under a millimetre when the 6 371 000 m copy in case intake was dropped.
 */
export const EARTH_RADIUS_M = 6_371_008.8;

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres between two WGS84 points (haversine). */
export function haversineMeters(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLng = rad(lng2 - lng1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}
