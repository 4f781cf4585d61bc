import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { addWorkingTime, warningAt } from '../../../shared/sla/index.ts';
import { ConfigError, loadConfig } from '../../config.ts';
import { systemActor } from '../../access/actor.ts';
import { applyCaseAction } from './applyCaseAction.ts';
import { IN_A1, seedCaseWorld } from './caseTestKit.ts';
import { logUnknownYears } from './cases.routes.ts';
import { reportCase } from './reportCase.ts';
import { buildJpeg, jpegSegment } from '../../attachments/testImages.ts';
import { categorySlaOverride, slaPolicy } from './stages.ts';
import { slaPolicyOf } from '../../context.ts';

const utc = (ms: number) => new Date(ms).toISOString();
const START = new Date('2026-03-02T01:00:00.000Z'); // Mon 09:00 China time

describe('SLA policy configuration', () => {
  it('validates WANGGE_SLA_WARN_SHARE and WANGGE_SLA_ESCALATE_AFTER at boot, naming the variable', () => {
    const defaults = loadConfig({});
    assert.equal(defaults.slaWarnShare, 0.75);
    assert.equal(defaults.slaEscalateAfter, null);
    const set = loadConfig({ WANGGE_SLA_WARN_SHARE: '0.6', WANGGE_SLA_ESCALATE_AFTER: '2wd' });
    assert.equal(set.slaWarnShare, 0.6);
    assert.equal(set.slaEscalateAfter, '2wd');
    assert.equal(loadConfig({ WANGGE_SLA_ESCALATE_AFTER: 'limit' }).slaEscalateAfter, null);
    assert.throws(
      () => loadConfig({ WANGGE_SLA_WARN_SHARE: '1.5', WANGGE_SLA_ESCALATE_AFTER: 'soon' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.deepEqual(err.problems.map((p) => p.split(':')[0]).sort(), ['WANGGE_SLA_ESCALATE_AFTER', 'WANGGE_SLA_WARN_SHARE']);
        return true;
      },
    );
    for (const bad of ['0', '1', 'abc', '-0.2']) assert.throws(() => loadConfig({ WANGGE_SLA_WARN_SHARE: bad }), /WANGGE_SLA_WARN_SHARE/);
  });

  it('reads a category override from limits_json, ignoring bad values', () => {
    assert.deepEqual(categorySlaOverride({ filing: '2wh', warnShare: 0.9, escalateAfter: '2h' }), { warnShare: 0.9, escalateAfter: '2h' });
    assert.deepEqual(categorySlaOverride({ escalateAfter: 'limit' }), { escalateAfter: null });
    assert.equal(categorySlaOverride({ warnShare: 2, escalateAfter: 'tomorrow' }), undefined);
    const server = slaPolicyOf({ slaWarnShare: 0.8, slaEscalateAfter: '1wd' });
    assert.deepEqual(slaPolicy(undefined, server), { warnShare: 0.8, escalateAfter: '1wd' });
    assert.deepEqual(slaPolicy({ escalateAfter: null }, server), { warnShare: 0.8, escalateAfter: null });
    // Without a server policy the shipped defaults apply.
    assert.deepEqual(slaPolicy(), { warnShare: 0.75, escalateAfter: null });
  });

  it('logs a deadline in a year the holiday calendar does not know (intake route helper and workflow actions)', async () => {
    const lines: { obj: object; msg: string }[] = [];
    const log = { warn: (obj: object, msg: string) => lines.push({ obj, msg }) };
    logUnknownYears({ log } as never, 'AJ1', []);
    assert.equal(lines.length, 0);
    logUnknownYears({ log } as never, 'AJ1', [2031]);
    assert.match(lines[0]!.msg, /2031/);
    assert.deepEqual(lines[0]!.obj, { caseNo: 'AJ1', calendarUnknownYears: [2031] });

    // A workflow action whose new stage deadline falls in an unknown year logs it too.
    const t = await createTestApp('sqlite');
    try {
      await seedCaseWorld(t.storage.db);
      const admin = systemActor('test');
      const now = new Date('2031-03-03T01:00:00.000Z');
      const created = await t.storage.transaction((trx) => reportCase(trx, { actor: admin, now, source: 'open311', categoryCode: '0101', description: '未知年份日志', location: IN_A1 }));
      assert.deepEqual(created.calendarUnknownYears, [2031]);
      lines.length = 0;
      const filed = await t.storage.transaction((trx) => applyCaseAction(trx, { actor: admin, now, caseId: created.row.id, action: 'file', log }));
      assert.equal(filed.calendar_unknown_years, '2031');
      assert.equal(lines.length, 1);
      assert.match(lines[0]!.msg, /2031/);
      assert.deepEqual((lines[0]!.obj as { calendarUnknownYears: number[] }).calendarUnknownYears, [2031]);
      // A year the calendar knows logs nothing.
      const known = await t.storage.transaction((trx) => reportCase(trx, { actor: admin, now: START, source: 'open311', categoryCode: '0101', description: '已知年份', location: IN_A1 }));
      lines.length = 0;
      await t.storage.transaction((trx) => applyCaseAction(trx, { actor: admin, now: START, caseId: known.row.id, action: 'file', log }));
      assert.equal(lines.length, 0);
    } finally {
      await t.close();
    }
  });
});

forEachDatabase('cases: configured warning share and escalation delay', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let w: Awaited<ReturnType<typeof seedCaseWorld>>;
  const cookies: Record<string, string> = {};

  before(async () => {
    t = await createTestApp(kind, { WANGGE_SLA_WARN_SHARE: '0.5', WANGGE_SLA_ESCALATE_AFTER: '1wd' });
    t.clock.now = new Date(START);
    w = await seedCaseWorld(t.storage.db);
    for (const name of ['worker', 'supervisor'] as const) cookies[name] = await loginAs(t.app, w[name].username, w[name].password);
  });
  after(async () => {
    await t.close();
  });

  const post = (who: string, url: string, payload: object, headers: Record<string, string> = {}) => t.app.inject({ method: 'POST', url, payload, headers: { cookie: cookies[who]!, ...headers } });

  it('uses the server configuration for every stage, and a category override where one is stored', async () => {
    const created = await post('worker', '/api/cases', { categoryCode: '0102', description: '路面泥沙（预警配置）', location: IN_A1 }, { 'idempotency-key': 'policy-1' });
    assert.equal(created.statusCode, 201, created.body);
    const c = created.json().case;
    // Filing 2wh from Mon 09:00: due 11:00, warned at half (10:00), escalated one working day after the due time.
    assert.equal(c.stageDueAt, utc(addWorkingTime(START, '2wh').dueAtMs));
    assert.equal(c.stageWarnAt, utc(warningAt(START, '2wh', 0.5).atMs));
    assert.equal(c.stageWarnAt, '2026-03-02T02:00:00.000Z');
    assert.equal(c.stageEscalateAt, utc(addWorkingTime(c.stageDueAt, '1wd').dueAtMs));

    // An operator tightens 0102: warn at 90 %, escalate 2 natural hours after the due time.
    const row = await t.storage.db.selectFrom('case_categories').select('limits_json').where('code', '=', '0102').executeTakeFirstOrThrow();
    const limits = JSON.parse(row.limits_json);
    await t.storage.db.updateTable('case_categories').set({ limits_json: JSON.stringify({ ...limits, warnShare: 0.9, escalateAfter: '2h' }) }).where('code', '=', '0102').execute();
    const categories = (await t.app.inject({ method: 'GET', url: '/api/categories', headers: { cookie: cookies['worker']! } })).json().categories;
    const c0102 = categories.find((x: { code: string }) => x.code === '0102');
    assert.deepEqual(c0102.limits, { filing: '2wh', dispatch: '2wh', handling: '3wd', verification: '1wd' }, 'the policy keys are not stage limits');
    assert.deepEqual(c0102.sla, { warnShare: 0.9, escalateAfter: '2h' });
    assert.deepEqual(categories.find((x: { code: string }) => x.code === '0101').sla, { warnShare: 0.5, escalateAfter: '1wd' });

    t.clock.advanceMinutes(30);
    const filed = (await post('supervisor', `/api/cases/${c.id}/actions`, { action: 'file' })).json().case;
    assert.equal(filed.stage, 'dispatch');
    assert.equal(filed.stageWarnAt, utc(warningAt(t.clock.now, '2wh', 0.9).atMs));
    assert.equal(filed.stageEscalateAt, new Date(Date.parse(filed.stageDueAt) + 2 * 3_600_000).toISOString());
    await t.storage.db.updateTable('case_categories').set({ limits_json: row.limits_json }).where('code', '=', '0102').execute();
  });
});

