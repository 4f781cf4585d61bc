import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { insertUser, seedSmallCity } from '../../../test/factories.ts';
import { loginAs } from '../../../test/auth.ts';
import { systemActor } from '../../access/actor.ts';
import { appendAudit, type AuditInput } from '../../audit/audit.ts';
import type { AuditEntryView } from './audit.schemas.ts';

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
    assert.deepEqual(seen, all);

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
    assert.equal((window.json().entries as unknown[]).length, all.length);
  });

  it('reading the log does not append to it', async () => {
    const headBefore = await t.storage.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
    await get('admin', '');
    await get('inspector', `?recordType=territory_node&recordId=${city.gridA1}`);
    const headAfter = await t.storage.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
    assert.equal(Number(headAfter.seq), Number(headBefore.seq));
  });
});
