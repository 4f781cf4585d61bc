import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { insertNode, insertUser, seedSmallCity } from '../../../test/factories.ts';
import { insertDepartment } from '../cases/caseTestKit.ts';

forEachDatabase('GET /api/departments', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};

  before(async () => {
    t = await createTestApp(kind);
    const db = t.storage.db;
    city = await seedSmallCity(db);
    ids['county'] = await insertDepartment(db, { code: 'D-UM-320106', kind: 'urban_management', name: '鼓楼区城管局', territory: city.county });
    ids['countyHousing'] = await insertDepartment(db, { code: 'D-HO-320106', kind: 'housing', name: '鼓楼区住建局', territory: city.county });
    ids['streetA'] = await insertDepartment(db, { code: 'D-UM-320106001', kind: 'urban_management', name: '宁海路街道城管中队', territory: city.streetA });
    ids['streetB'] = await insertDepartment(db, { code: 'D-UM-320106002', kind: 'urban_management', name: '华侨路街道城管中队', territory: city.streetB });
    await insertNode(db, '320102', '玄武区');
    ids['otherCounty'] = await insertDepartment(db, { code: 'D-UM-320102', kind: 'urban_management', name: '玄武区城管局', territory: '320102' });
    for (const u of [
      await insertUser(db, { username: 'workera', role: 'grid_worker', scope: city.gridA1 }),
      await insertUser(db, { username: 'dispatcher', role: 'dispatcher', scope: city.county }),
    ]) cookies[u.username] = await loginAs(t.app, u.username, u.password);
  });
  after(async () => t.close());

  const get = (who: string | null, url: string) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: cookies[who]! } : {} });
  const idsOf = (res: { json(): { departments: { id: string }[] } }) => res.json().departments.map((d) => d.id);

  it('walks 401 → 400 → 404 → 200 and scopes departments by territory', async () => {
    assert.equal((await get(null, '/api/departments')).statusCode, 401);
    const badScope = await get('dispatcher', '/api/departments?scope=abc');
    assert.equal(badScope.statusCode, 400);
    assert.equal(badScope.json().error.field, 'scope');
    const badKind = await get('dispatcher', '/api/departments?kind=Urban-Management');
    assert.equal(badKind.statusCode, 400);
    assert.equal(badKind.json().error.field, 'kind');
    const foreign = await get('workera', `/api/departments?scope=${city.streetB}`);
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.json().error.field, 'scope');

    // The county dispatcher sees every department of the county, none of another county.
    const all = await get('dispatcher', '/api/departments');
    assert.equal(all.statusCode, 200);
    assert.deepEqual(new Set(idsOf(all)), new Set([ids['county'], ids['countyHousing'], ids['streetA'], ids['streetB']]));
    assert.equal(all.json().departments.find((d: { id: string }) => d.id === ids['county']).name, '鼓楼区城管局');
    // A grid worker sees the departments serving their grid: its street and its county, not the other street.
    assert.deepEqual(new Set(idsOf(await get('workera', '/api/departments'))), new Set([ids['county'], ids['countyHousing'], ids['streetA']]));
    // Narrowed to street B and to a kind.
    assert.deepEqual(idsOf(await get('dispatcher', `/api/departments?scope=${city.streetB}&kind=urban_management`)), [ids['county'], ids['streetB']]);
    assert.deepEqual(idsOf(await get('dispatcher', '/api/departments?kind=housing')), [ids['countyHousing']]);
  });
});