forEachDatabase('cases: configured upload size', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let cookie = '';
  before(async () => {
    t = await createTestApp(kind, { WANGGE_MAX_UPLOAD_MB: '0.25' });
    t.clock.now = new Date(START);
    const w = await seedCaseWorld(t.storage.db);
    cookie = await loginAs(t.app, w.worker.username, w.worker.password);
  });
  after(async () => t.close());

  it('accepts images up to WANGGE_MAX_UPLOAD_MB and refuses larger ones with 413 naming the limit', async () => {
    assert.equal(t.config.maxUploadBytes, 262_144);
    assert.throws(() => loadConfig({ WANGGE_MAX_UPLOAD_MB: '0' }), /WANGGE_MAX_UPLOAD_MB/);
    assert.throws(() => loadConfig({ WANGGE_MAX_UPLOAD_MB: '500' }), /WANGGE_MAX_UPLOAD_MB/);
    // A JPEG padded with comment segments (≤ 65,533 bytes each) to a given size.
    const jpegOf = (segments: number) => buildJpeg(Array.from({ length: segments }, (_, i) => jpegSegment(0xfe, Buffer.alloc(60_000, 65 + (i % 20)))));
    const upload = (bytes: Buffer) => t.app.inject({ method: 'POST', url: '/api/uploads', payload: bytes, headers: { cookie, 'content-type': 'image/jpeg' } });
    const small = jpegOf(3);
    assert.ok(small.length < 262_144);
    assert.equal((await upload(small)).statusCode, 201);
    const big = jpegOf(5);
    assert.ok(big.length > 262_144);
    const refused = await upload(big);
    assert.equal(refused.statusCode, 413, refused.body);
  });
});
