import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { insertUser, seedSmallCity, type TestUser } from '../../../test/factories.ts';
import { addWorkingTime } from '../../../shared/sla/index.ts';
import { activeSlaMultiplier } from './activeSlaMultiplier.ts';
import { chinaDate } from './campaign.ts';
import { escalateMissingDailyReports } from './escalateMissingDailyReports.ts';

let keyCounter = 0;
const key = () => `camp-test-${++keyCounter}-${Date.now()}`;
const HOUR = 3_600_000;
const IN_A1 = { lat: 32.06, lng: 118.77 };

forEachDatabase('campaigns API', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let city: Awaited<ReturnType<typeof seedSmallCity>>;
  const u: Record<string, TestUser> = {};
  const cookies: Record<string, string> = {};
  let campaignId = '';
  let start = 0;

  const post = (url: string, who: string | null, payload: unknown, idem: string | null = key()) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers: { ...(who ? { cookie: cookies[who]! } : {}), ...(idem ? { 'idempotency-key': idem } : {}) } });
  const get = (url: string, who: string | null) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: cookies[who]! } : {} });
  const relogin = async () => {
    for (const name of Object.keys(u)) cookies[name] = await loginAs(t.app, name, u[name]!.password);
  };
  const at = (hours: number) => new Date(start + hours * HOUR).toISOString();
  const campaignBody = () => ({
    name: '第十届园博会安保',
    territoryCode: city.county,
    startsAt: at(-24),
    endsAt: at(24 * 6),
    dailyReportDue: '18:00',
    phases: [
      { kind: 'preparation', startsAt: at(-24), endsAt: at(24) },
      { kind: 'key_period', startsAt: at(24), endsAt: at(72), slaMultipliers: { '0104': 0.5 }, patrolMultiplier: 2, dailyReport: true },
      { kind: 'event_days', startsAt: at(72), endsAt: at(120), dailyReport: true },
      { kind: 'wind_down', startsAt: at(120), endsAt: at(144) },
    ],
  });

  before(async () => {
    t = await createTestApp(kind);
    // A fixed working-day morning keeps the case deadlines in natural hours easy to read.
    t.clock.now = new Date('2026-11-02T02:00:00Z');
    start = t.clock.now.getTime();
    city = await seedSmallCity(t.storage.db);
    const people: [string, Parameters<typeof insertUser>[1]['role'], string][] = [
      ['cityduty', 'duty_officer', city.city],
      ['wa1', 'grid_worker', city.gridA1],
      ['gla2', 'grid_leader', city.gridA2],
      ['wb1', 'grid_worker', city.gridB1],
      ['citysup', 'supervisor', city.city],
    ];
    for (const [username, role, scope] of people) u[username] = await insertUser(t.storage.db, { username, role, scope, displayName: `名${username}` });
    await relogin();
  });
  after(async () => t.close());

  describe('POST /api/campaigns', () => {
    it('401, 400 naming the field, 403 for a grid worker, 404 outside the scope', async () => {
      assert.equal((await post('/api/campaigns', null, campaignBody(), null)).statusCode, 401);
      const noName = await post('/api/campaigns', 'cityduty', { ...campaignBody(), name: undefined }, null);
      assert.equal(noName.statusCode, 400);
      assert.equal(noName.json().error.field, 'name');
      const outside = campaignBody();
      outside.phases[0]!.startsAt = at(-48);
      const bad = await post('/api/campaigns', 'cityduty', outside, null);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'phases.0.startsAt');
      const worker = await post('/api/campaigns', 'wa1', { ...campaignBody(), territoryCode: city.gridA1 }, null);
      assert.equal(worker.statusCode, 403);
      const elsewhere = await post('/api/campaigns', 'cityduty', { ...campaignBody(), territoryCode: '32' }, null);
      assert.equal(elsewhere.statusCode, 404);
    });
    it('201 with phases, the current phase and a countdown to the event days', async () => {
      const res = await post('/api/campaigns', 'cityduty', campaignBody(), null);
      assert.equal(res.statusCode, 201, res.body);
      const c = res.json().campaign;
      campaignId = c.id;
      assert.equal(c.currentPhase.kind, 'preparation');
      assert.equal(c.countdown.target, at(72));
      assert.equal(c.countdown.secondsLeft, 72 * 3600);
      assert.deepEqual(c.phases.map((p: { kind: string }) => p.kind), ['preparation', 'key_period', 'event_days', 'wind_down']);
      const seen = await get(`/api/campaigns/${campaignId}`, 'wa1');
      assert.equal(seen.statusCode, 200);
    });
  });

  describe('key-period SLA multiplier', () => {
    it('halves the filing limit of cases opened in the key period, and of no others', async () => {
      const report = (categoryCode: string) => post('/api/cases', 'wa1', { categoryCode, description: '测试案件', location: IN_A1 });
      const before = await report('0104');
      assert.equal(before.statusCode, 201, before.body);
      const beforeCase = before.json().case;
      // 0104 has a 1h (natural hours) filing limit.
      assert.equal(Date.parse(beforeCase.stageDueAt ?? beforeCase.stage?.dueAt) - t.clock.now.getTime(), HOUR);

      t.clock.now = new Date(start + 26 * HOUR);
      await relogin();
      const inKey = await report('0104');
      assert.equal(inKey.statusCode, 201, inKey.body);
      const inKeyCase = inKey.json().case;
      assert.equal(Date.parse(inKeyCase.stageDueAt ?? inKeyCase.stage?.dueAt) - t.clock.now.getTime(), HOUR / 2);
      const otherCategory = await report('0101');
      const other = otherCategory.json().case;
      assert.equal(other.stageDueAt ?? other.stage?.dueAt, new Date(addWorkingTime(t.clock.now, '2wh').dueAtMs).toISOString());
      // The case opened before the key period kept its deadline.
      const stored = await t.storage.db.selectFrom('cases').select('stage_due_at').where('id', '=', beforeCase.id).executeTakeFirstOrThrow();
      assert.equal(stored.stage_due_at, new Date(start + HOUR).toISOString());

      assert.equal(await activeSlaMultiplier(t.storage.db, { gridPath: '32/3201/320106/320106001/320106001001/320106001001001/', categoryCode: '0104', at: t.clock.now }), 0.5);
      assert.equal(await activeSlaMultiplier(t.storage.db, { gridPath: '32/3202/320205/', categoryCode: '0104', at: t.clock.now }), 1);
      assert.equal(await activeSlaMultiplier(t.storage.db, { gridPath: '32/3201/320106/', categoryCode: '0104', at: new Date(start + 80 * HOUR) }), 1);
    });
  });

  describe('daily reports (日报 / 零报告)', () => {
    it('401, 400 for a non-duty day, a missing summary and a grid one cannot see, 403 for a reader who may not report', async () => {
      const today = chinaDate(t.clock.now);
      assert.equal((await post(`/api/campaigns/${campaignId}/daily-reports`, null, { gridCode: city.gridA1, date: today, nothingToReport: true })).statusCode, 401);
      const noDuty = await post(`/api/campaigns/${campaignId}/daily-reports`, 'wa1', { gridCode: city.gridA1, date: chinaDate(new Date(start)), nothingToReport: true });
      assert.equal(noDuty.statusCode, 400);
      assert.equal(noDuty.json().error.field, 'date');
      const noSummary = await post(`/api/campaigns/${campaignId}/daily-reports`, 'wa1', { gridCode: city.gridA1, date: today, nothingToReport: false });
      assert.equal(noSummary.statusCode, 400);
      assert.equal(noSummary.json().error.field, 'summary');
      // Another grid wa1 cannot see is refused like a grid that does not exist (issue #12: no existence
      // oracle; it answered 403 before); a supervisor who sees the grid but may not report gets 403.
      const other = await post(`/api/campaigns/${campaignId}/daily-reports`, 'wa1', { gridCode: city.gridA2, date: today, nothingToReport: true });
      assert.deepEqual([other.statusCode, other.json().error.code, other.json().error.field], [400, 'VALIDATION_FAILED', 'gridCode']);
      const notReporter = await post(`/api/campaigns/${campaignId}/daily-reports`, 'citysup', { gridCode: city.gridA2, date: today, nothingToReport: true });
      assert.equal(notReporter.statusCode, 403);
      assert.equal((await post(`/api/campaigns/${campaignId}/daily-reports`, 'wa1', { gridCode: city.gridA1, date: today, nothingToReport: true }, null)).statusCode, 400);
    });
    it('lists exactly the grids that have not reported; a zero report counts as reported', async () => {
      const today = chinaDate(t.clock.now);
      const zero = await post(`/api/campaigns/${campaignId}/daily-reports`, 'wa1', { gridCode: city.gridA1, date: today, nothingToReport: true });
      assert.equal(zero.statusCode, 201, zero.body);
      const summary = await post(`/api/campaigns/${campaignId}/daily-reports`, 'gla2', { gridCode: city.gridA2, date: today, nothingToReport: false, incidentCount: 2, summary: '发现两处消防通道堵塞，已整改' });
      assert.equal(summary.statusCode, 201, summary.body);
      const status = await get(`/api/campaigns/${campaignId}/daily-reports/status?date=${today}`, 'cityduty');
      assert.equal(status.statusCode, 200, status.body);
      const s = status.json();
      assert.equal(s.dutyDay, true);
      assert.equal(s.expected, 3);
      assert.equal(s.reported, 2);
      assert.equal(s.zeroReports, 1);
      assert.deepEqual(s.missing.map((m: { gridCode: string }) => m.gridCode), [city.gridB1]);
      assert.equal((await get(`/api/campaigns/${campaignId}/daily-reports/status?date=nope`, 'cityduty')).statusCode, 400);
      assert.equal((await get(`/api/campaigns/${campaignId}/daily-reports/status?date=${today}&unit=${city.gridA1}`, 'wb1')).statusCode, 404);
    });
  });

  describe('daily report escalation (催报)', () => {
    it('after the deadline chases exactly the missing grid once; the status and dashboard say so', async () => {
      const today = chinaDate(t.clock.now);
      const keep = t.clock.now;
      const status = async () => (await get(`/api/campaigns/${campaignId}/daily-reports/status?date=${today}`, 'cityduty')).json();
      const before = await status();
      assert.equal(before.pastDue, false);
      assert.equal(before.escalation, null);
      assert.deepEqual(before.incidents.map((r: { gridCode: string; incidentCount: number; summary: string }) => [r.gridCode, r.incidentCount, r.summary]), [[city.gridA2, 2, '发现两处消防通道堵塞，已整改']], 'only the report with something to report; the 零报告 is not an incident');
      const run = () => t.storage.db.transaction().execute((trx) => escalateMissingDailyReports(trx, { now: t.clock.now }));
      assert.deepEqual(await run(), [], 'nothing before the 18:00 deadline');

      t.clock.now = new Date(`${today}T18:30:00+08:00`);
      const first = await run();
      assert.deepEqual(first, [{ campaignId, date: today, missing: 1 }]);
      const notes = await t.storage.db.selectFrom('notifications').select(['user_id', 'kind']).where('kind', 'like', 'campaign.dailyReport.%').execute();
      assert.deepEqual(notes.map((n) => [n.user_id, n.kind]), [[u['wb1']!.id, 'campaign.dailyReport.missing']], 'only the worker of the missing grid');
      assert.deepEqual(await run(), [], 'once per campaign and day');
      const audits = await t.storage.db.selectFrom('audit_log').select('action').where('action', '=', 'campaign.dailyReport.escalate').where('record_id', '=', campaignId).execute();
      assert.equal(audits.length, 1);

      await relogin();
      const after = await status();
      assert.equal(after.pastDue, true);
      assert.deepEqual(after.escalation, { at: t.clock.now.toISOString(), missing: 1 });
      const dash = (await get(`/api/campaigns/${campaignId}/dashboard`, 'cityduty')).json();
      assert.deepEqual(dash.dailyReports.escalation, after.escalation);
      assert.deepEqual(dash.dailyReports.missing.map((m: { gridCode: string }) => m.gridCode), [city.gridB1]);
      t.clock.now = keep;
      await relogin();
    });
  });

  describe('dashboard and clone', () => {
    it('shows the phase, countdown, reports in/missing and case counts', async () => {
      assert.equal((await get(`/api/campaigns/${campaignId}/dashboard`, null)).statusCode, 401);
      assert.equal((await get(`/api/campaigns/${campaignId}/dashboard`, 'wb1')).statusCode, 404);
      const res = await get(`/api/campaigns/${campaignId}/dashboard`, 'cityduty');
      assert.equal(res.statusCode, 200, res.body);
      const d = res.json();
      assert.equal(d.campaign.currentPhase.kind, 'key_period');
      assert.equal(d.campaign.countdown.secondsLeft, (72 - 26) * 3600);
      assert.equal(d.dailyReports.missingCount, 1);
      assert.equal(d.cases.total, 3);
    });
    it('clones a campaign with every date shifted', async () => {
      const newStart = new Date(start - 24 * HOUR + 30 * 24 * HOUR).toISOString();
      const res = await post(`/api/campaigns/${campaignId}/clone`, 'cityduty', { startsAt: newStart }, null);
      assert.equal(res.statusCode, 201, res.body);
      const c = res.json().campaign;
      assert.equal(c.startsAt, newStart);
      assert.equal(c.clonedFrom, campaignId);
      assert.equal(c.phases[1].startsAt, new Date(start + 24 * HOUR + 30 * 24 * HOUR).toISOString());
      assert.deepEqual(c.phases[1].slaMultipliers, { '0104': 0.5 });
    });
  });
});
