import Flatbush from 'flatbush';
import polygonClipping, { type MultiPolygon, type Pair, type Polygon, type Ring } from 'polygon-clipping';
import type { Rng } from './random.ts';

/**
 * Planar geometry for the synthetic grids. Coordinates are WGS84 degrees; over one city the error of
 * treating them as planar after scaling longitude by cos(latitude) is far below a grid's size.
 */

export interface BBox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

export interface Cell {
  geometry: MultiPolygon;
  /** Area-weighted centroid. */
  lng: number;
  lat: number;
  /** Area in square degrees of latitude (longitude scaled by cos(lat)). */
  area: number;
}

export function bboxOf(geom: MultiPolygon): BBox {
  let minLng = Infinity, minLat = Infinity, maxLng = -Infinity, maxLat = -Infinity;
  for (const polygon of geom) {
    for (const ring of polygon) {
      for (const [x, y] of ring) {
        if (x < minLng) minLng = x;
        if (x > maxLng) maxLng = x;
        if (y < minLat) minLat = y;
        if (y > maxLat) maxLat = y;
      }
    }
  }
  return { minLng, minLat, maxLng, maxLat };
}

function ringSignedArea(ring: Ring, kx: number): { area: number; cx: number; cy: number } {
  let a = 0, cx = 0, cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j]!;
    const [x1, y1] = ring[i]!;
    const cross = x0 * kx * y1 - x1 * kx * y0;
    a += cross;
    cx += (x0 * kx + x1 * kx) * cross;
    cy += (y0 + y1) * cross;
  }
  a /= 2;
  return a === 0 ? { area: 0, cx: 0, cy: 0 } : { area: a, cx: cx / (6 * a) / kx, cy: cy / (6 * a) };
}

/** Area (outer rings minus holes) and area-weighted centroid. */
export function areaAndCentroid(geom: MultiPolygon, kx: number): { area: number; lng: number; lat: number } {
  let total = 0, sx = 0, sy = 0;
  for (const polygon of geom) {
    polygon.forEach((ring, idx) => {
      const r = ringSignedArea(ring, kx);
      const a = Math.abs(r.area) * (idx === 0 ? 1 : -1);
      total += a;
      sx += r.cx * a;
      sy += r.cy * a;
    });
  }
  return total === 0 ? { area: 0, lng: NaN, lat: NaN } : { area: total, lng: sx / total, lat: sy / total };
}

