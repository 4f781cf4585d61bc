import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { uuidv7 } from 'uuidv7';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { insertNode, insertUser, type TestUser } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';
import { seedCaseWorld } from '../cases/caseTestKit.ts';

/**
 * Probes of follow-up items (长效机制) as a curious insider would make them (issue #12): an owner or an
 * owner unit the creator may not see is refused exactly like one that does not exist (never echoed back
 * with its name), and a foreign `scope=` answers like a missing node, with or without `owner=me`.
 */
forEachDatabase('follow-ups: access probes', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let w: Awaited<ReturnType<typeof seedCaseWorld>>;
  const cookies: Record<string, string> = {};
  let xw: TestUser;
  let itemId = '';
  let idem = 0;

  const post = (url: string, payload: object, who: string) => t.app.inject({ method: 'POST', url, payload, headers: { cookie: cookies[who]!, 'idempotency-key': `fa-${++idem}` } });
  const get = (url: string, who: string) => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });
  const base = () => ({ territoryCode: w.city.county, title: '建立常态化巡查机制', ownerId: w.worker.id, dueAt: '2026-12-10' });

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date('2026-11-20T02:00:00.000Z');
    const db = t.storage.db;
    w = await seedCaseWorld(db);
    await insertNode(db, '320102', '玄武区');
    xw = await insertUser(db, { username: 'xwworker', role: 'grid_worker', scope: '320102', displayName: '玄武区网格员' });
    const xwLeader = await insertUser(db, { username: 'xwleader', role: 'leader', scope: '320102', displayName: '玄武区领导' });
    for (const [u, p] of [['supervisor', w.supervisor.password], ['worker', w.worker.password], ['xwworker', xw.password], ['xwleader', xwLeader.password]] as const) cookies[u] = await loginAs(t.app, u, p);
    const item = await post('/api/followups', base(), 'supervisor');
    assert.equal(item.statusCode, 201, item.body);
    itemId = item.json().item.id;
  });
  after(async () => t.close());

  it('POST /api/followups: an owner the creator may not see is refused like a missing one, without their name', async () => {
    const missing = await post('/api/followups', { ...base(), ownerId: uuidv7() }, 'supervisor');
    const foreign = await post('/api/followups', { ...base(), ownerId: xw.id }, 'supervisor');
    assert.equal(missing.statusCode, 400);
    assert.equal(foreign.statusCode, missing.statusCode, foreign.body);
    assert.deepEqual([foreign.json().error.code, foreign.json().error.field], [missing.json().error.code, missing.json().error.field]);
    assert.doesNotMatch(foreign.body, /玄武区网格员/);
  });

  it('POST /api/followups: an owner unit the creator may not see is refused like a missing one, without its name', async () => {
    const missing = await post('/api/followups', { ...base(), ownerUnitCode: '320199' }, 'supervisor');
    const foreign = await post('/api/followups', { ...base(), ownerUnitCode: '320102' }, 'supervisor');
    assert.equal(missing.statusCode, 400);
    assert.equal(foreign.statusCode, missing.statusCode, foreign.body);
    assert.deepEqual([foreign.json().error.code, foreign.json().error.field], [missing.json().error.code, missing.json().error.field]);
    assert.doesNotMatch(foreign.body, /玄武区/);
  });

  it('GET /api/followups?scope=: a node outside the caller’s reach answers 404 like a missing one, with or without owner=me', async () => {
    for (const who of ['worker', 'xwleader']) {
      for (const q of ['', '&owner=me']) {
        const foreign = await get(`/api/followups?scope=${who === 'worker' ? w.city.gridB1 : w.city.county}${q}`, who);
        const missing = await get(`/api/followups?scope=320199${q}`, who);
        assert.equal(missing.statusCode, 404, `${who}${q}`);
        assert.equal(foreign.statusCode, 404, `${who}${q}: ${foreign.body}`);
      }
    }
    // Their own grid with owner=me still lists their own items.
    const own = await get(`/api/followups?scope=${w.city.gridA1}&owner=me`, 'worker');
    assert.equal(own.statusCode, 200, own.body);
    assert.deepEqual(own.json().items.map((i: { id: string }) => i.id), [itemId]);
  });

  it('POST /api/followups/:id/complete: an upload the owner may not read cannot be named as evidence (by hash or by attachment id)', async () => {
    // 玄武区's worker uploaded a photo nobody references yet: only they may read it.
    const foreignId = uuidv7();
    const sha256 = 'c'.repeat(64);
    await t.storage.db.insertInto('attachments').values({ id: foreignId, sha256, size: 10, mime: 'image/jpeg', created_by: xw.id, created_at: t.clock.now.toISOString(), original_name: null, stripped: 1 }).execute();
    const missingId = await post(`/api/followups/${itemId}/complete`, { evidenceNote: '已完成整改', attachmentIds: [uuidv7()] }, 'worker');
    const foreignById = await post(`/api/followups/${itemId}/complete`, { evidenceNote: '已完成整改', attachmentIds: [foreignId] }, 'worker');
    assert.deepEqual([missingId.statusCode, missingId.json().error.field], [400, 'attachmentIds']);
    assert.deepEqual([foreignById.statusCode, foreignById.json().error.code, foreignById.json().error.field], [400, 'VALIDATION_FAILED', 'attachmentIds'], foreignById.body);
    const foreignByHash = await post(`/api/followups/${itemId}/complete`, { evidenceNote: '已完成整改', photos: [sha256] }, 'worker');
    assert.deepEqual([foreignByHash.statusCode, foreignByHash.json().error.field], [400, 'photos'], foreignByHash.body);
  });

  it('a sibling district gets 404 on every read and act by id', async () => {
    const read = await get(`/api/followups/${itemId}`, 'xwleader');
    assert.equal(read.statusCode, 404, read.body);
    for (const [path, body] of [['progress', { progress: 50, note: '推进中' }], ['complete', { evidenceNote: '已完成整改' }], ['verify', { decision: 'accept' }]] as const) {
      const res = await post(`/api/followups/${itemId}/${path}`, body, 'xwleader');
      assert.equal(res.statusCode, 404, `${path}: ${res.body}`);
    }
  });
});
