import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../test/harness.ts';
import { loginAs } from '../../test/auth.ts';
import { insertNode, insertUser, square, type TestUser } from '../../test/factories.ts';
import { buildJpeg } from '../attachments/testImages.ts';
import { serverJobs } from '../jobs/scheduler.ts';
import { seedCaseWorld } from '../modules/cases/caseTestKit.ts';

// Issue #12, findings 3 (attachments ignore territory), 4 (district leader changes city-wide weights)
// and the duplicate-hint leak of 11, probed over HTTP the way the attacker did.

// Monday 2 March 2026, 09:00 China time.
const START = new Date('2026-03-02T01:00:00.000Z');
const HOUR = 3_600_000;

/** A valid JPEG whose bytes (and so sha256) differ by `n`, even after metadata stripping. */
function photo(n: number): Buffer {
  const jpeg = buildJpeg();
  const dqt = jpeg.indexOf(Buffer.from([0xff, 0xdb]));
  jpeg[dqt + 5] = 2 + (n % 200);
  jpeg[dqt + 6] = 2 + Math.floor(n / 200);
  return jpeg;
}

// 玄武区 grid just west of 鼓楼区 grid A1 (A1 spans lng 118.765–118.775): a boundary runs at lng 118.765.
const XUANWU_GRID = '320102001001001';
const IN_XUANWU_NEAR_EDGE = { lat: 32.06, lng: 118.7645 };
const IN_A1_NEAR_EDGE = { lat: 32.06, lng: 118.7655 };

