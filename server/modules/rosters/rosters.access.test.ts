import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { uuidv7 } from 'uuidv7';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { insertNode, insertUser, seedSmallCity, type TestUser } from '../../../test/factories.ts';

/**
 * Probes of duty rosters as a curious insider would make them (issue #12): a roster manager names
 * people by id; someone they may not see (a sibling district's worker) must answer exactly like an id
 * that does not exist — never with that person's name, never by joining them to the roster.
 */
forEachDatabase('rosters: access probes', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  const u: Record<string, TestUser> = {};
  const cookies: Record<string, string> = {};
  let unitId = '';
  let templateId = '';

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, who: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) });

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date('2026-03-10T04:00:00.000Z');
    const db = t.storage.db;
    city = await seedSmallCity(db);
    await insertNode(db, '320102', '玄武区');
    const people: [string, Parameters<typeof insertUser>[1]['role'], string][] = [
      ['duty', 'duty_officer', city.streetA],
      ['member', 'grid_worker', city.gridA1],
      ['xwworker', 'grid_worker', '320102'],
      ['xwduty', 'duty_officer', '320102'],
    ];
    for (const [username, role, scope] of people) u[username] = await insertUser(db, { username, role, scope, displayName: `名${username}` });
    for (const name of Object.keys(u)) cookies[name] = await loginAs(t.app, name, u[name]!.password);
    const unit = await call('POST', '/api/rosters/units', 'duty', { nameZh: '宁海路街道指挥中心', kind: 'command_centre', territoryCode: city.streetA });
    assert.equal(unit.statusCode, 201, unit.body);
    unitId = unit.json().id;
    const tpl = await call('POST', `/api/rosters/units/${unitId}/templates`, 'duty', { nameZh: '白班', startTime: '08:00', durationMinutes: 720, night: false, requirements: [{ role: '值班员', count: 1 }] });
    templateId = tpl.json().id;
    assert.equal((await call('PUT', `/api/rosters/units/${unitId}/members`, 'duty', { userId: u['member']!.id, skills: ['值班员'] })).statusCode, 200);
  });
  after(async () => t.close());

  it('PUT /units/:id/members: a person the manager may not see answers 404 like a missing one, and is not added', async () => {
    const missing = await call('PUT', `/api/rosters/units/${unitId}/members`, 'duty', { userId: uuidv7(), skills: ['值班员'] });
    const foreign = await call('PUT', `/api/rosters/units/${unitId}/members`, 'duty', { userId: u['xwworker']!.id, skills: ['值班员'] });
    assert.equal(missing.statusCode, 404);
    assert.equal(foreign.statusCode, 404, foreign.body);
    assert.deepEqual([foreign.json().error.code, foreign.json().error.field], [missing.json().error.code, missing.json().error.field]);
    assert.doesNotMatch(foreign.body, /名xwworker/);
    const unit = await call('GET', `/api/rosters/units/${unitId}`, 'duty');
    assert.deepEqual(unit.json().members.map((m: { userId: string }) => m.userId), [u['member']!.id]);
  });

  it('POST /units/:id/assignments with an override: a person the manager may not see answers 404 like a missing one', async () => {
    const body = { templateId, date: '2026-03-12', role: '值班员', overrideReason: '临时顶岗支援' };
    const missing = await call('POST', `/api/rosters/units/${unitId}/assignments`, 'duty', { ...body, userId: uuidv7() });
    const foreign = await call('POST', `/api/rosters/units/${unitId}/assignments`, 'duty', { ...body, userId: u['xwworker']!.id });
    assert.equal(missing.statusCode, 404, missing.body);
    assert.equal(foreign.statusCode, 404, foreign.body);
    assert.deepEqual([foreign.json().error.code, foreign.json().error.field], [missing.json().error.code, missing.json().error.field]);
  });

  it('a sibling district sees nothing of the unit: every read and write by id answers 404', async () => {
    for (const who of ['xwworker', 'xwduty']) {
      for (const url of [`/api/rosters/units/${unitId}`, `/api/rosters/units/${unitId}/swaps`, `/api/rosters/units/${unitId}/on-duty`, `/api/rosters/units/${unitId}/assignments?from=2026-03-09`]) {
        assert.equal((await call('GET', url, who)).statusCode, 404, `${who} ${url}`);
      }
      assert.equal((await call('PUT', `/api/rosters/units/${unitId}/members`, who, { userId: u[who]!.id, skills: ['值班员'] })).statusCode, 404);
      assert.equal((await call('GET', `/api/rosters/units?scope=${city.streetA}`, who)).statusCode, 404);
      assert.equal((await call('GET', `/api/rosters/on-duty?scope=${city.streetA}`, who)).statusCode, 404);
    }
  });
});
