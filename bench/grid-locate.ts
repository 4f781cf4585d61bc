import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { buildPolygonIndex, locatePoint, type IndexableArea } from '../server/modules/territory/gridIndex.ts';
import type { Benchmark, BenchResult } from './types.ts';
import { seededRandom } from '../shared/random.ts';

/**
 * grid-locate: 100,000 synthetic grid polygons tiling a Nanjing-sized region, 1,000,000 WGS84
 * point lookups through the flatbush + turf index, against a turf scan of every polygon per point
 * (measured on a sample in the same run and extrapolated: the full scan would take hours).
 */
const GRIDS_X = 320;
const GRIDS_Y = 313; // 320 × 313 = 100,160 grids
const LOOKUPS = 1_000_000;
const SCAN_SAMPLE = 200;
const REGION = { minLng: 118.35, minLat: 31.23, maxLng: 119.25, maxLat: 32.62 };

/**
 * A jittered quad tiling: lattice vertices are moved by up to 30 % of a cell (interior vertices
 * only), and each cell edge gets a jittered midpoint, so cells are irregular hexagon-like shapes
 * that still tile the region exactly (neighbours share their vertices).
 */
export function syntheticGrids(seed = 20261127): IndexableArea[] {
  const rand = seededRandom(seed);
  const dx = (REGION.maxLng - REGION.minLng) / GRIDS_X;
  const dy = (REGION.maxLat - REGION.minLat) / GRIDS_Y;
  const jitter = (v: number, d: number, edge: boolean) => (edge ? v : v + (rand() - 0.5) * 0.6 * d);
  const vx: number[][] = [];
  const vy: number[][] = [];
  for (let i = 0; i <= GRIDS_X; i++) {
    vx.push([]);
    vy.push([]);
    for (let j = 0; j <= GRIDS_Y; j++) {
      const onEdge = i === 0 || j === 0 || i === GRIDS_X || j === GRIDS_Y;
      vx[i]!.push(jitter(REGION.minLng + i * dx, dx, onEdge));
      vy[i]!.push(jitter(REGION.minLat + j * dy, dy, onEdge));
    }
  }
  // Midpoints of horizontal edges (i..i+1, j) and vertical edges (i, j..j+1), shared by both cells.
  const mid = (ax: number, ay: number, bx: number, by: number, edge: boolean): [number, number] => {
    const t = edge ? 0.5 : 0.4 + rand() * 0.2;
    const off = edge ? 0 : (rand() - 0.5) * 0.2;
    return [ax + (bx - ax) * t + off * dx * (by - ay) / dy, ay + (by - ay) * t - off * dy * (bx - ax) / dx];
  };
  const hMid: [number, number][][] = [];
  const vMid: [number, number][][] = [];
  for (let i = 0; i <= GRIDS_X; i++) {
    hMid.push([]);
    vMid.push([]);
    for (let j = 0; j <= GRIDS_Y; j++) {
      if (i < GRIDS_X) hMid[i]!.push(mid(vx[i]![j]!, vy[i]![j]!, vx[i + 1]![j]!, vy[i + 1]![j]!, j === 0 || j === GRIDS_Y));
      if (j < GRIDS_Y) vMid[i]!.push(mid(vx[i]![j]!, vy[i]![j]!, vx[i]![j + 1]!, vy[i]![j + 1]!, i === 0 || i === GRIDS_X));
    }
  }
  const out: IndexableArea[] = [];
  let n = 0;
  for (let i = 0; i < GRIDS_X; i++) {
    for (let j = 0; j < GRIDS_Y; j++) {
      const p = (a: number, b: number): [number, number] => [vx[a]![b]!, vy[a]![b]!];
      const ring = [p(i, j), hMid[i]![j]!, p(i + 1, j), vMid[i + 1]![j]!, p(i + 1, j + 1), hMid[i]![j + 1]!, p(i, j + 1), vMid[i]![j]!, p(i, j)];
      // 15-digit grid codes: a made-up county 320199, then street/community/grid parts.
      n += 1;
      const code = `320199${String(Math.floor(n / 1_000_000) + 1).padStart(3, '0')}${String(Math.floor((n % 1_000_000) / 1000) + 1).padStart(3, '0')}${String((n % 1000) + 1).padStart(3, '0')}`;
      out.push({ code, geometry: { type: 'Polygon', coordinates: [ring] } });
    }
  }
  return out;
}