/** Even-odd point in (multi)polygon; holes count because they are rings too. */
export function pointInMultiPolygon(lng: number, lat: number, geom: MultiPolygon): boolean {
  let inside = false;
  for (const polygon of geom) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

/**
 * Tile a district with a pointy-top hexagon lattice sized so it yields about `target` cells, clipped to
 * the district boundary. Vertices come from one integer lattice, so neighbouring hexagons share
 * bit-identical vertices and unions of cells come out clean. Clipped slivers (under a quarter of a hexagon)
 * are merged into the nearest full-enough cell, so the cells still cover the whole district.
 */
export function hexCells(boundary: MultiPolygon, target: number, offset: readonly [number, number] = [0, 0]): Cell[] {
  const box = bboxOf(boundary);
  const kx = Math.cos((((box.minLat + box.maxLat) / 2) * Math.PI) / 180);
  const { area: districtArea } = areaAndCentroid(boundary, kx);
  const hexArea = districtArea / target;
  const side = Math.sqrt(hexArea / ((3 * Math.sqrt(3)) / 2));
  const stepX = (side * Math.sqrt(3)) / 2 / kx; // lattice unit along longitude (degrees)
  const stepY = side / 2; // lattice unit along latitude (degrees)
  // The seed shifts the lattice by up to one hexagon, so different seeds give different grids.
  const originX = box.minLng - 2 * stepX - offset[0] * 2 * stepX;
  const originY = box.minLat - 2 * stepY - offset[1] * 3 * stepY;
  const vertex = (i: number, j: number): Pair => [originX + i * stepX, originY + j * stepY];

  // Boundary segments in a spatial index: a hexagon no segment touches is either wholly in or wholly out.
  const segments: [Pair, Pair][] = [];
  for (const polygon of boundary) for (const ring of polygon) for (let i = 1; i < ring.length; i++) segments.push([ring[i - 1]!, ring[i]!]);
  const index = new Flatbush(segments.length);
  for (const [a, b] of segments) index.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
  index.finish();

  const rows = Math.ceil((box.maxLat - originY) / (3 * stepY)) + 2;
  const cols = Math.ceil((box.maxLng - originX) / (2 * stepX)) + 2;
  const cells: Cell[] = [];
  for (let r = 0; r < rows; r++) {
    // Clipping against the whole district costs time in proportion to its vertex count; clip it once
    // per row to a band a little taller than the row, and clip that row's edge hexagons to the band.
    let band: MultiPolygon | null = null;
    const bandFor = (): MultiPolygon => {
      if (band) return band;
      const y0 = originY + (3 * r - 2.5) * stepY;
      const y1 = originY + (3 * r + 2.5) * stepY;
      const x0 = box.minLng - stepX;
      const x1 = box.maxLng + stepX;
      band = polygonClipping.intersection([[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]], boundary);
      return band;
    };
    for (let c = 0; c < cols; c++) {
      const ci = 2 * c + (r & 1);
      const cj = 3 * r;
      // Counter-clockwise exterior ring (RFC 7946), closed.
      const ring: Ring = [
        vertex(ci, cj + 2), vertex(ci - 1, cj + 1), vertex(ci - 1, cj - 1), vertex(ci, cj - 2),
        vertex(ci + 1, cj - 1), vertex(ci + 1, cj + 1), vertex(ci, cj + 2),
      ];
      for (const p of ring) p.splice(0, 2, round7(p[0]), round7(p[1]));
      const [cx, cy] = vertex(ci, cj);
      const hit = index.search(cx - stepX, cy - 2 * stepY, cx + stepX, cy + 2 * stepY);
      let geometry: MultiPolygon;
      if (hit.length === 0) {
        if (!pointInMultiPolygon(cx, cy, boundary)) continue;
        geometry = [[ring]];
      } else {
        // Rounded at once so two cells cut by the same boundary edge share identical points,
        // which keeps later unions robust (polygon-clipping trips over near-identical vertices).
        geometry = roundGeometry(polygonClipping.intersection([ring] as Polygon, bandFor()));
        if (geometry.length === 0) continue;
      }
      const m = areaAndCentroid(geometry, kx);
      if (m.area <= 0) continue;
      cells.push({ geometry, lng: m.lng, lat: m.lat, area: m.area });
    }
  }

  const sliver = hexArea * 0.25;
  const keep = cells.filter((c) => c.area >= sliver);
  const merged = keep.map((c) => ({ ...c, extra: [] as MultiPolygon[] }));
  if (merged.length === 0) return cells;
  for (const cell of cells) {
    if (cell.area >= sliver) continue;
    let best = -1;
    let bestDistance = Infinity;
    merged.forEach((k, idx) => {
      const d = ((k.lng - cell.lng) * kx) ** 2 + (k.lat - cell.lat) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = idx;
      }
    });
    if (best >= 0) merged[best]!.extra.push(cell.geometry);
  }
  return merged.map(({ extra, ...cell }) => {
    if (extra.length === 0) return cell;
    const geometry = unionOf([cell.geometry, ...extra]);
    const m = areaAndCentroid(geometry, kx);
    return { geometry, lng: m.lng, lat: m.lat, area: m.area };
  });
}

/**
 * Split points into k compact groups: seeded k-means (Lloyd) on cos-scaled coordinates. Every group
 * gets at least one point (an empty group takes the point farthest from its own centre in the largest).
 */
