import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { uuidv7 } from 'uuidv7';
import { forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { startSupervisionSuite } from '../../../test/supervisionSuite.ts';
import { insertUser } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';
import { seedCaseWorld } from '../cases/caseTestKit.ts';
import { insertTestCase } from '../analytics/testCases.ts';

/**
 * Probes of supervision as a curious insider would make them (issue #12). A city spot check (随机抽查)
 * samples 鼓楼区's closed cases: the district's own supervisor — the checked side — cannot read the batch,
 * so they must not record its results either (that would let them pass their own cases): 404, exactly
 * like a missing item. A sibling district sees nothing.
 */
forEachDatabase('supervision: access probes', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let world: Awaited<ReturnType<typeof seedCaseWorld>>;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) });

  before(async () => {
    ({ t, world } = await startSupervisionSuite(kind));
    const db = t.storage.db;
    const citySup = await insertUser(db, { username: 'citysup', role: 'supervisor', scope: world.city.city, displayName: '市督查办' });
    const cityLeader = await insertUser(db, { username: 'cityleader', role: 'leader', scope: world.city.city, displayName: '市领导' });
    const inspX = await insertUser(db, { username: 'inspx', role: 'inspector', scope: '320105', displayName: '督查外区' });
    const qhSup = await insertUser(db, { username: 'qhsup', role: 'supervisor', scope: '320105', displayName: '秦淮监督' });
    for (const [name, p] of [['citysup', citySup.password], ['inspx', inspX.password], ['qhsup', qhSup.password], ['cityleader', cityLeader.password], ['supervisor', world.supervisor.password]] as const) cookies[name] = await loginAs(t.app, name, p);
    for (let i = 0; i < 4; i++) {
      await insertTestCase(db, { case_no: `C${i}`, grid_code: world.city.gridA1, state: 'closed', closed_on_time: 1, closed_at: `2026-11-1${i}T03:00:00.000Z`, department_id: world.deptUrban, handler_id: world.handler.id });
    }
    const batch = await call('citysup', 'POST', '/api/spotchecks', { seed: 7, period: '2026-11-01..2026-11-30', scope: world.city.city, margin: 0.5 });
    assert.equal(batch.statusCode, 201, batch.body);
    ids['batch'] = batch.json().id;
    const read = await call('citysup', 'GET', `/api/spotchecks/${ids['batch']}`);
    ids['item'] = read.json().items[0].id;
    assert.ok(ids['item']);
  });
  after(async () => t.close());

  it('the checked district’s supervisor cannot read the city batch, and gets 404 recording one of its items', async () => {
    const body = { callbackReached: true, callbackSatisfied: true, callbackMatches: true, recheckFixed: true };
    for (const who of ['supervisor', 'qhsup']) {
      assert.equal((await call(who, 'GET', `/api/spotchecks/${ids['batch']}`)).statusCode, 404, who);
      const res = await call(who, 'POST', `/api/spotchecks/items/${ids['item']}/result`, body);
      assert.equal(res.statusCode, 404, `${who}: ${res.body}`);
      assert.equal((await call(who, 'POST', `/api/spotchecks/items/${uuidv7()}/result`, body)).statusCode, 404);
    }
    const batch = await call('citysup', 'GET', `/api/spotchecks/${ids['batch']}`);
    assert.equal(batch.json().items.find((i: { id: string }) => i.id === ids['item']).result, 'pending');
  });

  it('a city leader manages spot checks but does not record their results (403, the item stays pending)', async () => {
    const body = { callbackReached: true, callbackSatisfied: true, callbackMatches: true, recheckFixed: true };
    assert.equal((await call('cityleader', 'GET', `/api/spotchecks/${ids['batch']}`)).statusCode, 200);
    const res = await call('cityleader', 'POST', `/api/spotchecks/items/${ids['item']}/result`, body);
    assert.equal(res.statusCode, 403, res.body);
    const batch = await call('citysup', 'GET', `/api/spotchecks/${ids['batch']}`);
    assert.equal(batch.json().items.find((i: { id: string }) => i.id === ids['item']).result, 'pending');
  });

  it('lists and previews with a foreign scope answer 404 like a missing node', async () => {
    for (const url of [`/api/spotchecks?scope=${world.city.county}`, `/api/spotchecks/preview?seed=1&period=2026-11-01..2026-11-30&scope=${world.city.county}`, `/api/accountability?scope=${world.city.county}`, `/api/accountability/history?scope=${world.city.county}&by=unit&from=2026-11-01&to=2026-11-30`]) {
      const foreign = await call('qhsup', 'GET', url);
      const missing = await call('qhsup', 'GET', url.replace(world.city.county, '320199'));
      assert.equal(foreign.statusCode, 404, `${url}: ${foreign.body}`);
      assert.equal(missing.statusCode, 404, url);
    }
    assert.equal((await call('qhsup', 'POST', `/api/accountability/${uuidv7()}/decision`, { decision: 'waive', reason: '理由充分说明' })).statusCode, 404);
  });
});
