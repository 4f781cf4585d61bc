import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { addWorkingTime } from '../../../shared/sla/index.ts';
import { buildJpeg, exifPayloadWithGps, GPS_LAT_BYTES, jpegSegment } from '../../attachments/testImages.ts';
import { runSlaScan } from '../../jobs/slaScan.ts';
import { IN_A1, IN_B1, NOWHERE, seedCaseWorld } from './caseTestKit.ts';
import { resolvedAtGridLevelRate } from './resolvedAtGridLevelRate.ts';

// Monday 2 March 2026, 09:00 China time: an ordinary working day after the Spring Festival make-up days.
const START = new Date('2026-03-02T01:00:00.000Z');
const utc = (r: { dueAtMs: number }) => new Date(r.dueAtMs).toISOString();

forEachDatabase('cases: closed loop over HTTP', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let w: Awaited<ReturnType<typeof seedCaseWorld>>;
  const cookies: Record<string, string> = {};
  let keyCounter = 0;
  const key = () => `test-key-${++keyCounter}`;

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date(START);
    w = await seedCaseWorld(t.storage.db);
    for (const name of ['worker', 'workerB', 'gridLeader', 'supervisor', 'dispatcher', 'handler', 'handlerHousing', 'unitLeader', 'inspector', 'communityDuty'] as const) {
      cookies[name] = await loginAs(t.app, w[name].username, w[name].password);
    }
  });
  after(async () => t.close());

  const post = (who: string | null, url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers: { ...(who ? { cookie: cookies[who]! } : {}), ...headers } });
  const get = (who: string | null, url: string) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: cookies[who]! } : {} });
  const act = (who: string, id: string, body: Record<string, unknown>) => post(who, `/api/cases/${id}/actions`, body);
  const report = (who: string, body: Record<string, unknown>, k = key()) => post(who, '/api/cases', body, { 'idempotency-key': k });
  const garbage = { categoryCode: '0101', description: '小区门口暴露垃圾约2平方米', location: IN_A1, reporterPhone: '13900001111' };

  describe('intake', () => {
    it('refuses anonymous callers with 401 and lists categories with their limits to staff', async () => {
      assert.equal((await get(null, '/api/categories')).statusCode, 401);
      const res = await get('worker', '/api/categories');
      assert.equal(res.statusCode, 200);
      const c = res.json().categories.find((x: { code: string }) => x.code === '0101');
      assert.deepEqual(c.limits, { filing: '2wh', dispatch: '2wh', handling: '3wd', verification: '1wd' });
      assert.ok(c.filingCriteria.length > 0);
    });

    it('requires an Idempotency-Key (400) and validates the body naming the field', async () => {
      const missing = await post('worker', '/api/cases', garbage);
      assert.equal(missing.statusCode, 400);
      assert.equal(missing.json().error.code, 'IDEMPOTENCY_KEY_MISSING');
      const bad = await report('worker', { ...garbage, location: { lat: 200, lng: 118 } });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
      assert.equal(bad.json().error.field, 'location.lat');
      const unknown = await report('worker', { ...garbage, categoryCode: '9999' });
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json().error.field, 'categoryCode');
    });

    it('answers OUTSIDE_TERRITORY naming location, and refuses a grid worker outside their grid', async () => {
      const outside = await report('worker', { ...garbage, location: NOWHERE });
      assert.equal(outside.statusCode, 404);
      assert.equal(outside.json().error.code, 'OUTSIDE_TERRITORY');
      assert.equal(outside.json().error.field, 'location');
      const foreign = await report('workerB', garbage);
      assert.equal(foreign.statusCode, 403);
      assert.equal(foreign.json().error.field, 'location');
      assert.equal((await report('workerB', { ...garbage, location: IN_B1 })).statusCode, 201);
    });

    it('makes one case when the same intake is replayed 10 times, and 422 for the key with another payload', async () => {
      const k = 'replay-key-1';
      const bodies: string[] = [];
      for (let i = 0; i < 10; i++) {
        const res = await report('worker', { ...garbage, description: '重放测试' }, k);
        assert.equal(res.statusCode, 201);
        bodies.push(res.body);
      }
      assert.equal(new Set(bodies).size, 1);
      const count = await t.storage.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).where('description', '=', '重放测试').executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1);
      const reused = await report('worker', { ...garbage, description: '另一个请求' }, k);
      assert.equal(reused.statusCode, 422);
      assert.equal(reused.json().error.code, 'IDEMPOTENCY_KEY_REUSED');
    });

    it('sets the filing deadline from the category limit in working time', async () => {
      const res = await report('worker', garbage);
      const c = res.json().case;
      assert.equal(c.state, 'reported');
      assert.equal(c.stage, 'filing');
      assert.equal(c.stageDueAt, utc(addWorkingTime(START, '2wh')));
      assert.equal(c.stageDueAt, '2026-03-02T03:00:00.000Z');
      assert.deepEqual(c.actions, ['self_resolve', 'request_void']);
      assert.equal(c.reporterPhone, '139****1111', 'a grid worker sees the phone masked');
    });

    it('flags a likely duplicate and lets the supervisor merge it', async () => {
      const first = (await report('worker', { ...garbage, categoryCode: '0102', description: '路面泥沙' })).json().case;
      const second = await report('worker', { ...garbage, categoryCode: '0102', description: '路面泥沙（重复）', location: { lat: 32.0603, lng: 118.7702 } });
      const dups = second.json().possibleDuplicates;
      assert.ok(dups.some((d: { id: string; distanceM: number }) => d.id === first.id && d.distanceM <= 100));
      const secondId = second.json().case.id;
      // The console's merge dialog: candidates of an existing case, and who is offered the merge.
      const candidates = await get('supervisor', `/api/cases/${secondId}/possible-duplicates`);
      assert.equal(candidates.statusCode, 200, candidates.body);
      assert.deepEqual(candidates.json().possibleDuplicates.map((d: { id: string }) => d.id), [first.id]);
      assert.equal((await get('handler', `/api/cases/${secondId}/possible-duplicates`)).statusCode, 404);
      assert.ok((await get('supervisor', `/api/cases/${secondId}`)).json().case.caseOps.includes('merge'));
      assert.deepEqual((await get('worker', `/api/cases/${secondId}`)).json().case.caseOps, [], 'grid workers may not reject, so not merge');
      const merged = await post('supervisor', `/api/cases/${second.json().case.id}/merge`, { into: first.id });
      assert.equal(merged.statusCode, 200, merged.body);
      assert.equal(merged.json().case.state, 'rejected');
      assert.equal(merged.json().case.duplicateOf, first.id);
      const intoSelf = await post('supervisor', `/api/cases/${first.id}/merge`, { into: first.id });
      assert.equal(intoSelf.json().error.field, 'into');
    });
  });

  describe('uploads and kind-specific details', () => {
    it('strips location from resident uploads, refuses non-images, and serves an unreferenced upload to its uploader only', async () => {
      const withGps = buildJpeg([jpegSegment(0xe1, exifPayloadWithGps())]);
      const res = await t.app.inject({ method: 'POST', url: '/api/uploads', payload: withGps, headers: { 'content-type': 'image/jpeg' } });
      assert.equal(res.statusCode, 201, res.body);
      // Issue #12 (finding 3): an unreferenced anonymous upload is no longer any logged-in user's to read.
      assert.equal((await get('supervisor', `/api/attachments/${res.json().sha256}`)).statusCode, 404);
      const file = await t.app.inject({ method: 'GET', url: `/api/attachments/${res.json().sha256}`, headers: { 'x-upload-token': res.json().uploadToken } });
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], 'image/jpeg');
      assert.equal(file.rawPayload.indexOf(GPS_LAT_BYTES), -1, 'GPS bytes are gone');
      assert.equal((await get(null, `/api/attachments/${res.json().sha256}`)).statusCode, 401);
      const text = await t.app.inject({ method: 'POST', url: '/api/uploads', payload: 'hello', headers: { cookie: cookies['worker']!, 'content-type': 'text/plain' } });
      assert.equal(text.statusCode, 415);
      const fake = await t.app.inject({ method: 'POST', url: '/api/uploads', payload: Buffer.from('not really a png'), headers: { cookie: cookies['worker']!, 'content-type': 'image/png' } });
      assert.equal(fake.statusCode, 415);
    });

    it('validates hazard details and keeps them on the case', async () => {
      const bad = await report('worker', { ...garbage, categoryCode: '3101', hazard: { grade: '特大' } });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'hazard.grade');
      const ok = await report('worker', { ...garbage, categoryCode: '3101', description: '高息揽储传单', hazard: { grade: '较大', responsibleUnit: '某理财公司', deadline: '2026-03-10' } });
      assert.equal(ok.statusCode, 201);
      assert.equal(ok.json().case.kind, 'hazard');
      assert.equal(ok.json().case.details.grade, '较大');
    });
  });

  describe('one case through every stage', () => {
    let id: string;
    let version: number;

    it('walks report → file → dispatch → accept → complete → rework → complete → verify → close → evaluate', async () => {
      const jpeg = await t.app.inject({ method: 'POST', url: '/api/uploads', payload: buildJpeg(), headers: { cookie: cookies['worker']!, 'content-type': 'image/jpeg' } });
      assert.equal(jpeg.statusCode, 201, jpeg.body);
      const photo = jpeg.json().sha256;
      assert.match(photo, /^[0-9a-f]{64}$/);
      const badPhoto = await report('worker', { ...garbage, photos: ['0'.repeat(64)] });
      assert.equal(badPhoto.json().error.field, 'photos');

      const created = await report('worker', { ...garbage, categoryCode: '0103', description: '垃圾桶满溢', photos: [photo] });
      assert.equal(created.statusCode, 201, created.body);
      id = created.json().case.id;

      // Illegal transitions name state and action; wrong roles are refused.
      const early = await act('dispatcher', id, { action: 'dispatch', departmentId: w.deptUrban });
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().error.code, 'INVALID_TRANSITION');
      assert.deepEqual(early.json().error.details, { state: 'reported', action: 'dispatch' });
      assert.match(early.json().error.message, /reported/);
      const workerFiles = await act('worker', id, { action: 'file' });
      assert.equal(workerFiles.statusCode, 403);
      assert.equal((await act('handler', id, { action: 'file' })).statusCode, 404, 'a handler sees nothing not dispatched to them');
      assert.equal((await act('workerB', id, { action: 'file' })).statusCode, 404, 'another grid is invisible');

      t.clock.advanceMinutes(30);
      const filed = await act('supervisor', id, { action: 'file', note: '符合立案标准' });
      assert.equal(filed.statusCode, 200, filed.body);
      assert.equal(filed.json().case.state, 'filed');
      assert.equal(filed.json().case.stageDueAt, utc(addWorkingTime(t.clock.now, '2wh')));
      assert.ok(filed.json().case.actions.length === 0 || !filed.json().case.actions.includes('dispatch'), 'supervisors do not dispatch');

      const suggestion = await get('dispatcher', `/api/cases/${id}/suggested-handler`);
      assert.equal(suggestion.json().department.id, w.deptUrban);
      const noDept = await act('dispatcher', id, { action: 'dispatch' });
      assert.equal(noDept.json().error.field, 'departmentId');
      const dispatched = await act('dispatcher', id, { action: 'dispatch', departmentId: suggestion.json().department.id });
      assert.equal(dispatched.json().case.state, 'dispatched');
      assert.equal(dispatched.json().case.stage, 'handling');
      assert.equal(dispatched.json().case.stageDueAt, utc(addWorkingTime(t.clock.now, '3wd')));

      // Department scoping: the other department's handler cannot see it, ours can.
      assert.equal((await get('handlerHousing', `/api/cases/${id}`)).statusCode, 404);
      assert.ok(!(await get('handlerHousing', '/api/cases')).json().cases.some((c: { id: string }) => c.id === id));
      assert.ok((await get('handler', '/api/cases?assignedToMe=1')).json().cases.some((c: { id: string }) => c.id === id));
      const inbox = (await get('handler', '/api/notifications')).json().notifications;
      assert.ok(inbox.some((n: { caseId: string; kind: string }) => n.caseId === id && n.kind === 'dispatched'));

      assert.equal((await act('handler', id, { action: 'accept' })).json().case.state, 'in_handling');
      const done = await act('handler', id, { action: 'complete', note: '已清运', photos: [photo], location: IN_A1 });
      assert.equal(done.json().case.state, 'handled');
      assert.equal(done.json().case.stageDueAt, utc(addWorkingTime(t.clock.now, '1wd')));

      const noReason = await act('supervisor', id, { action: 'rework' });
      assert.equal(noReason.statusCode, 400);
      assert.equal(noReason.json().error.field, 'reason');
      const rework = await act('supervisor', id, { action: 'rework', reason: '周边仍有散落垃圾' });
      assert.equal(rework.json().case.state, 'in_handling');
      assert.equal(rework.json().case.reworkCount, 1);
      const again = await act('handler', id, { action: 'complete', note: '已全部清理' });
      version = again.json().case.version;

      const stale = await act('supervisor', id, { action: 'verify', expectedVersion: version - 1 });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'STALE_TRANSITION');
      assert.match(stale.json().error.message, /陈静/);

      assert.equal((await act('supervisor', id, { action: 'verify', expectedVersion: version })).json().case.state, 'verified');
      const closed = await act('supervisor', id, { action: 'close' });
      assert.equal(closed.json().case.state, 'closed');
      assert.equal(closed.json().case.closedOnTime, true);
      assert.equal((await act('worker', id, { action: 'evaluate' })).statusCode, 403);
      assert.equal((await act('inspector', id, { action: 'evaluate', note: '满意' })).json().case.state, 'evaluated');
      const after = await act('supervisor', id, { action: 'close' });
      assert.equal(after.statusCode, 409);
      assert.equal(after.json().error.code, 'INVALID_TRANSITION');
    });

    it('shows the timeline, responsibility chain and unmasked phone (audited) to the supervisor only', async () => {
      const res = await get('supervisor', `/api/cases/${id}`);
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.deepEqual(
        body.timeline.map((e: { action: string }) => e.action),
        ['report', 'file', 'dispatch', 'accept', 'complete', 'rework', 'complete', 'verify', 'close', 'evaluate'],
      );
      const complete = body.timeline.find((e: { action: string }) => e.action === 'complete');
      assert.equal(complete.actorName, '陈静');
      assert.deepEqual(complete.location, IN_A1);
      assert.equal(complete.photos.length, 1);
      assert.equal(body.case.reporterPhone, '13900001111');
      // The responsibility chain (责任链) is its own resource, computed in one place (supervision).
      const chain = (await get('supervisor', `/api/cases/${id}/responsibility`)).json().chain;
      assert.equal(chain[0].state, 'reported');
      assert.equal(chain[0].holderName, '王芳');
      assert.equal(chain[0].minutes, 30);
      const audit = await t.storage.db.selectFrom('audit_log').select('action').where('record_id', '=', id).execute();
      assert.ok(audit.some((a) => a.action === 'case.readPersonal'));
      assert.ok(audit.some((a) => a.action === 'case.rework'));
      const asWorker = (await get('worker', `/api/cases/${id}`)).json();
      assert.equal(asWorker.case.reporterPhone, '139****1111');
    });

    it('keeps controlled actions in the ledger with their reasons', async () => {
      const c = (await report('worker', { ...garbage, categoryCode: '0501', description: '占道经营' })).json().case;
      await act('supervisor', c.id, { action: 'file' });
      await act('dispatcher', c.id, { action: 'dispatch', departmentId: w.deptUrban });
      const dueBefore = (await act('handler', c.id, { action: 'accept' })).json().case.stageDueAt;
      const requested = await act('handler', c.id, { action: 'request_extension', reason: '需协调市场监管', extendBy: '2wd' });
      assert.equal(requested.json().case.pendingRequest.kind, 'extension');
      assert.equal((await act('handler', c.id, { action: 'approve_extension' })).statusCode, 403);
      const approved = await act('dispatcher', c.id, { action: 'approve_extension' });
      assert.equal(approved.json().case.stageDueAt, utc(addWorkingTime(dueBefore, '2wd')));
      const ledger = (await get('dispatcher', `/api/cases/${c.id}`)).json().ledger;
      assert.deepEqual(ledger.map((l: { step: string; reason: string }) => [l.step, l.reason]), [['request', '需协调市场监管'], ['approve', '需协调市场监管']]);
    });
  });

  describe('residents', () => {
    it('submits without login, gets a tracking code, and sees status without personal data', async () => {
      const body = { categoryCode: '4001', description: '夜间KTV噪声', location: IN_A1, contact: { name: '居民甲', phone: '13700002222' } };
      assert.equal((await post(null, '/api/cases/public', body)).statusCode, 400);
      const res = await post(null, '/api/cases/public', body, { 'idempotency-key': 'resident-1' });
      assert.equal(res.statusCode, 201, res.body);
      const code = res.json().trackingCode;
      assert.match(code, /^[0-9A-Z]{10}$/);
      assert.equal((await post(null, '/api/cases/public', body, { 'idempotency-key': 'resident-1' })).json().trackingCode, code);
      const status = await get(null, `/api/public/cases/${code}`);
      assert.equal(status.statusCode, 200);
      assert.equal(status.json().state, 'reported');
      assert.doesNotMatch(status.body, /13700002222|居民甲|夜间KTV/);
      assert.equal((await get(null, '/api/public/cases/AAAAAAAAAA')).statusCode, 404);
    });
  });

  describe('deadline scan', () => {
    it('warns, supervises and escalates once each, even when run twice', async () => {
      t.clock.now = new Date(START);
      const c = (await report('worker', { ...garbage, categoryCode: '0104', description: '露天焚烧落叶' })).json().case;
      // 0104 is URGENT: filing 1h natural time.
      assert.equal(c.stageDueAt, new Date(START.getTime() + 3_600_000).toISOString());
      const scan = (at: string) => runSlaScan(t.ctx, new Date(at));
      const eventsOf = async () => (await t.storage.db.selectFrom('case_events').select('action').where('case_id', '=', c.id).execute()).map((e) => e.action);

      const w1 = await scan(c.stageWarnAt);
      assert.ok(w1.warned >= 1);
      assert.equal((await scan(c.stageWarnAt)).warned, 0);
      const s1 = await scan(c.stageDueAt);
      assert.ok(s1.supervised >= 1);
      assert.deepEqual(await scan(c.stageDueAt), { warned: 0, supervised: 0, escalated: 0 });
      const e1 = await scan(c.stageEscalateAt);
      assert.ok(e1.escalated >= 1);
      assert.deepEqual(await scan(c.stageEscalateAt), { warned: 0, supervised: 0, escalated: 0 });

      const actions = await eventsOf();
      assert.deepEqual(actions.filter((a) => a !== 'report'), ['sla_warning', 'supervise', 'escalate']);
      const row = await t.storage.db.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal(row.escalation_level, 1);
      const notices = await t.storage.db.selectFrom('notifications').select(['user_id', 'kind']).where('case_id', '=', c.id).execute();
      assert.equal(notices.filter((n) => n.kind === 'supervise' && n.user_id === w.supervisor.id).length, 1);
      assert.equal(notices.filter((n) => n.kind === 'escalate' && n.user_id === w.communityDuty.id).length, 1);
      const inbox = (await get('communityDuty', '/api/notifications?unread=1')).json().notifications;
      const mine = inbox.find((n: { caseId: string }) => n.caseId === c.id);
      assert.ok(mine);
      assert.equal((await post('communityDuty', `/api/notifications/${mine.id}/read`, {})).statusCode, 200);
      assert.equal((await post('supervisor', `/api/notifications/${mine.id}/read`, {})).statusCode, 404);

      // Filing late counts against on-time closure (log in again: the moved clock ended the session).
      t.clock.now = new Date(c.stageEscalateAt);
      cookies['supervisor'] = await loginAs(t.app, w.supervisor.username, w.supervisor.password);
      const filedLate = await act('supervisor', c.id, { action: 'file' });
      assert.equal(filedLate.statusCode, 200);
      const stored = await t.storage.db.selectFrom('cases').select('overdue_count').where('id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal(stored.overdue_count, 1);
    });

    it('announces each notice live after commit when the server’s event bus is there', async () => {
      t.clock.now = new Date(START);
      cookies['worker'] = await loginAs(t.app, w.worker.username, w.worker.password);
      const c = (await report('worker', { ...garbage, categoryCode: '0104', description: '露天焚烧（实时督办）' })).json().case;
      const seen: { type: string; caseId: string | null; territoryPath: string | null; userIds: string[] | null; state: string | null }[] = [];
      // (On PostgreSQL events come back through LISTEN/NOTIFY, a moment later; the report's own may too.)
      const off = t.app.events.subscribe((e) => e.caseId === c.id && e.type !== 'case.report', (e) => seen.push(e));
      const slaTypes = () => seen.filter((e) => e.type.startsWith('case.')).map((e) => e.type);
      try {
        await runSlaScan({ ...t.ctx, events: t.app.events }, new Date(c.stageDueAt));
        // A second tick claims nothing, so announces nothing.
        await runSlaScan({ ...t.ctx, events: t.app.events }, new Date(c.stageDueAt));
        for (let i = 0; i < 40 && slaTypes().length < 2; i++) await new Promise((r) => setTimeout(r, 50));
        await new Promise((r) => setTimeout(r, 100)); // room for a wrong third one to arrive
      } finally {
        off();
      }
      assert.deepEqual(slaTypes(), ['case.sla_warning', 'case.supervise']);
      const supervise = seen.find((e) => e.type === 'case.supervise')!;
      assert.equal(supervise.state, 'reported');
      assert.ok(supervise.territoryPath?.endsWith(`${c.gridCode}/`), 'the access filter has the case’s territory');
      const told = seen.filter((e) => e.type === 'notification').flatMap((e) => e.userIds ?? []);
      assert.ok(told.includes(w.supervisor.id), 'the supervisor is named as told');
    });

    it('notifies once when two scans race over the same cases', async () => {
      t.clock.now = new Date(START);
      cookies['worker'] = await loginAs(t.app, w.worker.username, w.worker.password);
      const c = (await report('worker', { ...garbage, categoryCode: '0104', description: '露天焚烧（并发扫描）' })).json().case;
      await Promise.all([runSlaScan(t.ctx, new Date(c.stageDueAt)), runSlaScan(t.ctx, new Date(c.stageDueAt)), runSlaScan(t.ctx, new Date(c.stageDueAt))]);
      const events = await t.storage.db.selectFrom('case_events').select('action').where('case_id', '=', c.id).execute();
      assert.deepEqual(events.map((e) => e.action).sort(), ['report', 'sla_warning', 'supervise']);
      const notices = await t.storage.db.selectFrom('notifications').select('user_id').where('case_id', '=', c.id).where('kind', '=', 'supervise').execute();
      assert.equal(notices.filter((n) => n.user_id === w.supervisor.id).length, 1);
    });
  });

  describe('dispute ladder', () => {
    it('moves up one level only with a reason and the current level leader’s approval', async () => {
      t.clock.now = new Date(START);
      const d = (await report('worker', { categoryCode: '3002', description: '楼上漏水纠纷', location: IN_A1, dispute: { parties: [{ name: '甲', phone: '13600003333' }, { name: '乙' }], type: '漏水' } })).json().case;
      assert.equal(d.disputeLevel, 'grid');
      assert.equal(d.details.parties[0].phone, '136****3333');
      const noReason = await post('worker', `/api/cases/${d.id}/escalate-dispute`, { reason: ' ' });
      assert.equal(noReason.json().error.field, 'reason');
      assert.deepEqual(d.caseOps, ['escalate_dispute']);
      assert.equal((await post('worker', `/api/cases/${d.id}/escalate-dispute`, { reason: '双方分歧大，需社区调解' })).statusCode, 200);
      assert.deepEqual((await get('worker', `/api/cases/${d.id}`)).json().case.caseOps, [], 'a request is pending');
      assert.deepEqual((await get('gridLeader', `/api/cases/${d.id}`)).json().case.caseOps, ['decide_dispute_escalation']);
      assert.equal((await post('worker', `/api/cases/${d.id}/escalate-dispute/decision`, { decision: 'approve' })).statusCode, 403);
      const approved = await post('gridLeader', `/api/cases/${d.id}/escalate-dispute/decision`, { decision: 'approve' });
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal(approved.json().case.disputeLevel, 'community');
      // At community level the grid leader no longer decides.
      await post('worker', `/api/cases/${d.id}/escalate-dispute`, { reason: '社区调解未果' });
      assert.equal((await post('gridLeader', `/api/cases/${d.id}/escalate-dispute/decision`, { decision: 'approve' })).statusCode, 403);

      const kpi = await resolvedAtGridLevelRate(t.storage.db, { territoryPath: '32/' }, { from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
      assert.deepEqual(kpi, { closed: 0, resolvedAtGrid: 0, rate: null });
    });
  });

  describe('notifications', () => {
    it('scrubs phone numbers, ID numbers and names from a notification body built from the description', async () => {
      const pii = '楼下王建国先生的电话13812345678，身份证320102199001011234，门口垃圾堆了一周';
      const res = await report('worker', { ...garbage, description: pii });
      assert.equal(res.statusCode, 201, res.body);
      const id = res.json().case.id;
      assert.equal((await act('supervisor', id, { action: 'file' })).statusCode, 200);
      assert.equal((await act('dispatcher', id, { action: 'dispatch', departmentId: w.deptUrban })).statusCode, 200);
      const inbox = (await get('handler', '/api/notifications')).json().notifications;
      const note = inbox.find((n: { caseId: string; kind: string }) => n.caseId === id && n.kind === 'dispatched');
      assert.ok(note, 'the handler is told');
      for (const secret of ['13812345678', '320102199001011234', '王建国']) assert.ok(!note.body.includes(secret), `${secret} leaked: ${note.body}`);
      assert.match(note.body, /\[电话\]/);
      assert.match(note.body, /门口垃圾/);
      // Stored scrubbed too, so nothing reading the table directly (the live stream, exports) sees it.
      const rows = await t.storage.db.selectFrom('notifications').select('body').where('case_id', '=', id).execute();
      assert.ok(rows.length > 0 && rows.every((r) => !r.body.includes('13812345678') && !r.body.includes('王建国')));
    });
  });

  describe('calendar limits', () => {
    it('flags a deadline in a year the holiday calendar does not know, on the case and in its timeline', async () => {
      t.clock.now = new Date('2031-03-03T01:00:00.000Z');
      cookies['worker'] = await loginAs(t.app, w.worker.username, w.worker.password);
      const res = await report('worker', { ...garbage, description: '未知年份' });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(res.json().case.calendarUnknownYears, [2031]);
      const events = await t.storage.db.selectFrom('case_events').select('data_json').where('case_id', '=', res.json().case.id).execute();
      assert.deepEqual(JSON.parse(events[0]!.data_json!).calendarUnknownYears, [2031]);
    });
  });
});
