import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { insertNode, insertUser, seedSmallCity } from '../../../test/factories.ts';

/**
 * Probes of patrols as a curious insider would make them (issue #12), kept as a guard: a sibling
 * district's leader gets 404 on every key site and plan by id and on every foreign `scope=`, exactly like
 * a missing one; a city supervisor above may read them but not manage them (403).
 */
forEachDatabase('patrols: access probes', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  const cookies: Record<string, string> = {};
  let siteId = '';
  let planId = '';

  const send = (method: 'GET' | 'POST' | 'PATCH', url: string, who: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie: cookies[who]!, ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}) }, ...(payload ? { payload } : {}) });

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date('2026-11-27T02:00:00.000Z');
    const db = t.storage.db;
    city = await seedSmallCity(db);
    await insertNode(db, '320102', '玄武区');
    const people: [string, Parameters<typeof insertUser>[1]['role'], string][] = [
      ['leader', 'grid_leader', city.gridA1],
      ['worker', 'grid_worker', city.gridA1],
      ['xwleader', 'leader', '320102'],
      ['citysup', 'supervisor', city.city],
    ];
    const ids: Record<string, string> = {};
    for (const [username, role, scope] of people) {
      const u = await insertUser(db, { username, role, scope });
      ids[username] = u.id;
      cookies[username] = await loginAs(t.app, username, u.password);
    }
    const site = await send('POST', '/api/patrols/sites', 'leader', { name: '江苏路小学', category: 'school', riskLevel: 2, location: { lat: 32.06, lng: 118.77 }, radiusMeters: 80 });
    assert.equal(site.statusCode, 201, site.body);
    siteId = site.json().site.id;
    const plan = await send('POST', '/api/patrols/plans', 'leader', { scopeCode: city.gridA1, shiftStart: '2026-11-27T00:00:00.000Z', shiftEnd: '2026-11-27T08:00:00.000Z', workerIds: [ids['worker']] });
    assert.equal(plan.statusCode, 201, plan.body);
    planId = plan.json().plan.id;
  });
  after(async () => t.close());

  it('a sibling district gets 404 on every site, plan and scope, like a missing one', async () => {
    const site = (await send('GET', '/api/patrols/sites', 'leader')).json().sites[0];
    for (const [method, url, payload] of [
      ['GET', `/api/patrols/plans/${planId}`],
      ['GET', `/api/patrols/sites/${siteId}/qr`],
      ['PATCH', `/api/patrols/sites/${siteId}`, { expectedUpdatedAt: site.updatedAt, name: '改名' }],
      ['GET', `/api/patrols/sites?scope=${city.gridA1}`],
      ['GET', `/api/patrols/plans?scope=${city.gridA1}`],
      ['GET', `/api/patrols/compliance?scope=${city.gridA1}`],
      ['GET', `/api/patrols/uncovered?scope=${city.gridA1}`],
    ] as const) {
      const res = await send(method, url, 'xwleader', payload);
      assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
    }
    const listed = await send('GET', '/api/patrols/sites', 'xwleader');
    assert.deepEqual(listed.json().sites, []);
  });

  it('a city supervisor reads the sites and plans below but may not manage them (403)', async () => {
    assert.equal((await send('GET', `/api/patrols/plans/${planId}`, 'citysup')).statusCode, 200);
    assert.equal((await send('GET', `/api/patrols/sites/${siteId}/qr`, 'citysup')).statusCode, 403);
    const site = (await send('GET', '/api/patrols/sites', 'citysup')).json().sites[0];
    assert.equal((await send('PATCH', `/api/patrols/sites/${siteId}`, 'citysup', { expectedUpdatedAt: site.updatedAt, name: '改名' })).statusCode, 403);
  });
});
