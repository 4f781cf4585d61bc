import { uuidv7 } from 'uuidv7';
import type { Executor } from '../../storage/db.ts';
import { pathOfCode } from '../../../shared/territory/codes.ts';
import { insertUser, seedSmallCity } from '../../../test/factories.ts';

/** Tests only: one department serving a territory node. */
export async function insertDepartment(db: Executor, o: { code: string; kind: string; name: string; territory: string }): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('departments')
    .values({ id, code: o.code, kind: o.kind, name_zh: o.name, name_en: null, territory_code: o.territory, territory_path: pathOfCode(o.territory), created_at: new Date().toISOString() })
    .execute();
  return id;
}

/**
 * Tests only: the small city with one person per role of the closed loop. Grid A1 is centred at
 * (32.06, 118.77), grid B1 at (32.05, 118.77); nothing lies at (31.0, 118.0).
 */
export async function seedCaseWorld(db: Executor) {
  const city = await seedSmallCity(db);
  const deptUrban = await insertDepartment(db, { code: 'D-UM-320106', kind: 'urban_management', name: '鼓楼区城管局', territory: city.county });
  const deptHousing = await insertDepartment(db, { code: 'D-HO-320106', kind: 'housing', name: '鼓楼区住建局', territory: city.county });
  const user = (username: string, role: Parameters<typeof insertUser>[1]['role'], scope: string, displayName: string, departmentId: string | null = null) =>
    insertUser(db, { username, role, scope, displayName, departmentId });
  return {
    city,
    deptUrban,
    deptHousing,
    worker: await user('worker', 'grid_worker', city.gridA1, '张伟'),
    workerB: await user('workerb', 'grid_worker', city.gridB1, '李娜'),
    gridLeader: await user('gridleader', 'grid_leader', city.gridA1, '赵强'),
    supervisor: await user('supervisor', 'supervisor', city.county, '王芳'),
    dispatcher: await user('dispatcher', 'dispatcher', city.county, '刘洋'),
    handler: await user('handler', 'handler', city.county, '陈静', deptUrban),
    handlerHousing: await user('handlerh', 'handler', city.county, '杨磊', deptHousing),
    unitLeader: await user('unitleader', 'leader', city.county, '黄敏', deptUrban),
    inspector: await user('inspector', 'inspector', city.county, '周杰'),
    communityDuty: await user('communityduty', 'duty_officer', city.communityA, '吴刚'),
  };
}

export const IN_A1 = { lat: 32.06, lng: 118.77 };
export const IN_B1 = { lat: 32.05, lng: 118.77 };
export const NOWHERE = { lat: 31.0, lng: 118.0 };
