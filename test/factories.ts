import { uuidv7 } from 'uuidv7';
import type { Executor } from '../server/storage/db.ts';
import type { Role } from '../shared/access/roles.ts';
import { levelOfCode, parentCodeOf, pathOfCode } from '../shared/territory/codes.ts';
import { hashPassword } from '../server/modules/people/password.ts';

/** A small square polygon around a point, for test grids. */
export function square(lng: number, lat: number, half = 0.005): GeoJSON.Polygon {
  return {
    type: 'Polygon',
    coordinates: [[
      [lng - half, lat - half],
      [lng + half, lat - half],
      [lng + half, lat + half],
      [lng - half, lat + half],
      [lng - half, lat - half],
    ]],
  };
}

/**
 * A sibling district of seedSmallCity's 鼓楼区: 玄武区 (320102) with one street, community and grid
 * (320102001001001, a square around `gridCentre`), for probes that a neighbour sees nothing.
 */
export async function insertSiblingDistrict(db: Executor, gridCentre: { lng: number; lat: number }): Promise<void> {
  await insertNode(db, '320102', '玄武区');
  await insertNode(db, '320102001', '玄武门街道');
  await insertNode(db, '320102001001', '玄武门社区');
  await insertNode(db, '320102001001001', '玄武门社区第一网格', square(gridCentre.lng, gridCentre.lat));
}

/** Insert one territory node directly (tests only; production goes through the import use case). */
export async function insertNode(db: Executor, code: string, name: string, geometry: GeoJSON.Polygon | null = null): Promise<void> {
  const level = levelOfCode(code);
  if (!level) throw new Error(`bad test code ${code}`);
  const now = new Date().toISOString();
  let bbox = { min_lng: null as number | null, min_lat: null as number | null, max_lng: null as number | null, max_lat: null as number | null };
  if (geometry) {
    const ring: number[][] = geometry.coordinates[0]!;
    bbox = {
      min_lng: Math.min(...ring.map((p) => p[0]!)),
      min_lat: Math.min(...ring.map((p) => p[1]!)),
      max_lng: Math.max(...ring.map((p) => p[0]!)),
      max_lat: Math.max(...ring.map((p) => p[1]!)),
    };
  }
  await db
    .insertInto('territory_nodes')
    .values({
      code,
      level,
      name_zh: name,
      name_en: null,
      parent_code: parentCodeOf(code),
      path: pathOfCode(code),
      geometry: geometry ? JSON.stringify(geometry) : null,
      ...bbox,
      households: null,
      residents: null,
      description: null,
      source: 'test',
      created_at: now,
      updated_at: now,
    })
    .execute();
}

/**
 * A small city: 江苏省/南京市/鼓楼区, two streets, a community in each, two grids per community.
 * Grid A1 = 320106001001001, A2 = …002 (street 001); grid B1 = 320106002001001 (street 002).
 */
export async function seedSmallCity(db: Executor) {
  await insertNode(db, '32', '江苏省');
  await insertNode(db, '3201', '南京市');
  await insertNode(db, '320106', '鼓楼区');
  await insertNode(db, '320106001', '宁海路街道');
  await insertNode(db, '320106002', '华侨路街道');
  await insertNode(db, '320106001001', '江苏路社区');
  await insertNode(db, '320106002001', '五台山社区');
  await insertNode(db, '320106001001001', '江苏路社区第一网格', square(118.77, 32.06));
  await insertNode(db, '320106001001002', '江苏路社区第二网格', square(118.78, 32.06));
  await insertNode(db, '320106002001001', '五台山社区第一网格', square(118.77, 32.05));
  return {
    province: '32',
    city: '3201',
    county: '320106',
    streetA: '320106001',
    streetB: '320106002',
    communityA: '320106001001',
    communityB: '320106002001',
    gridA1: '320106001001001',
    gridA2: '320106001001002',
    gridB1: '320106002001001',
  };
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
}

/** Create a person with one role over one territory node. */
export async function insertUser(
  db: Executor,
  opts: {
    username: string;
    role: Role;
    scope: string;
    password?: string;
    /** hashPassword(password) computed once, for suites that create many people (scrypt is slow on purpose). */
    passwordHash?: string;
    displayName?: string;
    phone?: string | null;
    departmentId?: string | null;
  },
): Promise<TestUser> {
  const id = uuidv7();
  const password = opts.password ?? 'correct horse battery';
  const now = new Date().toISOString();
  await db
    .insertInto('users')
    .values({
      id,
      username: opts.username,
      display_name: opts.displayName ?? opts.username,
      phone: opts.phone === undefined ? '13812345678' : opts.phone,
      password_hash: opts.passwordHash ?? (await hashPassword(password)),
      disabled: 0,
      failed_logins: 0,
      locked_until: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('role_assignments')
    .values({
      id: uuidv7(),
      user_id: id,
      role: opts.role,
      scope_code: opts.scope,
      scope_path: pathOfCode(opts.scope),
      department_id: opts.departmentId ?? null,
      created_at: now,
    })
    .execute();
  return { id, username: opts.username, password };
}
