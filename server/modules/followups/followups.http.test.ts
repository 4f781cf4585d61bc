import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { uuidv7 } from 'uuidv7';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { seedCaseWorld } from '../cases/caseTestKit.ts';
import { buildJpeg } from '../../attachments/testImages.ts';

forEachDatabase('follow-up items (长效机制)', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let w: Awaited<ReturnType<typeof seedCaseWorld>>;
  const cookies: Record<string, string> = {};
  let campaignId = '';
  let idem = 0;

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date('2026-11-20T02:00:00.000Z');
    const db = t.storage.db;
    w = await seedCaseWorld(db);
    for (const [u, p] of [['supervisor', w.supervisor.password], ['worker', w.worker.password], ['unitleader', w.unitLeader.password], ['inspector', w.inspector.password], ['handler', w.handler.password]] as const) cookies[u] = await loginAs(t.app, u, p);
    campaignId = uuidv7();
    await db.insertInto('campaigns').values({ id: campaignId, name: '进博会安保', description: null, territory_code: w.city.county, territory_path: '32/3201/320106/', starts_at: '2026-11-01T00:00:00.000Z', ends_at: '2026-11-10T00:00:00.000Z', event_at: null, daily_report_due: '18:00', cloned_from: null, created_by: null, created_at: '2026-10-01T00:00:00.000Z', updated_at: '2026-10-01T00:00:00.000Z' }).execute();
  });
  after(async () => t.close());

  const post = (url: string, payload: unknown, who?: string, key: string | null = `k-${++idem}`) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers: { ...(who ? { cookie: cookies[who]! } : {}), ...(key ? { 'idempotency-key': key } : {}) } });
  const get = (url: string, who?: string) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: cookies[who]! } : {} });
  const base = () => ({ campaignId, title: '建立重点部位常态化巡查机制', ownerId: w.worker.id, ownerUnitCode: w.city.gridA1, dueAt: '2026-12-10' });

  it('creation walks 401 → 400 → 403 → 201, replays on the same Idempotency-Key and is audited', async () => {
    assert.equal((await post('/api/followups', base())).statusCode, 401);
    const noKey = await post('/api/followups', base(), 'supervisor', null);
    assert.equal(noKey.statusCode, 400);
    assert.equal(noKey.json().error.code, 'IDEMPOTENCY_KEY_MISSING');
    const badDate = await post('/api/followups', { ...base(), dueAt: '2026-13-45x' }, 'supervisor');
    assert.equal(badDate.statusCode, 400);
    assert.equal(badDate.json().error.field, 'dueAt');
    // A day the month lacks is refused, not rolled over into March.
    for (const dueAt of ['2027-02-30', '2027-02-30T10:00:00+08:00']) {
      const rolled = await post('/api/followups', { ...base(), dueAt }, 'supervisor');
      assert.deepEqual([rolled.statusCode, rolled.json().error.code, rolled.json().error.field], [400, 'VALIDATION_FAILED', 'dueAt'], dueAt);
    }
    const past = await post('/api/followups', { ...base(), dueAt: '2026-11-01' }, 'supervisor');
    assert.equal(past.statusCode, 400);
    assert.equal(past.json().error.field, 'dueAt');
    const noOwner = await post('/api/followups', { ...base(), ownerId: uuidv7() }, 'supervisor');
    assert.equal(noOwner.statusCode, 400);
    assert.equal(noOwner.json().error.field, 'ownerId');
    const noUnit = await post('/api/followups', { title: '无单位', ownerId: w.worker.id, dueAt: '2026-12-10' }, 'supervisor');
    assert.equal(noUnit.statusCode, 400);
    assert.equal(noUnit.json().error.field, 'territoryCode');
    const worker = await post('/api/followups', base(), 'worker');
    assert.equal(worker.statusCode, 403, 'a grid worker may not create follow-up items');
    const otherCounty = await post('/api/followups', { ...base(), campaignId: undefined, territoryCode: '320105' }, 'supervisor');
    assert.equal(otherCounty.statusCode, 404);

    const res = await post('/api/followups', base(), 'supervisor', 'create-1');
    assert.equal(res.statusCode, 201, res.body);
    const item = res.json().item;
    assert.equal(item.state, 'open');
    assert.equal(item.owner.name, '张伟');
    assert.equal(item.ownerUnit.name, '江苏路社区第一网格');
    assert.equal(item.dueAt, '2026-12-10T15:59:59.000Z', 'a date deadline is the end of that China day');
    assert.equal(item.sourceKind, 'campaign');
    const replay = await post('/api/followups', base(), 'supervisor', 'create-1');
    assert.equal(replay.statusCode, 201);
    assert.equal(replay.headers['idempotency-replayed'], 'true');
    assert.equal(replay.json().item.id, item.id);
    const n = await t.storage.db.selectFrom('followup_items').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 1, 'the replay created nothing');
    const audit = await t.storage.db.selectFrom('audit_log').select(['action', 'record_id']).where('action', 'like', 'followup.%').execute();
    assert.deepEqual(audit.map((a) => a.action), ['followup.create']);
  });

  it('the owner reports progress and completes with evidence; a supervisor verifies; wrong roles are refused', async () => {
    const created = (await post('/api/followups', { ...base(), title: '完善夜间值守制度' }, 'supervisor')).json().item;
    const url = `/api/followups/${created.id}`;
    // The owner sees it in "my items"; a handler of a department sees nothing.
    assert.ok((await get('/api/followups?owner=me', 'worker')).json().items.some((i: { id: string }) => i.id === created.id));
    assert.equal((await get(url, 'handler')).statusCode, 404);
    assert.equal((await get('/api/followups', 'handler')).json().items.length, 0);

    const badProgress = await post(`${url}/progress`, { progress: 140, note: 'x' }, 'worker', null);
    assert.equal(badProgress.statusCode, 400);
    assert.equal(badProgress.json().error.field, 'progress');
    assert.equal((await post(`${url}/progress`, { progress: 40, note: '已排班' }, 'inspector', null)).statusCode, 403, 'an inspector reads but may not report');
    const p = await post(`${url}/progress`, { progress: 40, note: '已排班', expectedVersion: 1 }, 'worker', null);
    assert.equal(p.statusCode, 200, p.body);
    assert.equal(p.json().item.state, 'in_progress');
    assert.equal(p.json().item.progress, 40);
    const stale = await post(`${url}/progress`, { progress: 50, note: '旧版本', expectedVersion: 1 }, 'worker', null);
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'STALE_TRANSITION');

    assert.equal((await post(`${url}/verify`, { decision: 'accept' }, 'supervisor', null)).statusCode, 409, 'not completed yet');
    const shortEvidence = await post(`${url}/complete`, { evidenceNote: '好' }, 'worker', null);
    assert.equal(shortEvidence.statusCode, 400);
    assert.equal(shortEvidence.json().error.field, 'evidenceNote');
    const missingPhoto = await post(`${url}/complete`, { evidenceNote: '制度已印发并上墙', attachmentIds: [uuidv7()] }, 'worker', null);
    assert.equal(missingPhoto.statusCode, 400);
    assert.equal(missingPhoto.json().error.field, 'attachmentIds');
    const done = await post(`${url}/complete`, { evidenceNote: '制度已印发并上墙' }, 'worker', null);
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().item.state, 'completed');
    assert.equal(done.json().item.progress, 100);
    assert.deepEqual(done.json().item.evidence, { note: '制度已印发并上墙', attachmentIds: [], photos: [] });
    assert.equal((await post(`${url}/progress`, { progress: 10, note: '再改' }, 'worker', null)).statusCode, 409);

    assert.equal((await post(`${url}/verify`, { decision: 'accept' }, 'worker', null)).statusCode, 403, 'the owner may not verify');
    assert.equal((await post(`${url}/verify`, { decision: 'accept' }, 'inspector', null)).statusCode, 403);
    const noReason = await post(`${url}/verify`, { decision: 'reject' }, 'supervisor', null);
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json().error.field, 'note');
    const rejected = await post(`${url}/verify`, { decision: 'reject', note: '缺少照片佐证' }, 'supervisor', null);
    assert.equal(rejected.json().item.state, 'in_progress');
    // Photos of the evidence: the sha256 that POST /api/uploads answered.
    const upload = await t.app.inject({ method: 'POST', url: '/api/uploads', payload: buildJpeg(), headers: { cookie: cookies['worker']!, 'content-type': 'image/jpeg' } });
    assert.equal(upload.statusCode, 201, upload.body);
    const sha = upload.json().sha256 as string;
    const unknownPhoto = await post(`${url}/complete`, { evidenceNote: '补充了上墙照片', photos: ['0'.repeat(64)] }, 'worker', null);
    assert.deepEqual([unknownPhoto.statusCode, unknownPhoto.json().error.code, unknownPhoto.json().error.field], [400, 'VALIDATION_FAILED', 'photos']);
    const notSha = await post(`${url}/complete`, { evidenceNote: '补充了上墙照片', photos: ['photo.jpg'] }, 'worker', null);
    assert.deepEqual([notSha.statusCode, notSha.json().error.field], [400, 'photos.0']);
    const withPhoto = await post(`${url}/complete`, { evidenceNote: '补充了上墙照片', photos: [sha, sha] }, 'worker', null);
    assert.equal(withPhoto.statusCode, 200, withPhoto.body);
    assert.deepEqual(withPhoto.json().item.evidence, { note: '补充了上墙照片', attachmentIds: [], photos: [sha] });
    const verified = await post(`${url}/verify`, { decision: 'accept', note: '验收通过' }, 'supervisor', null);
    assert.equal(verified.statusCode, 200, verified.body);
    assert.equal(verified.json().item.state, 'verified');
    assert.equal(verified.json().item.verifiedBy, w.supervisor.id);

    const audit = await t.storage.db.selectFrom('audit_log').select('action').where('record_id', '=', created.id).orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => a.action), ['followup.create', 'followup.progress', 'followup.complete', 'followup.reject', 'followup.complete', 'followup.verify']);
  });

  it('a supervisor who owns an item may not verify it; another leader may', async () => {
    const item = (await post('/api/followups', { territoryCode: w.city.county, title: '督查台账规范化', ownerId: w.supervisor.id, dueAt: '2026-12-01T18:00:00+08:00' }, 'unitleader')).json().item;
    assert.equal(item.sourceKind, 'manual');
    await post(`/api/followups/${item.id}/complete`, { evidenceNote: '台账模板已下发' }, 'supervisor', null);
    assert.equal((await post(`/api/followups/${item.id}/verify`, { decision: 'accept' }, 'supervisor', null)).statusCode, 403);
    assert.equal((await post(`/api/followups/${item.id}/verify`, { decision: 'accept' }, 'unitleader', null)).json().item.state, 'verified');
  });

  it('lists by campaign, state and overdue, flagging items past their deadline', async () => {
    const late = (await post('/api/followups', { ...base(), title: '逾期事项', dueAt: '2026-11-21' }, 'supervisor')).json().item;
    const before = (await get(`/api/followups?campaign=${campaignId}&overdue=true`, 'supervisor')).json().items;
    assert.equal(before.length, 0);
    // Five days later (sessions idle out meanwhile: log in again at the new time).
    t.clock.now = new Date('2026-11-25T02:00:00.000Z');
    for (const [u, p] of [['supervisor', w.supervisor.password], ['inspector', w.inspector.password]] as const) cookies[u] = await loginAs(t.app, u, p);
    const overdue = (await get(`/api/followups?campaign=${campaignId}&overdue=true`, 'supervisor')).json().items;
    assert.deepEqual(overdue.map((i: { id: string }) => i.id), [late.id]);
    assert.equal(overdue[0].overdue, true);
    const notOverdue = (await get(`/api/followups?campaign=${campaignId}&overdue=false`, 'supervisor')).json().items;
    assert.ok(notOverdue.length >= 2 && notOverdue.every((i: { overdue: boolean }) => !i.overdue));
    const verified = (await get('/api/followups?state=verified', 'supervisor')).json().items;
    assert.equal(verified.length, 2);
    assert.equal((await get('/api/followups?state=nope', 'supervisor')).statusCode, 400);
    assert.equal((await get('/api/followups?scope=320105', 'supervisor')).statusCode, 404);
    const inspector = (await get(`/api/followups?campaign=${campaignId}`, 'inspector')).json().items;
    assert.equal(inspector.length, 3, 'an inspector reads the county items');
    assert.ok(inspector.every((i: { actions: string[] }) => !i.actions.includes('verify')));
  });
});
