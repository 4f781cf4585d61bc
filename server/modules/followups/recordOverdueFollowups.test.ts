import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { insertUser } from '../../../test/factories.ts';
import { seedCaseWorld } from '../cases/caseTestKit.ts';
import { serverJobs, startScheduler } from '../../jobs/scheduler.ts';
import { latenessText, recordOverdueFollowups } from './recordOverdueFollowups.ts';

it('lateness reads in days and hours, hours, or minutes', () => {
  assert.deepEqual(latenessText((34 * 60 + 5) * 60_000), { zh: '1 天 10 小时', en: '1 d 10 h' });
  assert.deepEqual(latenessText(2 * 86_400_000), { zh: '2 天', en: '2 d' });
  assert.deepEqual(latenessText(3 * 3_600_000 + 59_000), { zh: '3 小时', en: '3 h' });
  assert.deepEqual(latenessText(10_000), { zh: '1 分钟', en: '1 min' });
});

forEachDatabase('overdue follow-up items → accountability records (整改项逾期追责)', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let w: Awaited<ReturnType<typeof seedCaseWorld>>;
  let streetLeader: Awaited<ReturnType<typeof insertUser>>;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let idem = 0;

  const post = (url: string, payload: unknown, who: string) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: cookies[who]!, 'idempotency-key': `k-${++idem}` } });
  const create = async (title: string, extra: Record<string, unknown>) => {
    const r = await post('/api/followups', { territoryCode: w.city.county, title, ownerId: w.worker.id, dueAt: '2026-12-10', ...extra }, 'supervisor');
    assert.equal(r.statusCode, 201, r.body);
    return r.json().item.id as string;
  };
  const records = () => t.storage.db.selectFrom('accountability_records').selectAll().where('source_kind', '=', 'followup_overdue').orderBy('source_id').execute();
  const inbox = async (userId: string) =>
    (await t.storage.db.selectFrom('notifications').select(['title', 'body']).where('user_id', '=', userId).where('kind', '=', 'followup.overdue').orderBy('id').execute());

  // Sessions idle out after 30 minutes of the app's clock: log in again after moving it.
  const login = async () => {
    for (const [u, p] of [['supervisor', w.supervisor.password], ['worker', w.worker.password]] as const) cookies[u] = await loginAs(t.app, u, p);
  };

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date('2026-11-20T02:00:00.000Z');
    w = await seedCaseWorld(t.storage.db);
    streetLeader = await insertUser(t.storage.db, { username: 'streetleaderb', role: 'leader', scope: w.city.streetB, displayName: '钱坤' });
    await login();
    // A: the grid worker, unit grid A1 (its grid leader is told). B: the handler, unit the urban-management
    // department (its leader is told). C: completed on time. D: no owner person, unit grid B1 (no leader
    // there: the nearest node above with one, street B). E: completed after its deadline before the job saw it.
    ids['A'] = await create('A 建立网格巡查台账', { ownerUnitCode: w.city.gridA1 });
    ids['B'] = await create('B 占道经营长效治理', { ownerId: w.handler.id, ownerDepartmentId: w.deptUrban });
    ids['C'] = await create('C 按期完成的整改项', { ownerUnitCode: w.city.gridA1 });
    ids['D'] = await create('D 无责任人的整改项', { ownerUnitCode: w.city.gridB1 });
    ids['E'] = await create('E 逾期完成的整改项', { ownerUnitCode: w.city.gridA1 });
    await t.storage.db.updateTable('followup_items').set({ owner_id: null, owner_name: '' }).where('id', '=', ids['D']!).execute();
  });
  after(async () => t.close());

  it('records nothing before the deadline', async () => {
    t.clock.now = new Date('2026-12-10T15:00:00.000Z'); // 23:00 China time on the due day
    await login();
    assert.equal((await post(`/api/followups/${ids['C']}/complete`, { evidenceNote: '台账已建立并上墙' }, 'worker')).statusCode, 200);
    assert.deepEqual(await recordOverdueFollowups(t.ctx, t.clock.now), { recorded: 0, notified: 0 });
    assert.equal((await records()).length, 0);
  });

  it('records each late item once, even when two runs race and the job runs again; an item completed on time gets none', async () => {
    t.clock.now = new Date('2026-12-11T00:00:00.000Z');
    await login();
    assert.equal((await post(`/api/followups/${ids['E']}/complete`, { evidenceNote: '逾期补交了佐证' }, 'worker')).statusCode, 200);
    t.clock.now = new Date('2026-12-12T02:00:00.000Z'); // 34 h past 2026-12-10 23:59:59 China time
    const [first, second] = await Promise.all([recordOverdueFollowups(t.ctx, t.clock.now), recordOverdueFollowups(t.ctx, t.clock.now)]);
    assert.equal(first.recorded + second.recorded, 4);
    const scheduler = startScheduler(t.ctx, serverJobs().filter((j) => j.name === 'followup-overdue'), { error: (e) => assert.fail(String((e as { err: Error }).err)) });
    assert.equal(await scheduler.runOnce('followup-overdue'), true);
    assert.equal(await scheduler.runOnce('followup-overdue'), true);
    await scheduler.stop();

    const rows = await records();
    const by = new Map(rows.map((r) => [r.source_id, r]));
    assert.deepEqual([...by.keys()].sort(), [ids['A'], ids['B'], ids['D'], ids['E']].sort(), 'one record per late item, none for C');
    assert.equal(rows.length, 4);

    const a = by.get(ids['A']!)!;
    assert.equal(a.person_id, w.worker.id);
    assert.equal(a.person_name, '张伟');
    assert.equal(a.unit_code, w.city.gridA1);
    assert.equal(a.department_id, null);
    assert.equal(a.state, 'pending');
    assert.equal(a.occurred_at, '2026-12-10T15:59:59.000Z');
    assert.match(a.summary, /整改项「A 建立网格巡查台账」逾期未完成（期限 2026-12-10 23:59，已逾期 1 天 10 小时；.* · 张伟）/);

    const b = by.get(ids['B']!)!;
    assert.equal(b.person_id, w.handler.id);
    assert.equal(b.department_id, w.deptUrban);
    assert.match(b.summary, /鼓楼区城管局 · 陈静/);

    const d = by.get(ids['D']!)!;
    assert.equal(d.person_id, null, 'no owner person: nobody is named');
    assert.equal(d.person_name, null);
    assert.equal(d.unit_code, w.city.gridB1, 'the owner unit is named');
    assert.ok(d.territory_path.endsWith(`${w.city.gridB1}/`));
    assert.doesNotMatch(d.summary, / · /);

    const e = by.get(ids['E']!)!;
    assert.match(e.summary, /逾期完成（期限 2026-12-10 23:59，逾期 8 小时/, 'late completion: how late it was completed');

    // Notifications: the owner and the owner unit's leader, once each.
    assert.equal((await inbox(w.worker.id)).length, 2, 'the worker owns A and E');
    assert.equal((await inbox(w.gridLeader.id)).length, 2, 'grid A1 leader: A and E');
    assert.match((await inbox(w.gridLeader.id))[0]!.title, /逾期：整改项「A 建立网格巡查台账」已超过期限/);
    assert.equal((await inbox(w.handler.id)).length, 1);
    assert.equal((await inbox(w.unitLeader.id)).length, 1, 'the department leader of B');
    const dInbox = await inbox(streetLeader.id);
    assert.equal(dInbox.length, 1, 'D: the leader of the nearest unit above grid B1');
    assert.match(dInbox[0]!.body, /责任单位/);
    assert.equal((await inbox(w.supervisor.id)).length, 0);

    const audit = await t.storage.db.selectFrom('audit_log').select(['record_id', 'actor_label']).where('action', '=', 'followup.overdue').execute();
    assert.deepEqual(audit.map((x) => x.record_id).sort(), [ids['A'], ids['B'], ids['D'], ids['E']].sort());
  });

  it('completing and verifying a late item keeps its record', async () => {
    await login();
    const before = (await records()).find((r) => r.source_id === ids['A'])!;
    assert.equal((await post(`/api/followups/${ids['A']}/complete`, { evidenceNote: '台账已补建' }, 'worker')).statusCode, 200);
    const verified = await post(`/api/followups/${ids['A']}/verify`, { decision: 'accept' }, 'supervisor');
    assert.equal(verified.json().item.state, 'verified');
    assert.deepEqual(await recordOverdueFollowups(t.ctx, t.clock.now), { recorded: 0, notified: 0 });
    const afterwards = (await records()).find((r) => r.source_id === ids['A'])!;
    assert.deepEqual(afterwards, before);
    // The record is an ordinary accountability record: listed by its kind, decided like the others.
    const list = await t.app.inject({ method: 'GET', url: `/api/accountability?scope=${w.city.county}&sourceKind=followup_overdue`, headers: { cookie: cookies['supervisor']! } });
    assert.equal(list.statusCode, 200, list.body);
    assert.equal(list.json().records.length, 4);
  });
});