forEachDatabase('access boundaries (issue #12: attachments, weights, duplicate hints)', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let w: Awaited<ReturnType<typeof seedCaseWorld>>;
  const users: Record<string, TestUser> = {};
  const cookies: Record<string, string> = {};
  let keyCounter = 0;
  let photoCounter = 0;

  const relogin = async () => {
    for (const [name, u] of Object.entries(users)) cookies[name] = await loginAs(t.app, u.username, u.password);
  };

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date(START);
    w = await seedCaseWorld(t.storage.db);
    await insertNode(t.storage.db, '320102', '玄武区');
    await insertNode(t.storage.db, '320102001', '玄武门街道');
    await insertNode(t.storage.db, '320102001001', '玄武门社区');
    await insertNode(t.storage.db, XUANWU_GRID, '玄武门社区第一网格', square(118.76, 32.06));
    users['gulouWorker'] = w.worker;
    users['gulouWorker2'] = await insertUser(t.storage.db, { username: 'gulou2', role: 'grid_worker', scope: w.city.gridA1 });
    users['supervisor'] = w.supervisor;
    users['xuanwuWorker'] = await insertUser(t.storage.db, { username: 'xuanwu', role: 'grid_worker', scope: XUANWU_GRID });
    users['districtLeader'] = await insertUser(t.storage.db, { username: 'gulouleader', role: 'leader', scope: w.city.county });
    users['cityLeader'] = await insertUser(t.storage.db, { username: 'cityleader', role: 'leader', scope: w.city.city });
    await relogin();
  });
  after(async () => t.close());

  const req = (who: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, ...(payload !== undefined ? { payload: payload as object } : {}), headers: { ...(who ? { cookie: cookies[who]! } : {}), ...headers } });
  const upload = async (who: string | null) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/uploads', payload: photo(++photoCounter), headers: { 'content-type': 'image/jpeg', ...(who ? { cookie: cookies[who]! } : {}) } });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { sha256: string; uploadToken?: string };
  };
  const report = (who: string, body: Record<string, unknown>) => req(who, 'POST', '/api/cases', body, { 'idempotency-key': `k-${++keyCounter}` });
  const download = (who: string | null, sha256: string, token?: string) => req(who, 'GET', `/api/attachments/${sha256}`, undefined, token ? { 'x-upload-token': token } : {});

  describe('finding 3: attachments follow the territory of the records that reference them', () => {
    it('a 鼓楼区 grid worker gets 404 for the photo of a 玄武区 case; the case\'s own grid and the city see it', async () => {
      const shot = await upload('xuanwuWorker');
      const created = await report('xuanwuWorker', { categoryCode: '0101', description: '玄武区垃圾', location: IN_XUANWU_NEAR_EDGE, photos: [shot.sha256] });
      assert.equal(created.statusCode, 201, created.body);
      const caseId = created.json().case.id as string;
      assert.equal((await req('gulouWorker', 'GET', `/api/cases/${caseId}`)).statusCode, 404, 'the record itself answers 404');
      const foreign = await download('gulouWorker', shot.sha256);
      assert.equal(foreign.statusCode, 404, 'and so does its photo');
      assert.equal(foreign.json().error.code, 'NOT_FOUND');
      assert.equal((await download('supervisor', shot.sha256)).statusCode, 404, 'a 鼓楼区 supervisor neither');
      assert.equal((await download('xuanwuWorker', shot.sha256)).statusCode, 200);
      assert.equal((await download('cityLeader', shot.sha256)).statusCode, 200);
      // Missing looks the same as forbidden.
      assert.equal((await download('gulouWorker', 'a'.repeat(64))).statusCode, 404);
    });

    it('a photo seen elsewhere cannot be pulled into a record one controls (and read from there)', async () => {
      const shot = await upload('xuanwuWorker');
      const created = await report('xuanwuWorker', { categoryCode: '0101', description: '玄武区垃圾二', location: IN_XUANWU_NEAR_EDGE, photos: [shot.sha256] });
      assert.equal(created.statusCode, 201, created.body);
      const stolen = await report('gulouWorker', { categoryCode: '0102', description: '借用照片', location: { lat: 32.06, lng: 118.77 }, photos: [shot.sha256] });
      assert.equal(stolen.statusCode, 400);
      assert.equal(stolen.json().error.field, 'photos');
      assert.equal((await download('gulouWorker', shot.sha256)).statusCode, 404);
    });

    it('an unreferenced staff upload is its uploader\'s only', async () => {
      const mine = await upload('gulouWorker');
      assert.equal((await download('gulouWorker', mine.sha256)).statusCode, 200, 'the uploader previews it');
      assert.equal(mine.uploadToken, undefined, 'staff uploads need no token');
      assert.equal((await download('gulouWorker2', mine.sha256)).statusCode, 404, 'a colleague in the same grid does not');
      assert.equal((await download('supervisor', mine.sha256)).statusCode, 404, 'nor a supervisor above');
    });

    it('an anonymous upload is readable only with its uploader token, never by a logged-in stranger, and expires unreferenced', async () => {
      const anon = await upload(null);
      assert.match(anon.uploadToken ?? '', /^wgu_/);
      assert.equal((await download('supervisor', anon.sha256)).statusCode, 404, 'any logged-in user: 404');
      assert.equal((await download(null, anon.sha256)).statusCode, 401, 'no token, no session: 401 as before');
      assert.equal((await download(null, anon.sha256, 'wgu_wrong')).statusCode, 404);
      assert.equal((await download(null, anon.sha256, anon.uploadToken)).statusCode, 200);

      // A resident submission referencing a fresh upload makes it the case's: the grid's staff read it.
      const used = await upload(null);
      const submitted = await req(null, 'POST', '/api/cases/public', { categoryCode: '0101', description: '居民反映垃圾', location: { lat: 32.06, lng: 118.77 }, photos: [used.sha256] }, { 'idempotency-key': `k-${++keyCounter}` });
      assert.equal(submitted.statusCode, 201, submitted.body);
      assert.equal((await download('gulouWorker', used.sha256)).statusCode, 200);
      assert.equal((await download('xuanwuWorker', used.sha256)).statusCode, 404);
      assert.equal((await download(null, used.sha256, used.uploadToken)).statusCode, 404, 'once referenced, the record decides');

      // 25 hours later the unreferenced one is no longer the token holder's, cannot be submitted, and the job removes it.
      t.clock.now = new Date(START.getTime() + 25 * HOUR);
      assert.equal((await download(null, anon.sha256, anon.uploadToken)).statusCode, 404);
      const late = await req(null, 'POST', '/api/cases/public', { categoryCode: '0101', description: '居民迟到的照片', location: { lat: 32.06, lng: 118.77 }, photos: [anon.sha256] }, { 'idempotency-key': `k-${++keyCounter}` });
      assert.equal(late.statusCode, 400);
      assert.equal(late.json().error.field, 'photos');
      const job = serverJobs().find((j) => j.name === 'attachment-expiry')!;
      await job.run(t.ctx, t.clock.now);
      const left = await t.storage.db.selectFrom('attachments').select('sha256').where('sha256', 'in', [anon.sha256, used.sha256]).execute();
      assert.deepEqual(left.map((r) => r.sha256), [used.sha256], 'the expired upload is gone, the referenced one kept');
      t.clock.now = new Date(START);
      await relogin();
    });
  });

  describe('finding 4: evaluation weights are city-wide', () => {
    it('a district leader may read but not change them (403); a city leader may', async () => {
      assert.equal((await req('districtLeader', 'GET', '/api/evaluation/weights')).statusCode, 200);
      const district = await req('districtLeader', 'PUT', '/api/evaluation/weights', { weights: { onTime: 50 } });
      assert.equal(district.statusCode, 403, district.body);
      assert.equal(district.json().error.code, 'FORBIDDEN');
      const city = await req('cityLeader', 'PUT', '/api/evaluation/weights', { weights: { onTime: 50 } });
      assert.equal(city.statusCode, 200, city.body);
      assert.equal(city.json().weights.onTime, 50);
    });
  });

  describe('finding 11: duplicate hints at intake are scope-filtered', () => {
    it('a 鼓楼区 report 90 m from an open 玄武区 case of the same category does not name it', async () => {
      const xw = await report('xuanwuWorker', { categoryCode: '0103', description: '玄武区一侧的占道经营', location: IN_XUANWU_NEAR_EDGE });
      assert.equal(xw.statusCode, 201, xw.body);
      const near = await report('xuanwuWorker', { categoryCode: '0103', description: '同一侧再报一次', location: IN_XUANWU_NEAR_EDGE });
      assert.deepEqual(near.json().possibleDuplicates.map((d: { id: string }) => d.id), [xw.json().case.id], 'a readable duplicate is still flagged');
      const gl = await report('gulouWorker', { categoryCode: '0103', description: '鼓楼区一侧的占道经营', location: IN_A1_NEAR_EDGE });
      assert.equal(gl.statusCode, 201, gl.body);
      assert.deepEqual(gl.json().possibleDuplicates, [], 'the foreign case is not revealed');
      const merge = await req('gulouWorker', 'GET', `/api/cases/${gl.json().case.id}/possible-duplicates`);
      assert.deepEqual(merge.json().possibleDuplicates, []);
    });
  });
});