export function partition(points: readonly { lng: number; lat: number }[], k: number, rng: Rng, iterations = 8): number[] {
  const n = points.length;
  if (k <= 0) throw new Error('partition needs at least one group');
  if (k >= n) return points.map((_, i) => i % k);
  const kx = Math.cos(((points.reduce((s, p) => s + p.lat, 0) / n) * Math.PI) / 180);
  const seeds = rng.shuffle(points.map((_, i) => i)).slice(0, k);
  const centres = seeds.map((i) => ({ x: points[i]!.lng * kx, y: points[i]!.lat }));
  const assign = new Array<number>(n).fill(0);
  const nearest = () => {
    for (let i = 0; i < n; i++) {
      const x = points[i]!.lng * kx;
      const y = points[i]!.lat;
      let best = 0;
      let bestD = Infinity;
      for (let g = 0; g < k; g++) {
        const d = (centres[g]!.x - x) ** 2 + (centres[g]!.y - y) ** 2;
        if (d < bestD) {
          bestD = d;
          best = g;
        }
      }
      assign[i] = best;
    }
  };
  for (let it = 0; it < iterations; it++) {
    nearest();
    const sum = centres.map(() => ({ x: 0, y: 0, n: 0 }));
    for (let i = 0; i < n; i++) {
      const s = sum[assign[i]!]!;
      s.x += points[i]!.lng * kx;
      s.y += points[i]!.lat;
      s.n++;
    }
    sum.forEach((s, g) => {
      if (s.n > 0) centres[g] = { x: s.x / s.n, y: s.y / s.n };
    });
  }
  nearest();
  for (;;) {
    const sizes = new Array<number>(k).fill(0);
    for (const g of assign) sizes[g]!++;
    const empty = sizes.indexOf(0);
    if (empty < 0) break;
    const largest = sizes.indexOf(Math.max(...sizes));
    let far = -1;
    let farD = -1;
    for (let i = 0; i < n; i++) {
      if (assign[i] !== largest) continue;
      const d = (centres[largest]!.x - points[i]!.lng * kx) ** 2 + (centres[largest]!.y - points[i]!.lat) ** 2;
      if (d > farD) {
        farD = d;
        far = i;
      }
    }
    assign[far] = empty;
  }
  return assign;
}

/**
 * Union of cells as one (multi)polygon. polygon-clipping occasionally fails on near-degenerate input
 * ("Unable to complete output ring"); the cells never overlap, so listing their parts side by side is a
 * correct (if less tidy) fallback that still covers exactly the same ground.
 */
export function unionOf(geometries: readonly MultiPolygon[]): MultiPolygon {
  if (geometries.length === 0) return [];
  if (geometries.length === 1) return geometries[0]!;
  try {
    return roundGeometry(polygonClipping.union(geometries[0]!, ...geometries.slice(1)));
  } catch {
    return geometries.flat();
  }
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** Round to 7 decimals (~1 cm) for storage, dropping repeated points the rounding creates. */
export function roundGeometry(geom: MultiPolygon): MultiPolygon {
  const r = round7;
  const out: MultiPolygon = [];
  for (const polygon of geom) {
    const rings: Ring[] = [];
    for (const ring of polygon) {
      const pts: Ring = [];
      for (const [x, y] of ring) {
        const p: Pair = [r(x), r(y)];
        const last = pts[pts.length - 1];
        if (!last || last[0] !== p[0] || last[1] !== p[1]) pts.push(p);
      }
      const first = pts[0];
      const last = pts[pts.length - 1];
      if (first && last && (first[0] !== last[0] || first[1] !== last[1])) pts.push([first[0], first[1]]);
      if (pts.length >= 4) rings.push(pts);
    }
    if (rings.length > 0) out.push(rings);
  }
  return out;
}

/** GeoJSON geometry for storage: a Polygon when there is one part, else a MultiPolygon. */
export function toGeoJson(geom: MultiPolygon): GeoJSON.Polygon | GeoJSON.MultiPolygon {
  return geom.length === 1 ? { type: 'Polygon', coordinates: geom[0]! } : { type: 'MultiPolygon', coordinates: geom };
}
