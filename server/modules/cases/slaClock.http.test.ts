import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { addWorkingTime, warningAt } from '../../../shared/sla/index.ts';
import { runSlaScan } from '../../jobs/slaScan.ts';
import { insertUser } from '../../../test/factories.ts';
import { IN_A1, seedCaseWorld } from './caseTestKit.ts';

const utc = (chinaIso: string) => new Date(chinaIso).toISOString();
const SLA_ACTIONS = ['sla_warning', 'supervise', 'escalate'];

/**
 * 缓办 pauses the stage clock: while suspended nothing is warned, supervised or escalated; on resume the
 * working time that was left continues from the resume moment on the holiday calendar.
 */
forEachDatabase('cases: suspension pauses the deadline clock', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let w: Awaited<ReturnType<typeof seedCaseWorld>> & { leader: { username: string; password: string } };
  let keyCounter = 0;

  before(async () => {
    t = await createTestApp(kind);
    const world = await seedCaseWorld(t.storage.db);
    // A district leader (no department): decides suspensions of cases not yet dispatched.
    w = { ...world, leader: await insertUser(t.storage.db, { username: 'districtleader', role: 'leader', scope: world.city.county, displayName: '孙丽' }) };
  });
  after(async () => t.close());

  /** Act at a China time, logging in afresh (moving the clock by days ends sessions). */
  const cookies = new Map<string, string>();
  async function at(chinaIso: string) {
    const next = new Date(chinaIso);
    // Sessions end after 30 idle minutes of the app's clock: log in again after a jump.
    if (next.getTime() - t.clock.now.getTime() > 20 * 60_000 || next < t.clock.now) cookies.clear();
    t.clock.now = next;
  }
  async function as(who: keyof typeof w & string, url: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
    const user = w[who] as { username: string; password: string };
    let cookie = cookies.get(who);
    if (!cookie) cookies.set(who, (cookie = await loginAs(t.app, user.username, user.password)));
    return t.app.inject({ method: 'POST', url, payload, headers: { cookie, ...headers } });
  }
  const act = (who: keyof typeof w & string, id: string, body: Record<string, unknown>) => as(who, `/api/cases/${id}/actions`, body);
  const slaEventsOf = async (id: string) =>
    (await t.storage.db.selectFrom('case_events').select('action').where('case_id', '=', id).orderBy('id').execute()).map((e) => e.action).filter((a) => SLA_ACTIONS.includes(a));
  const noticesOf = async (id: string) =>
    (await t.storage.db.selectFrom('notifications').select('kind').where('case_id', '=', id).execute()).map((n) => n.kind).filter((k) => SLA_ACTIONS.includes(k));

  it('suspended across the 2019 National Day: no notices while suspended, the remaining 27.5 working hours continue from the resume', async () => {
    // Mon 30 Sep 2019, 09:00: reported, filed and dispatched; handling limit of 0101 is 3wd → Oct 8, 9, 10 (Oct 1–7 off).
    await at('2019-09-30T09:00:00+08:00');
    const created = await as('worker', '/api/cases', { categoryCode: '0101', description: '国庆前暴露垃圾', location: IN_A1 }, { 'idempotency-key': `susp-${++keyCounter}` });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().case.id;
    assert.equal((await act('supervisor', id, { action: 'file' })).statusCode, 200);
    const dispatched = await act('dispatcher', id, { action: 'dispatch', departmentId: w.deptUrban });
    assert.equal(dispatched.json().case.stageDueAt, utc('2019-10-10T17:30:00+08:00'));
    const original = dispatched.json().case;
    assert.equal(original.stageWarnAt, utc('2019-10-10T10:22:30+08:00'), '75 % of 3 × 7.5 h = 16.875 h: Oct 8, Oct 9, then 1 h 52 min 30 s');
    assert.equal(original.stageEscalateAt, utc('2019-10-14T17:30:00+08:00'), 'one more 3wd: Oct 11, make-up Sat Oct 12, Mon Oct 14');
    assert.equal((await act('handler', id, { action: 'accept' })).json().case.state, 'in_handling');

    await at('2019-09-30T10:00:00+08:00');
    assert.equal((await act('handler', id, { action: 'request_suspension', reason: '等待产权单位答复' })).statusCode, 200);
    // Requesting does not stop the clock; the approval does.
    await at('2019-09-30T11:00:00+08:00');
    const suspended = await act('unitLeader', id, { action: 'approve_suspension', reason: '同意缓办' });
    assert.equal(suspended.statusCode, 200, suspended.body);
    const s = suspended.json().case;
    assert.equal(s.state, 'suspended');
    assert.equal(s.stage, 'handling', 'the paused stage stays visible');
    assert.deepEqual([s.stageDueAt, s.stageWarnAt, s.stageEscalateAt], [null, null, null]);
    const events = (await t.app.inject({ method: 'GET', url: `/api/cases/${id}`, headers: { cookie: await loginAs(t.app, w.supervisor.username, w.supervisor.password) } })).json().timeline;
    const pausedEvent = events.find((e: { action: string }) => e.action === 'approve_suspension');
    // Left at 11:00 on Sep 30: 11:00–12:00 and 13:30–17:30 (5 h) + Oct 8, 9, 10 (22.5 h).
    assert.equal(pausedEvent.data.clockPaused.remainingMs, 27.5 * 3_600_000);
    assert.equal(pausedEvent.data.clockPaused.dueAt, original.stageDueAt);

    // Long past the original due and escalation times, the scan leaves the suspended case alone.
    await runSlaScan(t.ctx, new Date('2019-10-11T09:00:00+08:00'));
    await runSlaScan(t.ctx, new Date('2019-10-15T09:00:00+08:00'));
    assert.deepEqual(await slaEventsOf(id), []);
    assert.deepEqual(await noticesOf(id), []);

    // Resumed on the make-up Saturday Oct 12 at 10:00: 6 h that day, Sun 13 off, Mon 14, Tue 15 → Wed 16 16:30.
    await at('2019-10-12T10:00:00+08:00');
    const resumed = await act('handler', id, { action: 'resume', reason: '已收到答复' });
    assert.equal(resumed.statusCode, 200, resumed.body);
    const r = resumed.json().case;
    assert.equal(r.state, 'in_handling');
    assert.equal(r.stageDueAt, utc('2019-10-16T16:30:00+08:00'));
    assert.equal(r.stageDueAt, new Date(addWorkingTime('2019-10-12T10:00:00+08:00', '27.5wh').dueAtMs).toISOString());
    // The warning had 5 + 16.875 h left, the escalation 50 h (27.5 + Oct 11, 12, 14).
    assert.equal(r.stageWarnAt, new Date(addWorkingTime('2019-10-12T10:00:00+08:00', '21.875wh').dueAtMs).toISOString());
    assert.equal(r.stageWarnAt, utc('2019-10-16T09:22:30+08:00'));
    assert.equal(r.stageEscalateAt, utc('2019-10-21T16:30:00+08:00'));
    assert.equal(r.stageEscalateAt, new Date(addWorkingTime('2019-10-12T10:00:00+08:00', '50wh').dueAtMs).toISOString());
    assert.equal(r.calendarUnknownYears.length, 0);

    // The clock runs again: nothing before the new warning, then warning and supervision once each.
    assert.deepEqual(await runSlaScan(t.ctx, new Date('2019-10-16T09:00:00+08:00')).then(() => slaEventsOf(id)), []);
    await runSlaScan(t.ctx, new Date(r.stageDueAt));
    await runSlaScan(t.ctx, new Date(r.stageDueAt));
    assert.deepEqual(await slaEventsOf(id), ['sla_warning', 'supervise']);
    const ledger = await t.storage.db.selectFrom('case_ledger').select(['kind', 'step']).where('case_id', '=', id).orderBy('id').execute();
    assert.deepEqual(ledger.map((l) => `${l.kind}:${l.step}`), ['suspension:request', 'suspension:approve', 'suspension:resume']);
  });

  it('a stage already overdue when suspended keeps its notices; only the escalation still ahead moves', async () => {
    // 0104 is URGENT: filing and dispatch 1 natural hour each; escalation one more hour after the due time.
    await at('2026-03-02T09:00:00+08:00');
    const c = (await as('worker', '/api/cases', { categoryCode: '0104', description: '露天焚烧（缓办前已超期）', location: IN_A1 }, { 'idempotency-key': `susp-${++keyCounter}` })).json().case;
    const filed = (await act('supervisor', c.id, { action: 'file' })).json().case;
    assert.equal(filed.stageDueAt, utc('2026-03-02T10:00:00+08:00'));
    assert.equal(filed.stageEscalateAt, utc('2026-03-02T11:00:00+08:00'));
    await runSlaScan(t.ctx, new Date(filed.stageDueAt));
    assert.deepEqual(await slaEventsOf(c.id), ['sla_warning', 'supervise']);

    await at('2026-03-02T10:30:00+08:00');
    assert.equal((await act('dispatcher', c.id, { action: 'request_suspension', reason: '待上级批示' })).statusCode, 200);
    assert.equal((await act('leader', c.id, { action: 'approve_suspension' })).json().case.state, 'suspended');
    await runSlaScan(t.ctx, new Date('2026-03-02T12:00:00+08:00'));
    assert.deepEqual(await slaEventsOf(c.id), ['sla_warning', 'supervise'], 'no escalation while suspended');

    await at('2026-03-02T14:00:00+08:00');
    const r = (await act('leader', c.id, { action: 'resume' })).json().case;
    assert.equal(r.state, 'filed');
    assert.equal(r.stageDueAt, filed.stageDueAt, 'an overdue stage stays overdue');
    assert.equal(r.stageEscalateAt, utc('2026-03-02T14:30:00+08:00'), '30 minutes were left to the escalation');
    await runSlaScan(t.ctx, new Date('2026-03-02T14:10:00+08:00'));
    assert.deepEqual(await slaEventsOf(c.id), ['sla_warning', 'supervise'], 'warning and supervision are not repeated');
    await runSlaScan(t.ctx, new Date('2026-03-02T14:30:00+08:00'));
    assert.deepEqual(await slaEventsOf(c.id), ['sla_warning', 'supervise', 'escalate']);
    assert.equal((await act('dispatcher', c.id, { action: 'dispatch', departmentId: w.deptUrban })).statusCode, 200);
    const row = await t.storage.db.selectFrom('cases').select('overdue_count').where('id', '=', c.id).executeTakeFirstOrThrow();
    assert.equal(row.overdue_count, 1, 'finishing the overdue stage after the resume counts as late');
  });

  it('natural-hour limits pause and continue in natural time', async () => {
    await at('2026-03-06T16:00:00+08:00'); // Friday
    const c = (await as('worker', '/api/cases', { categoryCode: '0601', description: '井盖缺失（缓办）', location: IN_A1 }, { 'idempotency-key': `susp-${++keyCounter}` })).json().case;
    await act('supervisor', c.id, { action: 'file' });
    const d = (await act('dispatcher', c.id, { action: 'dispatch', departmentId: w.deptUrban })).json().case;
    // 0601 is URGENT: handling 4h natural → 20:00 the same Friday.
    assert.equal(d.stageDueAt, utc('2026-03-06T20:00:00+08:00'));
    await act('handler', c.id, { action: 'request_suspension', reason: '等待燃气公司' });
    await at('2026-03-06T17:00:00+08:00');
    assert.equal((await act('unitLeader', c.id, { action: 'approve_suspension' })).json().case.state, 'suspended');
    await at('2026-03-09T09:00:00+08:00'); // Monday
    const r = (await act('dispatcher', c.id, { action: 'resume' })).json().case;
    assert.equal(r.state, 'dispatched');
    assert.equal(r.stageDueAt, utc('2026-03-09T12:00:00+08:00'), '3 natural hours were left');
    assert.equal(r.stageWarnAt, utc('2026-03-09T11:00:00+08:00'), 'warning at 75 % of 4 h = 19:00 Friday, 2 h left');
    assert.equal(warningAt('2026-03-06T16:00:00+08:00', '4h').at, '2026-03-06T19:00:00+08:00');
  });
});
