import type { MultiPolygon } from 'polygon-clipping';
import { pathOfCode, parentCodeOf } from '../../shared/territory/codes.ts';
import { ROLE_NAMES, type Role } from '../../shared/access/roles.ts';
import type { TerritoryLevel, TerritoryNodeRow } from '../storage/schema.ts';
import { CITY, DISTRICT_PROFILES, PROVINCE, loadNanjingSources, type DistrictProfile, type Division } from './sources.ts';
import { bboxOf, hexCells, partition, roundGeometry, toGeoJson, unionOf, type Cell } from './geometry.ts';
import { createRng, personName, phoneNumber, type Rng } from './random.ts';

/**
 * The demo city as plain data, computed from the seed alone (no database, no clock, no ids), so the same
 * seed always gives the same codes, names, shapes and people. buildDemoCity turns it into rows.
 */

export const DEMO_SOURCE = 'demo';
export const DEFAULT_DEMO_SEED = 2023;

/** 新街口街道 (玄武区): the city centre; its first grid is the demo grid for worker.demo / leader.demo. */
const DEMO_STREET = '320102003';
const DEMO_DISTRICT = '320102';

export interface DemoLogin {
  username: string;
  description: string;
}

export interface PlannedNode {
  code: string;
  level: TerritoryLevel;
  nameZh: string;
  nameEn: string | null;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon | null;
  households: number | null;
  residents: number | null;
}

export interface PlannedDepartment {
  code: string;
  kind: string;
  nameZh: string;
  nameEn: string;
  territoryCode: string;
}

export interface PlannedPerson {
  username: string;
  displayName: string;
  phone: string;
  role: Role;
  scopeCode: string;
  /** Department code (handlers only). */
  departmentCode: string | null;
}

export interface DemoPlan {
  seed: number;
  /** Parents before children: province, city, districts, streets, communities, grids. */
  nodes: PlannedNode[];
  departments: PlannedDepartment[];
  people: PlannedPerson[];
  logins: DemoLogin[];
  demoGridCode: string;
}

// 职能部门 present at city and district level. Fire brigades are 支队 at city level and 大队 below.
const DEPARTMENT_KINDS = [
  { kind: 'labour', zh: '人力资源和社会保障局', en: 'Human Resources and Social Security Bureau (labour)' },
  { kind: 'housing', zh: '住房和城乡建设局', en: 'Housing and Urban-Rural Development Bureau' },
  { kind: 'market_regulation', zh: '市场监督管理局', en: 'Market Regulation Administration' },
  { kind: 'fire', zh: '消防救援大队', cityZh: '消防救援支队', en: 'Fire and Rescue Brigade' },
  { kind: 'urban_management', zh: '城市管理局', en: 'Urban Management Bureau' },
  { kind: 'utilities', zh: '水电气公用事业服务中心', en: 'Water, Power and Gas Utilities Service Centre' },
] as const;

const COMMITTEE_SUFFIX = /(社区居民委员会|社区居委会|居民委员会|居委会|村民委员会|村委会)$/;

/** Official committee name → community name: 梅园新村社区居委会 → 梅园新村社区, 石湫村委会 → 石湫村. */
export function communityName(official: string): string {
  const m = COMMITTEE_SUFFIX.exec(official);
  if (!m) return official;
  return official.slice(0, m.index) + (m[1]!.startsWith('村') ? '村' : '社区');
}

/** Grid name: the committee name without 社区居委会/村委会, then 第N网格 (梅园新村第1网格). */
export function gridName(officialCommunity: string, serial: number): string {
  return `${officialCommunity.replace(COMMITTEE_SUFFIX, '')}第${serial}网格`;
}

const HOUSEHOLDS: Record<DistrictProfile['kind'], [number, number]> = {
  urban: [300, 600],
  suburban: [250, 550],
  rural: [180, 420],
};

// Real communities hold a handful of grids each; rural villages fewer but larger ones.
const GRIDS_PER_COMMUNITY: Record<DistrictProfile['kind'], number> = { urban: 4, suburban: 4, rural: 3 };

function geometryOf(geom: MultiPolygon): GeoJSON.Polygon | GeoJSON.MultiPolygon {
  return toGeoJson(roundGeometry(geom));
}

