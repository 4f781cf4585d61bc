import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, it } from 'node:test';
import { createTestStorage, forEachDatabase, type TestStorage } from '../../test/harness.ts';
import { loadConfig } from '../config.ts';
import { verifyAuditLog } from '../audit/verify.ts';
import { loadAssignments } from '../modules/people/authenticate.ts';
import { resolveScope } from '../modules/cases/resolveScope.ts';
import { getKpis } from '../modules/analytics/getKpis.ts';
import { getMyRoute } from '../modules/patrols/getMyRoute.ts';
import { getCompliance } from '../modules/patrols/getCompliance.ts';
import { listOnDuty } from '../modules/rosters/listOnDuty.ts';
import type { Actor } from '../access/actor.ts';
import type { Executor } from '../storage/db.ts';
import { buildDemoCity } from './buildDemoCity.ts';
import { buildDemoActivity, type DemoActivitySummary } from './demoActivity.ts';
import { resetDemoCity } from './resetDemoCity.ts';

const SEED = 5;
// A fixed Friday mid-afternoon (China time): the history leads up to it.
const NOW = new Date('2026-11-27T07:30:00Z');

async function actorOf(db: Executor, username: string): Promise<Actor> {
  const u = await db.selectFrom('users').select(['id', 'username', 'display_name']).where('username', '=', username).executeTakeFirstOrThrow();
  return { id: u.id, username: u.username, displayName: u.display_name, assignments: await loadAssignments(db, u.id), sourceIp: null, via: 'session' };
}

/** Everything the seed decides, without ids, case numbers and tracking codes (random by design). */
async function activityFingerprint(db: Executor): Promise<string> {
  const h = createHash('sha256');
  // Rows are sorted here, on their whole content: ORDER BY on a few columns leaves ties (several SLA
  // notices at the same minute) in whatever order PostgreSQL's plan gives, which is not a difference.
  const add = (label: string, rows: unknown[]) => {
    h.update(label);
    for (const line of rows.map((r) => JSON.stringify(r)).sort()) h.update(line);
  };
  add('cases', await db.selectFrom('cases').select(['category_code', 'grid_code', 'state', 'description', 'address', 'lat', 'lng', 'source', 'created_at', 'closed_at', 'closed_on_time', 'stage_due_at', 'rework_count', 'escalation_level', 'dispute_level']).execute());
  // SLA notices name the case number, which is random by design.
  const events = await db.selectFrom('case_events').select(['at', 'action', 'actor_name', 'to_state', 'note']).execute();
  add('events', events.map((e) => ({ ...e, note: e.note?.replace(/AJ\d{8}-[0-9A-Z]{6}/g, 'AJ') ?? null })));
  add('sites', await db.selectFrom('patrol_sites').select(['name', 'category', 'lat', 'lng', 'grid_code']).execute());
  add('checkins', await db.selectFrom('patrol_checkins').select(['at', 'kind', 'client_nonce']).execute());
  add('shifts', await db.selectFrom('roster_assignments').innerJoin('users', 'users.id', 'roster_assignments.user_id').select(['users.username', 'roster_assignments.starts_at', 'roster_assignments.role']).execute());
  return h.digest('hex');
}

