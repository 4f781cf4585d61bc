import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { insertNode, insertUser, seedSmallCity } from '../../../test/factories.ts';
import { insertTestCase } from '../analytics/testCases.ts';
import { loginAs } from '../../../test/auth.ts';
import { systemActor } from '../../access/actor.ts';
import { appendAudit, type AuditInput } from '../../audit/audit.ts';
import type { AuditEntryView } from '../../../shared/audit/wire.ts';

forEachDatabase('GET /api/audit', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  const cookies: Record<'admin' | 'inspector' | 'leader' | 'worker', string> = { admin: '', inspector: '', leader: '', worker: '' };
  let residentId = '';
  let workerId = '';

  async function append(input: AuditInput): Promise<number> {
    return t.storage.db.transaction().execute((trx) => appendAudit(trx, systemActor('test-seed'), input));
  }

  async function get(who: keyof typeof cookies | null, query: string) {
    const res = await t.app.inject({ method: 'GET', url: `/api/audit${query}`, headers: who ? { cookie: cookies[who] } : {} });
    return res;
  }

  before(async () => {
    t = await createTestApp(kind);
    city = await seedSmallCity(t.storage.db);
    await insertUser(t.storage.db, { username: 'admin1', role: 'admin', scope: city.province });
    // 督查员 over street A only; 领导 over the whole district.
    await insertUser(t.storage.db, { username: 'inspector1', role: 'inspector', scope: city.streetA });
    await insertUser(t.storage.db, { username: 'leader1', role: 'leader', scope: city.county });
    const worker = await insertUser(t.storage.db, { username: 'worker1', role: 'grid_worker', scope: city.gridA1 });
    const resident = await insertUser(t.storage.db, { username: 'gridleader1', role: 'grid_leader', scope: city.gridA2 });
    workerId = worker.id;
    residentId = resident.id;
    for (const who of ['admin', 'inspector', 'leader', 'worker'] as const) {
      const username = { admin: 'admin1', inspector: 'inspector1', leader: 'leader1', worker: 'worker1' }[who];
      cookies[who] = await loginAs(t.app, username, 'correct horse battery');
    }
    for (let i = 1; i <= 3; i++) {
      await append({ action: 'territory.updateProfile', recordType: 'territory_node', recordId: city.gridA1, before: { households: i }, after: { households: i + 1 } });
    }
    await append({ action: 'territory.updateProfile', recordType: 'territory_node', recordId: city.gridB1, after: { households: 7 } });
    await append({ action: 'people.manage', recordType: 'user', recordId: residentId, before: { phone: '13812345678' }, after: { phone: '13999998888', displayName: '张三' } });
  });
  after(async () => t.close());

  it('401 without a session', async () => {
    const res = await get(null, `?recordType=territory_node&recordId=${city.gridA1}`);
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().error.code, 'UNAUTHENTICATED');
  });

  describe('400 on bad input, naming the field', () => {
    const cases: [string, string][] = [
      ['?limit=0', 'limit'],
      ['?limit=abc', 'limit'],
      ['?cursor=-3', 'cursor'],
      ['?from=yesterday', 'from'],
      ['?from=2026-02-30T00:00:00Z', 'from'],
      ['?to=2026-01-01T24:30:00Z', 'to'],
      ['?to=2026-01-01T08:00:00', 'to'],
      ['?recordId=x', 'recordType'],
      ['?recordType=Bad%20Type', 'recordType'],
      ['?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
    ];
    for (const [query, field] of cases) {
      it(`${query} → 400 VALIDATION_FAILED field ${field}`, async () => {
        const res = await get('admin', query);
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().error.code, 'VALIDATION_FAILED');
        assert.equal(res.json().error.field, field);
      });
    }
  });

  it('403 for a role without audit.read (grid worker), even on its own grid', async () => {
    const res = await get('worker', `?recordType=territory_node&recordId=${city.gridA1}`);
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'FORBIDDEN');
  });

  it('403 when a non-admin searches the whole log or a record type only admins may audit', async () => {
    const all = await get('inspector', '');
    assert.equal(all.statusCode, 403);
    assert.equal(all.json().error.field, 'recordId');
    const byActor = await get('leader', `?actorId=${workerId}`);
    assert.equal(byActor.statusCode, 403);
    const token = await get('leader', '?recordType=api_token&recordId=abc');
    assert.equal(token.statusCode, 403);
    assert.equal(token.json().error.field, 'recordType');
  });

  it('404 for a record outside the caller’s scope, the same as for a record that does not exist', async () => {
    const outside = await get('inspector', `?recordType=territory_node&recordId=${city.gridB1}`);
    const missing = await get('inspector', '?recordType=territory_node&recordId=320106001001999');
    assert.equal(outside.statusCode, 404);
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(outside.json(), missing.json());
  });

  it('200: an inspector sees the entries of a grid in scope, newest first, and nothing else', async () => {
    const res = await get('inspector', `?recordType=territory_node&recordId=${city.gridA1}`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { entries: AuditEntryView[]; nextCursor: string | null };
    assert.deepEqual(
      body.entries.map((e) => e.after),
      [{ households: 4 }, { households: 3 }, { households: 2 }],
    );
    assert.ok(body.entries.every((e) => e.recordId === city.gridA1 && e.action === 'territory.updateProfile'));
    assert.ok(body.entries[0]!.seq > body.entries[1]!.seq);
    assert.match(body.entries[0]!.hash, /^[0-9a-f]{64}$/);
    assert.match(body.entries[0]!.actorLabel, /test-seed/);
    assert.equal(body.nextCursor, null);
  });

  it('200: phone numbers in before/after are masked unless the caller may read personal data', async () => {
    const query = `?recordType=user&recordId=${residentId}`;
    const inspector = await get('inspector', query);
    assert.equal(inspector.statusCode, 200, inspector.body);
    const manage = (inspector.json().entries as AuditEntryView[]).find((e) => e.action === 'people.manage')!;
    assert.deepEqual(manage.before, { phone: '138****5678' });
    assert.deepEqual(manage.after, { phone: '139****8888', displayName: '张三' });
    assert.equal(inspector.json().personalDataMasked, true);

    const leader = await get('leader', query);
    const leaderEntry = (leader.json().entries as AuditEntryView[]).find((e) => e.action === 'people.manage')!;
    assert.deepEqual(leaderEntry.after, { phone: '13999998888', displayName: '张三' });
    assert.equal(leader.json().personalDataMasked, false);
  });

  it('200: an admin filters freely and pages with the cursor without gaps or repeats', async () => {
    const everything = await get('admin', '?limit=200');
    assert.equal(everything.statusCode, 200);
    const all = (everything.json().entries as AuditEntryView[]).map((e) => e.seq);
    assert.ok(all.length >= 5);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await get('admin', `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.statusCode, 200);
      const entries = page.json().entries as AuditEntryView[];
      assert.ok(entries.length <= 2);
      seen.push(...entries.map((e) => e.seq));
      cursor = page.json().nextCursor;
    } while (cursor);
    // Each request appends its own audit.read entry (issue 12, finding 5), newer than everything in `all`:
    // paging sees those first, then exactly the entries of the single page, without gaps or repeats.
    const newer = seen.filter((s) => s > all[0]!);
    assert.deepEqual(seen.slice(newer.length), all);
    assert.equal(newer.length, 1, 'only the audit.read entry of the single-page request was newer when paging began');

    const byActor = await get('admin', `?actorId=${workerId}`);
    const actorEntries = byActor.json().entries as AuditEntryView[];
    assert.ok(actorEntries.length >= 1, 'the worker’s login was audited');
    assert.ok(actorEntries.every((e) => e.actorId === workerId));

    const future = await get('admin', '?from=2999-01-01');
    assert.deepEqual(future.json().entries, []);
    const past = await get('admin', `?to=2000-01-01T00:00:00Z`);
    assert.deepEqual(past.json().entries, []);
    const now = new Date();
    const window = await get('admin', `?from=${new Date(now.getTime() - 3_600_000).toISOString()}&to=${new Date(now.getTime() + 3_600_000).toISOString()}&limit=200`);
    assert.ok((window.json().entries as unknown[]).length > all.length, 'everything in `all` plus the audit.read entries written since');
  });

  // Changed deliberately (issue 12, finding 5): reading the log used to write nothing; now every list
  // request is itself audited with one entry, so who looked at what is on record.
  it('each read of the log appends exactly one audit.read entry naming the reader and what was returned', async () => {
    const headBefore = await t.storage.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
    const res = await get('inspector', `?recordType=territory_node&recordId=${city.gridA1}`);
    assert.equal(res.statusCode, 200);
    const shown = (res.json().entries as AuditEntryView[]).map((e) => e.seq);
    const added = await t.storage.db.selectFrom('audit_log').selectAll().where('seq', '>', Number(headBefore.seq)).execute();
    assert.equal(added.length, 1);
    assert.equal(added[0]!.action, 'audit.read');
    assert.equal(added[0]!.record_type, 'audit_log');
    assert.match(added[0]!.actor_label, /^inspector1 /);
    const after = JSON.parse(added[0]!.after_json!) as { filter: { recordId: string }; returned: number; seqs: number[] };
    assert.deepEqual([after.filter.recordId, after.returned, after.seqs], [city.gridA1, 3, [shown[0], shown[2]]]);
    const refused = await get('worker', `?recordType=territory_node&recordId=${city.gridA1}`);
    assert.equal(refused.statusCode, 403);
    const headAfter = await t.storage.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
    assert.equal(Number(headAfter.seq), Number(headBefore.seq) + 1, 'a refused request writes nothing');
  });
});

// Finding 5 (issue 12): a district-scoped admin read the whole audit log — entries about cases of other
// districts included — unmasked and unaudited.
forEachDatabase('GET /api/audit is scoped to the reader (issue 12, finding 5)', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  const cookies: Record<string, string> = {};
  const seqs: Record<string, number> = {};

  async function append(input: AuditInput): Promise<number> {
    return t.storage.db.transaction().execute((trx) => appendAudit(trx, systemActor('test-seed'), input));
  }
  async function list(who: string, query = '?limit=200'): Promise<{ status: number; entries: AuditEntryView[]; nextCursor: string | null; masked: boolean }> {
    const res = await t.app.inject({ method: 'GET', url: `/api/audit${query}`, headers: { cookie: cookies[who]! } });
    const body = res.json();
    return { status: res.statusCode, entries: body.entries ?? [], nextCursor: body.nextCursor ?? null, masked: body.personalDataMasked };
  }

  before(async () => {
    t = await createTestApp(kind);
    const db = t.storage.db;
    const city = await seedSmallCity(db);
    // A sibling district of 鼓楼区 (320106) in the same city: 玄武区.
    await insertNode(db, '320102', '玄武区');
    await insertNode(db, '320102001', '玄武门街道');
    await insertNode(db, '320102001001', '某社区');
    await insertNode(db, '320102001001001', '某社区第一网格');
    const users = {
      gulouAdmin: await insertUser(db, { username: 'gulou-admin', role: 'admin', scope: city.county }),
      cityAdmin: await insertUser(db, { username: 'city-admin', role: 'admin', scope: city.city }),
      inspector: await insertUser(db, { username: 'gulou-inspector', role: 'inspector', scope: city.county }),
      gulouWorker: await insertUser(db, { username: 'gulou-worker', role: 'grid_worker', scope: city.gridA1 }),
      xuanwuWorker: await insertUser(db, { username: 'xuanwu-worker', role: 'grid_worker', scope: '320102001001001' }),
    };
    for (const who of ['gulouAdmin', 'cityAdmin', 'inspector'] as const) cookies[who] = await loginAs(t.app, users[who].username, users[who].password);
    const inGulou = await insertTestCase(db, { case_no: 'A-1', grid_code: city.gridA1 });
    const inXuanwu = await insertTestCase(db, { case_no: 'X-1', grid_code: '320102001001001' });
    const note = '联系人电话13812345678，身份证32010619900101123X';
    seqs['caseGulou'] = await append({ action: 'case.report', recordType: 'case', recordId: inGulou.id, after: { note } });
    seqs['caseXuanwu'] = await append({ action: 'case.report', recordType: 'case', recordId: inXuanwu.id, after: { note } });
    seqs['userGulou'] = await append({ action: 'people.manage', recordType: 'user', recordId: users.gulouWorker.id, after: { phone: '13900001111', note } });
    seqs['userXuanwu'] = await append({ action: 'people.manage', recordType: 'user', recordId: users.xuanwuWorker.id, after: { phone: '13900002222' } });
    seqs['weights'] = await append({ action: 'evaluation.setWeights', recordType: 'evaluation_weights', after: { closeRate: 0.5 } });
    seqs['unknown'] = await append({ action: 'something.new', recordType: 'not_mapped_yet', recordId: 'x' });
  });
  after(async () => t.close());

  it('a district admin sees entries about records in the district only — not the sibling district’s case, person, or city-wide entries', async () => {
    const { status, entries } = await list('gulouAdmin');
    assert.equal(status, 200);
    const shown = new Set(entries.map((e) => e.seq));
    assert.ok(shown.has(seqs['caseGulou']!) && shown.has(seqs['userGulou']!), 'own district’s case and person');
    for (const hidden of ['caseXuanwu', 'userXuanwu', 'weights', 'unknown']) assert.ok(!shown.has(seqs[hidden]!), `${hidden} must be hidden`);
    // Naming the other district's record directly does not help.
    const direct = await list('gulouAdmin', `?recordType=case&recordId=${(await t.storage.db.selectFrom('cases').select('id').where('case_no', '=', 'X-1').executeTakeFirstOrThrow()).id}`);
    assert.deepEqual(direct.entries, []);
  });

  it('a city-wide admin sees every district and the city-wide entries', async () => {
    const shown = new Set((await list('cityAdmin')).entries.map((e) => e.seq));
    for (const key of Object.keys(seqs)) assert.ok(shown.has(seqs[key]!), `${key} visible city-wide`);
  });

  it('paging a filtered log has no gaps or repeats: pages of 1 give the entries of one big page', async () => {
    const all = (await list('gulouAdmin')).entries.map((e) => e.seq);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list('gulouAdmin', `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.entries.map((e) => e.seq));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, all, 'the audit.read entries written meanwhile are city-wide, so the district admin never sees them');
  });

  it('phone and ID numbers inside entries are masked for a reader without people.readPersonal there, free text included', async () => {
    const res = await list('inspector', `?recordType=user&recordId=${(await t.storage.db.selectFrom('users').select('id').where('username', '=', 'gulou-worker').executeTakeFirstOrThrow()).id}`);
    assert.equal(res.status, 200);
    const entry = res.entries.find((e) => e.seq === seqs['userGulou'])!;
    assert.deepEqual(entry.after, { phone: '139****1111', note: '联系人电话138****5678，身份证3201**********123X' });
    assert.equal(res.masked, true);
    const admin = (await list('gulouAdmin')).entries.find((e) => e.seq === seqs['caseGulou'])!;
    assert.deepEqual(admin.after, { note: '联系人电话13812345678，身份证32010619900101123X' }, 'an admin of the district may read personal data there');
  });

  it('every list request is itself audited, once, under the reader’s name', async () => {
    const before = Number((await t.storage.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);
    await list('gulouAdmin', '?limit=3');
    const added = await t.storage.db.selectFrom('audit_log').selectAll().where('seq', '>', before).execute();
    assert.deepEqual(
      added.map((e) => [e.action, e.record_type, e.actor_label.split(' ')[0]]),
      [['audit.read', 'audit_log', 'gulou-admin']],
    );
  });
});
