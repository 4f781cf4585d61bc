import gcoordModule from 'gcoord';
import { kinks } from '@turf/kinks';
import { unkinkPolygon } from '@turf/unkink-polygon';

/**
 * Pure geometry helpers for territory polygons (no I/O): CRS conversion, validation and repair,
 * bounding boxes. Territory is stored in WGS84; Chinese map data usually arrives in GCJ-02 (火星坐标)
 * or BD-09 (百度坐标) and is converted on import.
 */

// gcoord is CommonJS whose typings declare a default export: at runtime the import is the object itself.
const gcoord = ((gcoordModule as unknown as { default?: unknown }).default ?? gcoordModule) as (typeof gcoordModule)['default'];

export type Crs = 'wgs84' | 'gcj02' | 'bd09';
export const CRS_VALUES: readonly Crs[] = ['wgs84', 'gcj02', 'bd09'];

export type AreaGeometry = GeoJSON.Polygon | GeoJSON.MultiPolygon;

export interface BBox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

/** Rings of every polygon of a Polygon or MultiPolygon (outer ring first, then holes). */
export function polygonsOf(geometry: AreaGeometry): GeoJSON.Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Bounding box over every position of the geometry. */
export function bboxOf(geometry: AreaGeometry): BBox {
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      for (const p of ring) {
        const lng = p[0]!;
        const lat = p[1]!;
        if (lng < minLng) minLng = lng;
        if (lng > maxLng) maxLng = lng;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
    }
  }
  return { minLng, minLat, maxLng, maxLat };
}

/** A copy of the geometry converted from the given CRS to WGS84 (identity for wgs84). */
export function toWgs84<G extends AreaGeometry>(geometry: G, crs: Crs): G {
  const copy = structuredClone(geometry);
  if (crs === 'wgs84') return copy;
  const from = crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
  // gcoord converts GeoJSON geometries in place.
  return gcoord.transform(copy as never, from, gcoord.WGS84) as unknown as G;
}

/** Convert a single point to WGS84. Input and output are [lng, lat]. */
export function pointToWgs84(lng: number, lat: number, crs: Crs): [number, number] {
  if (crs === 'wgs84') return [lng, lat];
  const from = crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
  const [x, y] = gcoord.transform([lng, lat], from, gcoord.WGS84) as [number, number];
  return [x, y];
}

export interface GeometryCheck {
  /** The geometry to store (repaired when repair was asked for and possible), or null when refused. */
  geometry: AreaGeometry | null;
  /** Reasons the geometry is invalid (empty when valid or repaired). */
  problems: string[];
  /** What repair changed, for the import report. */
  repairs: string[];
}

function samePosition(a: GeoJSON.Position, b: GeoJSON.Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/**
 * Validate a territory geometry: Polygon/MultiPolygon, finite WGS84-range positions, closed rings of
 * at least 4 positions, no self-intersections. With `repair`, unclosed rings are closed and
 * self-intersecting polygons are split into simple ones (@turf/unkink-polygon); problems that cannot
 * be repaired (wrong type, bad numbers, too few points) are always refused.
 */
export function checkGeometry(input: unknown, repair: boolean): GeometryCheck {
  const problems: string[] = [];
  const repairs: string[] = [];
  const g = input as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object') return { geometry: null, problems: ['geometry is missing'], repairs };
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    return { geometry: null, problems: [`geometry type must be Polygon or MultiPolygon, got ${String(g.type)}`], repairs };
  }
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) {
    return { geometry: null, problems: ['geometry has no coordinates'], repairs };
  }
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  const clean: GeoJSON.Position[][][] = [];
  polygons.forEach((polygon, pi) => {
    if (!Array.isArray(polygon) || polygon.length === 0) {
      problems.push(`polygon ${pi}: has no rings`);
      return;
    }
    const rings: GeoJSON.Position[][] = [];
    polygon.forEach((ring: unknown, ri: number) => {
      const where = g.type === 'Polygon' ? `ring ${ri}` : `polygon ${pi} ring ${ri}`;
      if (!Array.isArray(ring)) {
        problems.push(`${where}: is not an array of positions`);
        return;
      }
      const positions: GeoJSON.Position[] = [];
      for (const [k, p] of ring.entries()) {
        if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
          problems.push(`${where}: position ${k} is not a [lng, lat] pair of numbers`);
          return;
        }
        const [lng, lat] = p as [number, number];
        if (lng < -180 || lng > 180 || lat < -90 || lat > 90) {
          problems.push(`${where}: position ${k} [${lng}, ${lat}] is outside longitude -180..180 / latitude -90..90`);
          return;
        }
        positions.push([lng, lat]);
      }
      if (positions.length > 0 && !samePosition(positions[0]!, positions[positions.length - 1]!)) {
        if (repair) {
          positions.push([...positions[0]!]);
          repairs.push(`${where}: closed the ring`);
        } else {
          problems.push(`${where}: ring is not closed (first and last positions differ); use --repair to close it`);
          return;
        }
      }
      if (positions.length < 4) {
        problems.push(`${where}: a ring needs at least 4 positions (closed), has ${positions.length}`);
        return;
      }
      rings.push(positions);
    });
    clean.push(rings);
  });
  if (problems.length > 0) return { geometry: null, problems, repairs };

  let geometry: AreaGeometry =
    g.type === 'Polygon' ? { type: 'Polygon', coordinates: clean[0]! } : { type: 'MultiPolygon', coordinates: clean };
  // Each polygon is checked on its own: a ring crossing itself or its holes is invalid, while parts
  // of a MultiPolygon that touch (common in official district outlines) are not a self-intersection.
  const crossings = clean.flatMap((rings) => kinks({ type: 'Polygon', coordinates: rings }).features);
  if (crossings.length > 0) {
    const at = crossings[0]!.geometry.coordinates;
    if (!repair) {
      problems.push(
        `polygon intersects itself at ${crossings.length} point(s), first near [${at[0]!.toFixed(6)}, ${at[1]!.toFixed(6)}]; use --repair to split it`,
      );
      return { geometry: null, problems, repairs };
    }
    const parts = unkinkPolygon(geometry).features.map((f) => f.geometry.coordinates);
    geometry = parts.length === 1 ? { type: 'Polygon', coordinates: parts[0]! } : { type: 'MultiPolygon', coordinates: parts };
    repairs.push(`split a self-intersecting polygon into ${parts.length} simple part(s)`);
  }
  return { geometry, problems, repairs };
}