async function build(t: TestStorage): Promise<DemoActivitySummary> {
  const config = loadConfig({ WANGGE_DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' }, 'test');
  await t.storage.db.transaction().execute((trx) => buildDemoCity(trx, { seed: SEED, password: 'demo-activity-test' }));
  return buildDemoActivity(t.storage, config, { seed: SEED, now: NOW });
}

forEachDatabase('demo activity', (kind) => {
  let t: TestStorage;
  let summary: DemoActivitySummary;

  before(async () => {
    t = await createTestStorage(kind);
    const started = Date.now();
    summary = await build(t);
    // A figure for the report, not an assertion: timings depend on the machine.
    console.log(`# demo city + activity on ${kind}: ${Date.now() - started} ms, ${JSON.stringify(summary.counts)}`);
  });
  after(async () => t?.cleanup());

  it('leaves cases in many states: mostly closed, some in every open stage', () => {
    const s = summary.byState;
    assert.ok(summary.counts.cases >= 250, `cases: ${summary.counts.cases}`);
    assert.ok(summary.counts.closed > summary.counts.open, 'most of the history is settled');
    for (const state of ['closed', 'evaluated', 'in_handling', 'dispatched', 'handled', 'reported', 'suspended', 'rejected', 'voided']) {
      assert.ok((s[state] ?? 0) > 0, `no case is ${state}: ${JSON.stringify(s)}`);
    }
  });

  it('closes most cases on time, some late, some after rework, some resolved on the spot', async () => {
    const db = t.storage.db;
    const closed = await db.selectFrom('cases').select(['closed_on_time', 'rework_count', 'self_resolved']).where('closed_at', 'is not', null).execute();
    const onTime = closed.filter((c) => c.closed_on_time === 1).length;
    assert.ok(onTime / closed.length > 0.7 && onTime < closed.length, `on time ${onTime} of ${closed.length}`);
    assert.ok(closed.some((c) => c.rework_count > 0), 'a closed case went through rework (返工)');
    assert.ok(closed.some((c) => c.self_resolved === 1), 'a case was resolved on the spot (自行处置)');
    const pending = await db.selectFrom('cases').select('pending_request_json').where('pending_request_json', 'is not', null).execute();
    assert.ok(pending.some((p) => JSON.parse(p.pending_request_json!).kind === 'extension'), 'an extension request waits for approval');
    const sources = new Set((await db.selectFrom('cases').select('source').distinct().execute()).map((r) => r.source));
    assert.deepEqual([...sources].sort(), ['grid_worker', 'hotline', 'public']);
  });

  it('puts most cases in 玄武区 and 鼓楼区, the most in worker.demo’s grid', async () => {
    const rows = await t.storage.db.selectFrom('cases').select(['grid_code']).execute();
    const central = rows.filter((r) => r.grid_code.startsWith('320102') || r.grid_code.startsWith('320106')).length;
    assert.ok(central / rows.length > 0.6 && central < rows.length, `central ${central} of ${rows.length}`);
    const perGrid = new Map<string, number>();
    for (const r of rows) perGrid.set(r.grid_code, (perGrid.get(r.grid_code) ?? 0) + 1);
    const busiest = [...perGrid.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const worker = await actorOf(t.storage.db, 'worker.demo');
    assert.equal(busiest, worker.assignments[0]!.scopeCode);
  });

  it('has overdue cases with 督办 and 升级 notices from the SLA scan', async () => {
    const db = t.storage.db;
    const overdue = await db.selectFrom('cases').select(['id', 'supervised_at', 'escalated_at']).where('stage_due_at', '<', NOW.toISOString()).execute();
    assert.ok(overdue.length >= 10, `overdue: ${overdue.length}`);
    assert.ok(overdue.every((c) => c.supervised_at !== null), 'every overdue case has been supervised (督办)');
    assert.ok(overdue.some((c) => c.escalated_at !== null), 'some are escalated (升级)');
    const notices = await db.selectFrom('notifications').select(['kind', 'case_id']).where('kind', 'in', ['sla_warning', 'supervise', 'escalate']).execute();
    const supervisedCases = new Set(notices.filter((n) => n.kind === 'supervise').map((n) => n.case_id));
    assert.ok(overdue.filter((c) => supervisedCases.has(c.id)).length >= overdue.length * 0.8, 'overdue cases have their 督办 notices');
    assert.ok(notices.some((n) => n.kind === 'sla_warning') && notices.some((n) => n.kind === 'escalate'));
  });

  it('runs hazards to sign-off and a dispute up the ladder', async () => {
    const db = t.storage.db;
    const hazards = await db.selectFrom('case_hazards').select(['status', 'grade', 'plan']).execute();
    assert.ok(hazards.some((h) => h.status === 'signed_off'), JSON.stringify(hazards.map((h) => h.status)));
    assert.ok(hazards.some((h) => h.status === 'rectifying' && h.plan));
    assert.ok(new Set(hazards.map((h) => h.grade)).size >= 2, 'hazards of several grades');
    const disputes = await db.selectFrom('cases').select(['dispute_level', 'state']).where('kind', '=', 'dispute').execute();
    assert.ok(disputes.some((d) => d.dispute_level === 'street'), 'a dispute moved up to the street');
    assert.ok(disputes.some((d) => d.state === 'closed' || d.state === 'evaluated'), 'a dispute was settled');
    assert.ok((await db.selectFrom('case_mediation_sessions').select('id').execute()).length > 0);
  });

  it('gives the KPI page figures for the last 30 days', async () => {
    const db = t.storage.db;
    const dispatcher = await actorOf(db, 'city.dispatcher');
    const { scope, prefix } = await resolveScope(db, dispatcher, 'kpi.read', undefined);
    const period = { from: new Date(NOW.getTime() - 30 * 86_400_000).toISOString(), to: NOW.toISOString() };
    const kpis = await getKpis(db, { scope, prefix, period, now: NOW, groupBy: 'county' });
    assert.notEqual(kpis.total.rates.closure, null);
    assert.notEqual(kpis.total.rates.onTime, null);
    assert.notEqual(kpis.total.rates.rework, null);
    assert.ok(kpis.total.rates.onTime! > 0 && kpis.total.rates.onTime! < 1, `on-time rate ${kpis.total.rates.onTime}`);
    assert.ok(kpis.rows.length >= 5, 'several districts have figures');
  });

  it('gives worker.demo a patrol route today and the compliance view kept and missed slots', async () => {
    const db = t.storage.db;
    const worker = await actorOf(db, 'worker.demo');
    const route = await getMyRoute(db, { actor: worker, now: NOW });
    assert.ok(route.visits.length >= 3, `visits today: ${route.visits.length}`);
    assert.ok(route.checkins.length > 0, 'worker.demo has checked in earlier today');
    assert.ok(summary.counts.keySites >= 30 && summary.counts.keySites <= 60, `key sites: ${summary.counts.keySites}`);
    const duty = await actorOf(db, 'xuanwu.duty');
    const compliance = await getCompliance(db, { actor: duty, scopeCode: '320102003', now: NOW });
    const statuses = new Set(JSON.stringify(compliance).match(/"status":"(\w+)"/g));
    assert.ok(statuses.has('"status":"met"'), `statuses: ${[...statuses].join(' ')}`);
    assert.ok(statuses.has('"status":"missed"'), `statuses: ${[...statuses].join(' ')}`);
  });

  it('answers who is on duty now in both roster units', async () => {
    const onDuty = await listOnDuty(t.storage.db, { at: NOW, pathPrefix: '32/3201/320102/' });
    const units = new Set(onDuty.onDuty.map((d) => d.unitName));
    assert.equal(units.size, 2, JSON.stringify(onDuty.onDuty));
    assert.ok(onDuty.onDuty.length >= 4 && onDuty.onDuty.every((d) => d.name));
  });

  it('keeps the audit chain sound', async () => {
    const result = await verifyAuditLog(t.storage.db);
    assert.equal(result.ok, true, JSON.stringify(result.firstBad));
    const actions = new Set((await t.storage.db.selectFrom('audit_log').select('action').distinct().execute()).map((a) => a.action));
    for (const a of ['demo.build', 'demo.activity', 'case.report', 'case.dispatch', 'case.close', 'patrol.plan.create', 'roster.generate']) assert.ok(actions.has(a), a);
  });

  it('gives the same activity for the same seed and clock, and --reset removes it', async () => {
    const first = await activityFingerprint(t.storage.db);
    const other = await createTestStorage(kind);
    try {
      await build(other);
      assert.equal(await activityFingerprint(other.storage.db), first);
    } finally {
      await other.cleanup();
    }
    const removed = await t.storage.db.transaction().execute((trx) => resetDemoCity(trx));
    assert.ok(removed.records > summary.counts.cases);
    assert.equal((await t.storage.db.selectFrom('cases').select('id').execute()).length, 0);
  });
});