/** Plan the demo city for a seed (pure and deterministic). */
export function planDemoCity(seed: number): DemoPlan {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative whole number, got ${seed}`);
  const sources = loadNanjingSources();
  const geoRng = createRng(seed, 1);
  const statsRng = createRng(seed, 2);

  const districts: PlannedNode[] = [];
  const streets: PlannedNode[] = [];
  const communities: PlannedNode[] = [];
  const grids: PlannedNode[] = [];
  const officialCommunityName = new Map<string, string>();

  for (const district of sources.districts) {
    const profile = DISTRICT_PROFILES[district.code]!;
    const boundary = sources.boundaries.get(district.code)!;
    districts.push({
      code: district.code,
      level: 'county',
      nameZh: district.name,
      nameEn: profile.nameEn,
      geometry: geometryOf(boundary),
      households: null,
      residents: null,
    });
    const cells = hexCells(boundary, profile.targetGrids, [geoRng.next(), geoRng.next()]);
    const districtStreets = (sources.streetsByDistrict.get(district.code) ?? []).slice(0, cells.length);
    const streetOfCell = partition(cells, districtStreets.length, geoRng);

    districtStreets.forEach((street, s) => {
      const streetCells = cells.filter((_, i) => streetOfCell[i] === s);
      streets.push({ code: street.code, level: 'street', nameZh: street.name, nameEn: null, geometry: geometryOf(unionOf(streetCells.map((c) => c.geometry))), households: null, residents: null });

      const available = sources.communitiesByStreet.get(street.code) ?? [];
      if (available.length === 0) throw new Error(`demo data: street ${street.code} ${street.name} has no communities`);
      const wanted = Math.min(available.length, streetCells.length, Math.max(1, Math.round(streetCells.length / GRIDS_PER_COMMUNITY[profile.kind])));
      const chosen: Division[] = geoRng.shuffle(available).slice(0, wanted).sort((a, b) => a.code.localeCompare(b.code));
      const communityOfCell = partition(streetCells, chosen.length, geoRng);

      chosen.forEach((community, c) => {
        // North to south, then west to east: 第1网格 is the community's north-west corner.
        const own: Cell[] = streetCells
          .filter((_, i) => communityOfCell[i] === c)
          .sort((a, b) => b.lat - a.lat || a.lng - b.lng);
        officialCommunityName.set(community.code, community.name);
        communities.push({ code: community.code, level: 'community', nameZh: communityName(community.name), nameEn: null, geometry: geometryOf(unionOf(own.map((g) => g.geometry))), households: null, residents: null });
        own.forEach((cell, g) => {
          const [lo, hi] = HOUSEHOLDS[profile.kind];
          const households = statsRng.int(lo, hi);
          grids.push({
            code: community.code + String(g + 1).padStart(3, '0'),
            level: 'grid',
            nameZh: gridName(community.name, g + 1),
            nameEn: null,
            geometry: geometryOf(cell.geometry),
            households,
            // 2.3–3.1 people per household: Nanjing's census average is about 2.5.
            residents: Math.round(households * (2.3 + statsRng.next() * 0.8)),
          });
        });
      });
    });
  }

  const cityGeometry = unionOf(sources.districts.map((d) => sources.boundaries.get(d.code)!));
  const nodes: PlannedNode[] = [
    { code: PROVINCE.code, level: 'province', nameZh: PROVINCE.nameZh, nameEn: PROVINCE.nameEn, geometry: null, households: null, residents: null },
    { code: CITY.code, level: 'city', nameZh: CITY.nameZh, nameEn: CITY.nameEn, geometry: geometryOf(cityGeometry), households: null, residents: null },
    ...districts,
    ...streets,
    ...communities,
    ...grids,
  ];

  const departments = planDepartments(districts);
  const demoGridCode = grids.filter((g) => g.code.startsWith(DEMO_STREET)).map((g) => g.code).sort()[0];
  if (!demoGridCode) throw new Error('demo data: 新街口街道 received no grid');
  const people = planPeople(createRng(seed, 3), { districts, streets, communities, grids, departments, demoGridCode });
  const logins = demoLogins(nodes, departments, demoGridCode);
  return { seed, nodes, departments, people, logins, demoGridCode };
}

function planDepartments(districts: PlannedNode[]): PlannedDepartment[] {
  const out: PlannedDepartment[] = [];
  for (const level of [{ code: CITY.code, nameZh: CITY.nameZh, nameEn: CITY.nameEn as string | null }, ...districts]) {
    const isCity = level.code === CITY.code;
    for (const k of DEPARTMENT_KINDS) {
      const zh = isCity && 'cityZh' in k ? k.cityZh : k.zh;
      out.push({
        code: `${level.code}-${k.kind}`,
        kind: k.kind,
        nameZh: `${level.nameZh}${zh}`,
        nameEn: `${level.nameEn ?? level.code} ${isCity && k.kind === 'fire' ? 'Fire and Rescue Detachment' : k.en}`,
        territoryCode: level.code,
      });
    }
  }
  return out;
}

function planPeople(
  rng: Rng,
  t: { districts: PlannedNode[]; streets: PlannedNode[]; communities: PlannedNode[]; grids: PlannedNode[]; departments: PlannedDepartment[]; demoGridCode: string },
): PlannedPerson[] {
  const people: PlannedPerson[] = [];
  const add = (username: string, role: Role, scopeCode: string, departmentCode: string | null = null) =>
    people.push({ username, displayName: personName(rng), phone: phoneNumber(rng), role, scopeCode, departmentCode });

  add('admin', 'admin', CITY.code);
  for (const role of ['leader', 'dispatcher', 'supervisor', 'duty_officer'] as const) add(`city.${roleSlug(role)}`, role, CITY.code);
  add('inspector.demo', 'inspector', CITY.code);
  for (let i = 2; i <= 5; i++) add(`city.inspector${i}`, 'inspector', CITY.code);
  for (const d of t.districts) {
    const slug = DISTRICT_PROFILES[d.code]!.slug;
    for (const role of ['leader', 'dispatcher', 'supervisor', 'duty_officer'] as const) add(`${slug}.${roleSlug(role)}`, role, d.code);
  }
  for (const dept of t.departments) {
    for (let h = 1; h <= 2; h++) {
      const username = dept.code === `${DEMO_DISTRICT}-housing` && h === 1 ? 'handler.housing' : `d${dept.code}.h${h}`;
      add(username, 'handler', dept.territoryCode, dept.code);
    }
  }
  for (const s of t.streets) for (const role of ['dispatcher', 'supervisor', 'duty_officer'] as const) add(`s${s.code}.${roleSlug(role)}`, role, s.code);
  for (const c of t.communities) add(`c${c.code}.duty`, 'duty_officer', c.code);
  for (const g of t.grids) {
    const isDemo = g.code === t.demoGridCode;
    add(isDemo ? 'leader.demo' : `g${g.code}.leader`, 'grid_leader', g.code);
    const workers = rng.int(1, 3);
    for (let w = 1; w <= workers; w++) add(isDemo && w === 1 ? 'worker.demo' : `g${g.code}.w${w}`, 'grid_worker', g.code);
  }
  return people;
}

function roleSlug(role: Role): string {
  return role === 'duty_officer' ? 'duty' : role;
}

function demoLogins(nodes: PlannedNode[], departments: PlannedDepartment[], demoGridCode: string): DemoLogin[] {
  const byCode = new Map(nodes.map((n) => [n.code, n]));
  const name = (code: string) => byCode.get(code)?.nameZh ?? code;
  const role = (r: Role) => `${ROLE_NAMES[r].zh} ${ROLE_NAMES[r].en}`;
  const gridPlace = `${name(DEMO_DISTRICT)}${name(DEMO_STREET)}${name(demoGridCode.slice(0, 12))} ${name(demoGridCode)} (${demoGridCode})`;
  const housing = departments.find((d) => d.code === `${DEMO_DISTRICT}-housing`)!;
  return [
    { username: 'admin', description: `${role('admin')} — ${CITY.nameZh}` },
    { username: 'city.leader', description: `${role('leader')} — ${CITY.nameZh}` },
    { username: 'city.dispatcher', description: `${role('dispatcher')} — ${CITY.nameZh}指挥中心` },
    { username: 'city.supervisor', description: `${role('supervisor')} — ${CITY.nameZh}指挥中心` },
    { username: 'xuanwu.dispatcher', description: `${role('dispatcher')} — ${name(DEMO_DISTRICT)}指挥中心` },
    { username: 'leader.demo', description: `${role('grid_leader')} — ${gridPlace}` },
    { username: 'worker.demo', description: `${role('grid_worker')} — ${gridPlace}` },
    { username: 'handler.housing', description: `${role('handler')} — ${housing.nameZh}` },
    { username: 'inspector.demo', description: `${role('inspector')} — ${CITY.nameZh}` },
  ];
}

/** Row shape for a planned node (bbox from the geometry, path from the code). */
export function nodeRow(node: PlannedNode, now: string): TerritoryNodeRow {
  let box = { min_lng: null as number | null, min_lat: null as number | null, max_lng: null as number | null, max_lat: null as number | null };
  if (node.geometry) {
    const b = bboxOf(node.geometry.type === 'Polygon' ? [node.geometry.coordinates as MultiPolygon[number]] : (node.geometry.coordinates as MultiPolygon));
    box = { min_lng: b.minLng, min_lat: b.minLat, max_lng: b.maxLng, max_lat: b.maxLat };
  }
  return {
    code: node.code,
    level: node.level,
    name_zh: node.nameZh,
    name_en: node.nameEn,
    parent_code: parentCodeOf(node.code),
    path: pathOfCode(node.code),
    geometry: node.geometry ? JSON.stringify(node.geometry) : null,
    ...box,
    households: node.households,
    residents: node.residents,
    description: null,
    source: DEMO_SOURCE,
    created_at: now,
    updated_at: now,
  };
}
