import Flatbush from 'flatbush';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Executor } from '../../storage/db.ts';
import { bboxOf, type AreaGeometry } from '../../../shared/territory/geo.ts';
import { gridRowsForIndex, gridSignature } from './territory.repository.ts';

/**
 * Point → area lookup through a packed R-tree (flatbush) over polygon bounding boxes; only the
 * few polygons whose box contains the point are tested exactly with turf. Never scans all polygons.
 */
export interface PolygonIndex {
  readonly codes: readonly string[];
  readonly geometries: readonly AreaGeometry[];
  /** null when there are no polygons (flatbush refuses zero items). */
  readonly tree: Flatbush | null;
}

/** One indexable area: its code and its GeoJSON Polygon/MultiPolygon (object or JSON text). */
export interface IndexableArea {
  code: string;
  geometry: AreaGeometry | string | null;
}

/** Build an index over areas of any level (grids, districts…). Areas without geometry are skipped. */
export function buildPolygonIndex(rows: readonly IndexableArea[]): PolygonIndex {
  const codes: string[] = [];
  const geometries: AreaGeometry[] = [];
  for (const row of rows) {
    if (!row.geometry) continue;
    const g = typeof row.geometry === 'string' ? (JSON.parse(row.geometry) as AreaGeometry) : row.geometry;
    if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') continue;
    codes.push(row.code);
    geometries.push(g);
  }
  if (codes.length === 0) return { codes, geometries, tree: null };
  const tree = new Flatbush(codes.length);
  for (const g of geometries) {
    const b = bboxOf(g);
    tree.add(b.minLng, b.minLat, b.maxLng, b.maxLat);
  }
  tree.finish();
  return { codes, geometries, tree };
}

/**
 * The code of the area containing a WGS84 point, or null. Boundaries count as inside; a point on
 * an edge shared by several areas gets the smallest code, so the answer never depends on load order.
 */
export function locatePoint(index: PolygonIndex, lat: number, lng: number): string | null {
  if (!index.tree) return null;
  const candidates = index.tree.search(lng, lat, lng, lat);
  let best: string | null = null;
  const point: [number, number] = [lng, lat];
  for (const i of candidates) {
    const code = index.codes[i]!;
    if (best !== null && code >= best) continue;
    if (booleanPointInPolygon(point, index.geometries[i]!)) best = code;
  }
  return best;
}

// ---- per-process cache of the grid index -------------------------------------------------------

interface CacheEntry {
  index: Promise<PolygonIndex>;
  signature: string;
  checkedAt: number;
  version: number;
}

const cache = new WeakMap<object, CacheEntry>();
let version = 0;

/**
 * How often a cached index re-checks the database for changes made by other processes (the CLI
 * importer, another server behind the load balancer). Changes in this process invalidate at once.
 */
const RECHECK_MS = 5_000;

/** Mark every cached grid index stale: call after a committed change to grid geometry. */
export function invalidateTerritoryIndex(): void {
  version += 1;
}

/**
 * The grid-level index for this database, cached per process. Rebuilt lazily after
 * invalidateTerritoryIndex() or when the grid rows' signature (count, latest update) changed.
 */
export async function getGridIndex(db: Executor, now = Date.now()): Promise<PolygonIndex> {
  const key = db as object;
  const entry = cache.get(key);
  if (entry && entry.version === version && now - entry.checkedAt < RECHECK_MS) return entry.index;
  const signature = await gridSignature(db);
  if (entry && entry.version === version && entry.signature === signature) {
    entry.checkedAt = now;
    return entry.index;
  }
  const fresh: CacheEntry = {
    index: gridRowsForIndex(db).then((rows) => buildPolygonIndex(rows)),
    signature,
    checkedAt: now,
    version,
  };
  cache.set(key, fresh);
  // A failed build must not stay cached.
  fresh.index.catch(() => {
    if (cache.get(key) === fresh) cache.delete(key);
  });
  return fresh.index;
}
