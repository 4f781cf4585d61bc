import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { uuidv7 } from 'uuidv7';
import { forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { startSupervisionSuite } from '../../../test/supervisionSuite.ts';
import { insertUser } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';
import { seedCaseWorld } from '../cases/caseTestKit.ts';

/**
 * Probes of unannounced inspections (明察暗访) as a curious insider would make them (issue #12). A city
 * covert plan inspects a grid of 鼓楼区: the district's own supervisor — the inspected side — cannot read
 * the plan or its tasks, so they must not be able to act on them either (record results, add findings,
 * open rectification cases): each answers 404 exactly like a missing task or finding.
 */
forEachDatabase('inspections: access probes', (kind) => {
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
    const inspX = await insertUser(db, { username: 'inspx', role: 'inspector', scope: '320105', displayName: '督查外区' });
    const qhSup = await insertUser(db, { username: 'qhsup', role: 'supervisor', scope: '320105', displayName: '秦淮监督' });
    for (const [name, p] of [['citysup', citySup.password], ['inspx', inspX.password], ['qhsup', qhSup.password], ['supervisor', world.supervisor.password]] as const) cookies[name] = await loginAs(t.app, name, p);
    const plan = await call('citysup', 'POST', '/api/inspections/plans', {
      title: '市级暗访', kind: 'covert', scope: world.city.city, period: '2026-11-20..2026-11-30',
      checklist: [{ key: 'duty', label: '网格员在岗在位' }], tasks: [{ targetKind: 'grid', targetId: world.city.gridA1, inspectorId: inspX.id }],
    });
    assert.equal(plan.statusCode, 201, plan.body);
    ids['plan'] = plan.json().id;
    ids['task'] = plan.json().tasks[0].id;
    const finding = await call('inspx', 'POST', `/api/inspections/tasks/${ids['task']}/findings`, { description: '网格员不在岗', severity: 'major' });
    assert.equal(finding.statusCode, 201, finding.body);
    ids['finding'] = finding.json().id;
  });
  after(async () => t.close());

  it('the inspected district’s supervisor cannot read the city plan, and so gets 404 on every act on its task and finding', async () => {
    for (const who of ['supervisor', 'qhsup']) {
      assert.equal((await call(who, 'GET', `/api/inspections/plans/${ids['plan']}`)).statusCode, 404, who);
      assert.equal((await call(who, 'GET', `/api/inspections/tasks/${ids['task']}`)).statusCode, 404, who);
      const results = await call(who, 'POST', `/api/inspections/tasks/${ids['task']}/results`, { items: [{ itemKey: 'duty', result: 'pass' }] });
      const missingResults = await call(who, 'POST', `/api/inspections/tasks/${uuidv7()}/results`, { items: [{ itemKey: 'duty', result: 'pass' }] });
      assert.equal(results.statusCode, 404, `${who} results: ${results.body}`);
      assert.equal(missingResults.statusCode, 404);
      const finding = await call(who, 'POST', `/api/inspections/tasks/${ids['task']}/findings`, { description: '自查无问题', severity: 'minor' });
      assert.equal(finding.statusCode, 404, `${who} finding: ${finding.body}`);
      const rectify = await call(who, 'POST', `/api/inspections/findings/${ids['finding']}/rectify`, { categoryCode: '0102', deadline: '2026-12-31' });
      assert.equal(rectify.statusCode, 404, `${who} rectify: ${rectify.body}`);
      assert.equal((await call(who, 'POST', `/api/inspections/plans/${ids['plan']}/tasks`, { tasks: [{ targetKind: 'grid', targetId: world.city.gridA2 }] })).statusCode, 404, who);
    }
    // Nothing was recorded by them: the task is still open with no results.
    const task = await call('inspx', 'GET', `/api/inspections/tasks/${ids['task']}`);
    assert.equal(task.json().task.state, 'open');
    assert.deepEqual(task.json().checklist.map((c: { result: unknown }) => c.result), [null]);
  });

  it('lists with a foreign scope answer 404 like a missing node', async () => {
    for (const path of ['/api/inspections/plans?scope=', '/api/inspections/templates?scope=']) {
      assert.equal((await call('qhsup', 'GET', `${path}${world.city.county}`)).statusCode, 404, path);
      assert.equal((await call('qhsup', 'GET', `${path}320199`)).statusCode, 404, path);
    }
    for (const path of [`/api/inspections/targets?scope=${world.city.county}&kind=grid`, `/api/inspections/candidates?scope=${world.city.county}&targetKind=grid&targetId=${world.city.gridA1}`]) {
      assert.equal((await call('qhsup', 'GET', path)).statusCode, 404, path);
    }
  });
});
