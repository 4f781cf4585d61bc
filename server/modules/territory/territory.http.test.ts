import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { insertNode, insertUser, seedSmallCity, square } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';
import { invalidateTerritoryIndex } from './gridIndex.ts';

forEachDatabase('territory HTTP API', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  const cookies: Record<'worker' | 'dispatcher' | 'admin', string> = { worker: '', dispatcher: '', admin: '' };

  before(async () => {
    t = await createTestApp(kind);
    city = await seedSmallCity(t.storage.db);
    const worker = await insertUser(t.storage.db, { username: 'worker_a1', role: 'grid_worker', scope: city.gridA1 });
    const dispatcher = await insertUser(t.storage.db, { username: 'dispatcher_a', role: 'dispatcher', scope: city.streetA });
    const admin = await insertUser(t.storage.db, { username: 'admin_32', role: 'admin', scope: city.province });
    cookies.worker = await loginAs(t.app, worker.username, worker.password);
    cookies.dispatcher = await loginAs(t.app, dispatcher.username, dispatcher.password);
    cookies.admin = await loginAs(t.app, admin.username, admin.password);
  });
  after(async () => t.close());

  const get = (url: string, who?: keyof typeof cookies) =>
    t.app.inject({ method: 'GET', url, headers: who ? { cookie: cookies[who] } : {} });
  const patch = (url: string, payload: unknown, who?: keyof typeof cookies) =>
    t.app.inject({ method: 'PATCH', url, payload: payload as object, headers: who ? { cookie: cookies[who] } : {} });

  describe('GET /api/territory/locate (public)', () => {
    it('returns the grid containing the point with its ancestors from the province down, without login', async () => {
      const res = await get('/api/territory/locate?lat=32.061&lng=118.771');
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), {
        grid: { code: city.gridA1, name: '江苏路社区第一网格', nameEn: null, level: 'grid' },
        ancestors: [
          { code: '32', name: '江苏省', level: 'province' },
          { code: '3201', name: '南京市', level: 'city' },
          { code: '320106', name: '鼓楼区', level: 'county' },
          { code: '320106001', name: '宁海路街道', level: 'street' },
          { code: '320106001001', name: '江苏路社区', level: 'community' },
        ],
      });
      const other = await get('/api/territory/locate?lat=32.05&lng=118.77');
      assert.equal(other.json().grid.code, city.gridB1);
    });

    it('names the bad field for missing, non-numeric and out-of-range coordinates', async () => {
      for (const [query, field] of [
        ['lng=118.77', 'lat'],
        ['lat=&lng=118.77', 'lat'],
        ['lat=abc&lng=118.77', 'lat'],
        ['lat=91&lng=118.77', 'lat'],
        ['lat=32&lng=-180.5', 'lng'],
        ['lat=32&lng=Infinity', 'lng'],
      ] as const) {
        const res = await get(`/api/territory/locate?${query}`);
        assert.equal(res.statusCode, 400, query);
        assert.equal(res.json().error.code, 'VALIDATION_FAILED', query);
        assert.equal(res.json().error.field, field, query);
      }
    });

    it('answers 404 OUTSIDE_TERRITORY for a point in no grid', async () => {
      const res = await get('/api/territory/locate?lat=0&lng=0');
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 'OUTSIDE_TERRITORY');
    });

    it('sees a grid added after the index was built once the index is invalidated', async () => {
      assert.equal((await get('/api/territory/locate?lat=32.07&lng=118.79')).statusCode, 404);
      await insertNode(t.storage.db, '320106001001003', '江苏路社区第三网格', square(118.79, 32.07));
      invalidateTerritoryIndex();
      const res = await get('/api/territory/locate?lat=32.07&lng=118.79');
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().grid.code, '320106001001003');
    });
  });

  describe('GET /api/territory/nodes/:code', () => {
    it('401 without a session', async () => {
      const res = await get(`/api/territory/nodes/${city.gridA1}`);
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().error.code, 'UNAUTHENTICATED');
      assert.equal((await get('/api/territory/nodes/abc')).statusCode, 401, '401 comes before validation');
    });

    it('400 for a code that is not digits', async () => {
      const res = await get('/api/territory/nodes/abc', 'worker');
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.field, 'code');
    });

    it('404 for a neighbouring grid, the worker’s community and a missing code alike', async () => {
      for (const code of [city.gridA2, city.gridB1, city.communityA, '320106009009009']) {
        const res = await get(`/api/territory/nodes/${code}`, 'worker');
        assert.equal(res.statusCode, 404, code);
        assert.equal(res.json().error.code, 'NOT_FOUND');
        assert.equal(res.json().error.message, 'territory node not found');
      }
    });

    it('200 for the worker’s own grid with parent, bbox, profile and the actions they may take', async () => {
      const res = await get(`/api/territory/nodes/${city.gridA1}`, 'worker');
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.name, '江苏路社区第一网格');
      assert.equal(body.level, 'grid');
      assert.deepEqual(body.parent, { code: city.communityA, name: '江苏路社区', level: 'community' });
      assert.deepEqual(body.children, []);
      assert.deepEqual(body.bbox, { minLng: 118.77 - 0.005, minLat: 32.06 - 0.005, maxLng: 118.77 + 0.005, maxLat: 32.06 + 0.005 });
      assert.deepEqual(body.profile, { households: null, residents: null, description: null });
      assert.deepEqual(body.actions, ['territory.updateProfile']);
      assert.equal(body.geometry, undefined);
      const withGeometry = await get(`/api/territory/nodes/${city.gridA1}?geometry=1`, 'worker');
      assert.equal(withGeometry.json().geometry.type, 'Polygon');
    });

    it('lists children and management actions for an admin; a dispatcher may read but not update', async () => {
      const county = (await get(`/api/territory/nodes/${city.county}`, 'admin')).json();
      assert.deepEqual(county.children.map((c: { code: string }) => c.code), [city.streetA, city.streetB]);
      assert.deepEqual(county.actions, ['territory.updateProfile', 'territory.manage']);
      const asDispatcher = await get(`/api/territory/nodes/${city.gridA1}`, 'dispatcher');
      assert.equal(asDispatcher.statusCode, 200);
      assert.deepEqual(asDispatcher.json().actions, []);
    });
  });

  describe('GET /api/territory/nodes?parent=', () => {
    it('401 without a session, 400 for a bad parent', async () => {
      assert.equal((await get(`/api/territory/nodes?parent=${city.communityA}`)).statusCode, 401);
      const bad = await get('/api/territory/nodes?parent=x1', 'worker');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'parent');
    });

    it('shows a worker only their own grid among its siblings, and 404 for a community they cannot see into', async () => {
      const res = await get(`/api/territory/nodes?parent=${city.communityA}`, 'worker');
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json().nodes.map((n: { code: string }) => n.code), [city.gridA1]);
      const other = await get(`/api/territory/nodes?parent=${city.communityB}`, 'worker');
      assert.equal(other.statusCode, 404);
    });

    it('without a parent lists the top of the caller’s scope', async () => {
      const worker = await get('/api/territory/nodes', 'worker');
      assert.deepEqual(worker.json().nodes.map((n: { code: string }) => n.code), [city.gridA1]);
      const admin = await get('/api/territory/nodes', 'admin');
      assert.deepEqual(admin.json().nodes, [{ code: '32', name: '江苏省', nameEn: null, level: 'province', parent: null }]);
      const streetChildren = await get(`/api/territory/nodes?parent=${city.streetA}`, 'admin');
      assert.deepEqual(streetChildren.json().nodes.map((n: { code: string }) => n.code), [city.communityA]);
    });
  });

  describe('GET /api/territory/grids.geojson', () => {
    it('401 without a session, 400 for a bad within', async () => {
      assert.equal((await get('/api/territory/grids.geojson')).statusCode, 401);
      const bad = await get('/api/territory/grids.geojson?within=abc', 'worker');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'within');
    });

    it('gives a worker only their grid, and 404 for an area they cannot read', async () => {
      const res = await get('/api/territory/grids.geojson', 'worker');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /application\/geo\+json/);
      const fc = res.json();
      assert.equal(fc.type, 'FeatureCollection');
      assert.deepEqual(fc.features.map((f: { properties: { code: string } }) => f.properties.code), [city.gridA1]);
      assert.equal((await get(`/api/territory/grids.geojson?within=${city.communityB}`, 'worker')).statusCode, 404);
    });

    it('gives an admin every grid within the asked area', async () => {
      const res = await get(`/api/territory/grids.geojson?within=${city.streetA}`, 'admin');
      const codes = res.json().features.map((f: { properties: { code: string } }) => f.properties.code);
      assert.deepEqual(codes, [city.gridA1, city.gridA2, '320106001001003']);
    });
  });

  describe('PATCH /api/territory/nodes/:code/profile', () => {
    it('401 without a session', async () => {
      const res = await patch(`/api/territory/nodes/${city.gridA1}/profile`, { households: 10 });
      assert.equal(res.statusCode, 401);
    });

    it('400 naming the bad field, or the body when it is empty', async () => {
      const negative = await patch(`/api/territory/nodes/${city.gridA1}/profile`, { households: -1 }, 'worker');
      assert.equal(negative.statusCode, 400);
      assert.equal(negative.json().error.field, 'households');
      const fraction = await patch(`/api/territory/nodes/${city.gridA1}/profile`, { residents: 1.5 }, 'worker');
      assert.equal(fraction.json().error.field, 'residents');
      const empty = await patch(`/api/territory/nodes/${city.gridA1}/profile`, {}, 'worker');
      assert.equal(empty.statusCode, 400);
      assert.equal(empty.json().error.code, 'VALIDATION_FAILED');
    });

    it('404 for a grid worker changing a neighbouring grid, and nothing changes', async () => {
      const res = await patch(`/api/territory/nodes/${city.gridA2}/profile`, { households: 99 }, 'worker');
      assert.equal(res.statusCode, 404);
      const row = await t.storage.db.selectFrom('territory_nodes').select('households').where('code', '=', city.gridA2).executeTakeFirstOrThrow();
      assert.equal(row.households, null);
    });

    it('403 for a dispatcher who may read the grid but not update it', async () => {
      const res = await patch(`/api/territory/nodes/${city.gridA1}/profile`, { households: 99 }, 'dispatcher');
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 'FORBIDDEN');
    });

    it('200 for the worker’s own grid, writing an audit entry with the diff', async () => {
      const res = await patch(`/api/territory/nodes/${city.gridA1}/profile`, { households: 320, residents: 850, description: '老旧小区为主' }, 'worker');
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().profile, { households: 320, residents: 850, description: '老旧小区为主' });
      const again = await patch(`/api/territory/nodes/${city.gridA1}/profile`, { residents: 860 }, 'worker');
      assert.deepEqual(again.json().profile, { households: 320, residents: 860, description: '老旧小区为主' });
      const entries = await t.storage.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'territory.updateProfile')
        .where('record_id', '=', city.gridA1)
        .orderBy('seq')
        .execute();
      assert.equal(entries.length, 2);
      assert.deepEqual(JSON.parse(entries[1]!.before_json!), { residents: 850 });
      assert.deepEqual(JSON.parse(entries[1]!.after_json!), { residents: 860 });
      assert.match(entries[1]!.actor_label, /^worker_a1 /);
    });

    it('lets an admin update any node in scope', async () => {
      const res = await patch(`/api/territory/nodes/${city.gridB1}/profile`, { description: null, households: 12 }, 'admin');
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().profile.households, 12);
    });
  });
});