function randomPoints(count: number, seed: number): Float64Array {
  const rand = seededRandom(seed);
  const pts = new Float64Array(count * 2);
  for (let k = 0; k < count; k++) {
    pts[2 * k] = REGION.minLat + rand() * (REGION.maxLat - REGION.minLat);
    pts[2 * k + 1] = REGION.minLng + rand() * (REGION.maxLng - REGION.minLng);
  }
  return pts;
}

/** The baseline: test every polygon with turf, same tie-break as the index (smallest code wins). */
function scanLocate(areas: readonly IndexableArea[], lat: number, lng: number): string | null {
  let best: string | null = null;
  for (const a of areas) {
    if (booleanPointInPolygon([lng, lat], a.geometry as GeoJSON.Polygon) && (best === null || a.code < best)) best = a.code;
  }
  return best;
}

export const gridLocate: Benchmark = {
  name: 'grid-locate',
  async run(): Promise<BenchResult> {
    let t0 = performance.now();
    const areas = syntheticGrids();
    console.log(`generated ${areas.length.toLocaleString()} grid polygons in ${(performance.now() - t0).toFixed(0)} ms`);

    t0 = performance.now();
    const index = buildPolygonIndex(areas);
    const buildMs = performance.now() - t0;
    console.log(`built flatbush index in ${buildMs.toFixed(0)} ms`);

    const points = randomPoints(LOOKUPS, 7);
    let found = 0;
    t0 = performance.now();
    for (let k = 0; k < LOOKUPS; k++) if (locatePoint(index, points[2 * k]!, points[2 * k + 1]!) !== null) found++;
    const indexMs = performance.now() - t0;
    const indexRate = LOOKUPS / (indexMs / 1000);
    console.log(`index: ${LOOKUPS.toLocaleString()} lookups in ${(indexMs / 1000).toFixed(2)} s = ${Math.round(indexRate).toLocaleString()} lookups/s (${found.toLocaleString()} inside a grid)`);

    // Baseline on the first SCAN_SAMPLE of the same points; check the index agrees on each.
    let agree = true;
    t0 = performance.now();
    const scanAnswers: (string | null)[] = [];
    for (let k = 0; k < SCAN_SAMPLE; k++) scanAnswers.push(scanLocate(areas, points[2 * k]!, points[2 * k + 1]!));
    const scanMs = performance.now() - t0;
    for (let k = 0; k < SCAN_SAMPLE; k++) {
      const viaIndex = locatePoint(index, points[2 * k]!, points[2 * k + 1]!);
      if (viaIndex !== scanAnswers[k]) {
        agree = false;
        console.log(`DISAGREE at point ${k}: index ${viaIndex}, scan ${scanAnswers[k]}`);
      }
    }
    const scanRate = SCAN_SAMPLE / (scanMs / 1000);
    const scanFullS = LOOKUPS / scanRate;
    console.log(
      `baseline: turf scan of all ${areas.length.toLocaleString()} polygons per point, measured on a sample of ${SCAN_SAMPLE} points ` +
        `(${(scanMs / 1000).toFixed(2)} s) and EXTRAPOLATED to ${LOOKUPS.toLocaleString()} lookups ≈ ${(scanFullS / 3600).toFixed(1)} h`,
    );
    console.log(`agree: ${agree} (index and scan gave the same grid for all ${SCAN_SAMPLE} sample points)`);
    const ratio = indexRate / scanRate;
    console.log(`speed-up: ${Math.round(ratio).toLocaleString()}×`);
    return {
      value: Math.round(indexRate),
      unit: 'lookups/s',
      baseline: `turf scan of all ${areas.length} polygons per point, sample of ${SCAN_SAMPLE} extrapolated`,
      baseline_value: Number(scanRate.toFixed(2)),
      ratio: Math.round(ratio),
      extra: {
        polygons: areas.length,
        lookups: LOOKUPS,
        build_ms: Math.round(buildMs),
        index_total_ms: Math.round(indexMs),
        mean_us_per_lookup: Number(((indexMs * 1000) / LOOKUPS).toFixed(3)),
        scan_sample: SCAN_SAMPLE,
        scan_sample_ms: Math.round(scanMs),
        scan_extrapolated_s: Math.round(scanFullS),
        extrapolated: true,
        agree,
      },
    };
  },
};
