import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { insertUser } from '../../../test/factories.ts';
import { buildJpeg } from '../../attachments/testImages.ts';
import { IN_A1, IN_B1, seedCaseWorld } from './caseTestKit.ts';

// Monday 2 March 2026, 09:00 China time.
const START = new Date('2026-03-02T01:00:00.000Z');

forEachDatabase('cases: hazard register and mediation over HTTP', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let w: Awaited<ReturnType<typeof seedCaseWorld>>;
  let leader: Awaited<ReturnType<typeof insertUser>>;
  const cookies: Record<string, string> = {};
  let keyCounter = 0;
  const names = ['worker', 'workerB', 'gridLeader', 'supervisor', 'dispatcher', 'handler', 'inspector'] as const;

  const loginAll = async () => {
    for (const name of names) cookies[name] = await loginAs(t.app, w[name].username, w[name].password);
    cookies['leader'] = await loginAs(t.app, leader.username, leader.password);
  };

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date(START);
    w = await seedCaseWorld(t.storage.db);
    leader = await insertUser(t.storage.db, { username: 'countyleader', role: 'leader', scope: w.city.county, displayName: '孙丽' });
    await loginAll();
  });
  after(async () => t.close());

  const post = (who: string | null, url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers: { ...(who ? { cookie: cookies[who]! } : {}), ...headers } });
  const get = (who: string | null, url: string) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: cookies[who]! } : {} });
  const act = (who: string, id: string, body: Record<string, unknown>) => post(who, `/api/cases/${id}/actions`, body);
  const report = (who: string, body: Record<string, unknown>) => post(who, '/api/cases', body, { 'idempotency-key': `hz-${++keyCounter}` });
  const upload = async () => (await t.app.inject({ method: 'POST', url: '/api/uploads', payload: buildJpeg(), headers: { cookie: cookies['inspector']!, 'content-type': 'image/jpeg' } })).json().sha256 as string;
  const hazardBody = (description: string, grade = '较大') => ({ categoryCode: '3101', description, location: IN_A1, hazard: { grade } });
  const plan = (o: Record<string, unknown> = {}) => ({
    plan: '张贴警示、清理宣传品、约谈负责人',
    responsibleUnit: '某理财公司',
    responsiblePerson: { name: '赵强', userId: w.gridLeader.id },
    deadline: '2026-03-10',
    ...o,
  });

  describe('hazard register (风险隐患台账)', () => {
    let id: string;

    it('walks plan → re-inspection → sign-off with 401 → 400 → 403/404 → 200, closing the verified case', async () => {
      const created = await report('worker', hazardBody('高息揽储传单（台账）'));
      assert.equal(created.statusCode, 201, created.body);
      id = created.json().case.id;

      // The register shows it from intake: open, graded.
      assert.equal((await get(null, '/api/hazards')).statusCode, 401);
      const listed = (await get('supervisor', '/api/hazards')).json().hazards.find((h: { caseId: string }) => h.caseId === id);
      assert.equal(listed.grade, '较大');
      assert.equal(listed.status, 'open');
      assert.equal(listed.plan, null);

      // 401 → 400 → 404/403 → 200 on the plan.
      assert.equal((await post(null, `/api/cases/${id}/hazard/plan`, plan())).statusCode, 401);
      const noPlan = await post('supervisor', `/api/cases/${id}/hazard/plan`, plan({ plan: ' ' }));
      assert.equal(noPlan.statusCode, 400);
      assert.equal(noPlan.json().error.field, 'plan');
      const badDeadline = await post('supervisor', `/api/cases/${id}/hazard/plan`, plan({ deadline: '2026-02-30' }));
      assert.equal(badDeadline.statusCode, 400);
      assert.equal(badDeadline.json().error.field, 'deadline');
      const pastDeadline = await post('supervisor', `/api/cases/${id}/hazard/plan`, plan({ deadline: '2026-03-01' }));
      assert.equal(pastDeadline.statusCode, 400);
      assert.equal(pastDeadline.json().error.field, 'deadline');
      const ghost = await post('supervisor', `/api/cases/${id}/hazard/plan`, plan({ responsiblePerson: { name: '某人', userId: '00000000-0000-7000-8000-000000000000' } }));
      assert.equal(ghost.json().error.field, 'responsiblePerson.userId');
      assert.equal((await post('workerB', `/api/cases/${id}/hazard/plan`, plan())).statusCode, 404, 'another grid is invisible');
      assert.equal((await post('handler', `/api/cases/${id}/hazard/plan`, plan())).statusCode, 404, 'not dispatched to the handler');
      assert.equal((await post('inspector', `/api/cases/${id}/hazard/plan`, plan())).statusCode, 403, 'inspectors check, they do not plan');
      const planned = await post('supervisor', `/api/cases/${id}/hazard/plan`, plan());
      assert.equal(planned.statusCode, 200, planned.body);
      assert.equal(planned.json().hazard.status, 'rectifying');
      assert.equal(planned.json().hazard.deadline, '2026-03-10T15:59:59.999Z', 'a date means the end of that day in China time');
      assert.deepEqual(planned.json().hazard.responsiblePerson, { id: w.gridLeader.id, name: '赵强' });

      // Sign-off needs a passed re-inspection.
      const early = await post('supervisor', `/api/cases/${id}/hazard/signoff`, {});
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().error.code, 'INVALID_TRANSITION');
      assert.deepEqual(early.json().error.details, { state: 'rectifying', action: 'hazard_signoff' });

      // The workflow runs as usual; feedback puts the hazard in line for re-inspection.
      await act('supervisor', id, { action: 'file' });
      assert.equal((await act('dispatcher', id, { action: 'dispatch', departmentId: w.deptUrban })).statusCode, 200);
      await act('handler', id, { action: 'accept' });
      const done = await act('handler', id, { action: 'complete', note: '已清理' });
      assert.equal(done.json().case.state, 'handled');
      const waiting = (await get('supervisor', '/api/hazards?status=awaiting_reinspection')).json().hazards;
      assert.ok(waiting.some((h: { caseId: string }) => h.caseId === id));
      assert.equal((await act('supervisor', id, { action: 'verify' })).json().case.state, 'verified');

      // Re-inspection: right role, not the responsible person, evidence required for a pass.
      const badResult = await post('inspector', `/api/cases/${id}/hazard/reinspection`, { result: 'ok', note: '看过' });
      assert.equal(badResult.json().error.field, 'result');
      assert.equal((await post('worker', `/api/cases/${id}/hazard/reinspection`, { result: 'pass', note: '好了' })).statusCode, 403);
      const own = await post('gridLeader', `/api/cases/${id}/hazard/reinspection`, { result: 'pass', note: '我整改的' });
      assert.equal(own.statusCode, 403);
      assert.match(own.json().error.message, /责任人/);
      const failed = await post('inspector', `/api/cases/${id}/hazard/reinspection`, { result: 'fail', note: '仍有传单残留' });
      assert.equal(failed.statusCode, 200, failed.body);
      assert.equal(failed.json().hazard.status, 'rectifying');
      const noPhoto = await post('inspector', `/api/cases/${id}/hazard/reinspection`, { result: 'pass', note: '已清理干净' });
      assert.equal(noPhoto.statusCode, 400);
      assert.equal(noPhoto.json().error.field, 'photos');
      const photo = await upload();
      const passed = await post('inspector', `/api/cases/${id}/hazard/reinspection`, { result: 'pass', note: '已清理干净', photos: [photo] });
      assert.equal(passed.json().hazard.status, 'awaiting_signoff');
      assert.equal(passed.json().hazard.reinspectionCount, 2);
      assert.deepEqual(passed.json().hazard.lastReinspection, { result: 'pass', at: START.toISOString(), by: '周杰' });

      // 销号: supervisors and leaders only; a verified case closes through the state machine.
      assert.equal((await post('inspector', `/api/cases/${id}/hazard/signoff`, {})).statusCode, 403);
      const signed = await post('supervisor', `/api/cases/${id}/hazard/signoff`, { note: '复查合格，同意销号' });
      assert.equal(signed.statusCode, 200, signed.body);
      assert.equal(signed.json().caseClosed, true);
      assert.equal(signed.json().case.state, 'closed');
      assert.equal(signed.json().hazard.status, 'signed_off');
      assert.equal(signed.json().hazard.signedOffBy, '王芳');
      const twice = await post('supervisor', `/api/cases/${id}/hazard/signoff`, {});
      assert.equal(twice.json().error.code, 'INVALID_TRANSITION');

      const detail = (await get('supervisor', `/api/cases/${id}`)).json();
      assert.deepEqual(
        detail.timeline.map((e: { action: string }) => e.action),
        ['report', 'hazard_plan', 'file', 'dispatch', 'accept', 'complete', 'verify', 'hazard_reinspection', 'hazard_reinspection', 'hazard_signoff', 'close'],
      );
      assert.equal(detail.hazard.status, 'signed_off');
      assert.deepEqual(detail.reinspections.map((r: { result: string; photos: string[] }) => [r.result, r.photos.length]), [['fail', 0], ['pass', 1]]);
      const audit = (await t.storage.db.selectFrom('audit_log').select('action').where('record_id', '=', id).execute()).map((a) => a.action);
      for (const a of ['case.hazard_plan', 'case.hazard_reinspection', 'case.hazard_signoff', 'case.close']) assert.ok(audit.includes(a), a);
    });

    it('records a leader’s sign-off alongside a case that is not verified, without moving its state', async () => {
      const c = (await report('worker', hazardBody('消防通道堵塞（领导销号）', '重大'))).json().case;
      await post('supervisor', `/api/cases/${c.id}/hazard/plan`, plan({ responsiblePerson: { name: '物业经理' } }));
      const photo = await upload();
      assert.equal((await post('gridLeader', `/api/cases/${c.id}/hazard/reinspection`, { result: 'pass', note: '已疏通', photos: [photo] })).statusCode, 200);
      const signed = await post('leader', `/api/cases/${c.id}/hazard/signoff`, {});
      assert.equal(signed.statusCode, 200, signed.body);
      assert.equal(signed.json().caseClosed, false);
      assert.equal(signed.json().case.state, 'reported');
      assert.equal(signed.json().hazard.status, 'signed_off');
    });

    it('filters by grade, status, overdue and scope, and refuses bad filters and foreign scopes', async () => {
      const c = (await report('worker', hazardBody('危化品堆放（逾期）', '一般'))).json().case;
      await post('supervisor', `/api/cases/${c.id}/hazard/plan`, plan({ deadline: '2026-03-02T10:00:00+08:00' }));
      const bad = await get('supervisor', '/api/hazards?grade=特大');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'grade');
      assert.equal((await get('worker', `/api/hazards?scope=${w.city.gridB1}`)).statusCode, 404);
      assert.equal((await get('supervisor', '/api/hazards?overdue=1')).json().hazards.length, 0, 'nothing is overdue yet');

      t.clock.advanceMinutes(120);
      await loginAll();
      const overdue = (await get('supervisor', '/api/hazards?overdue=1')).json().hazards;
      assert.deepEqual(overdue.map((h: { caseId: string }) => h.caseId), [c.id]);
      assert.equal(overdue[0].overdue, true);
      const grades = (await get('supervisor', '/api/hazards?grade=重大')).json().hazards;
      assert.ok(grades.length >= 1 && grades.every((h: { grade: string }) => h.grade === '重大'));
      assert.equal((await get('supervisor', '/api/hazards?status=signed_off')).json().hazards.length, 2);
      assert.ok((await get('supervisor', `/api/hazards?scope=${w.city.gridA1}`)).json().hazards.length >= 3);
      assert.equal((await get('supervisor', `/api/hazards?scope=${w.city.gridB1}`)).json().hazards.length, 0);
      assert.equal((await get('workerB', '/api/hazards')).json().hazards.length, 0, 'grid B1 sees none of A1’s hazards');
      const page = (await get('supervisor', '/api/hazards?limit=1')).json();
      assert.equal(page.hazards.length, 1);
      const next = (await get('supervisor', `/api/hazards?limit=1&cursor=${page.nextCursor}`)).json();
      assert.notEqual(next.hazards[0].caseId, page.hazards[0].caseId);
    });

    it('exports the register as XLSX with Chinese headers', async () => {
      assert.equal((await get(null, '/api/hazards/export.xlsx')).statusCode, 401);
      const res = await get('supervisor', '/api/hazards/export.xlsx?status=signed_off');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /spreadsheetml/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      assert.equal(sheet.name, '风险隐患台账');
      const headers = (sheet.getRow(1).values as unknown[]).slice(1);
      assert.deepEqual(headers.slice(0, 6), ['案件编号', '隐患描述', '地址', '网格', '隐患等级', '整改状态']);
      assert.equal(sheet.rowCount, 3);
      assert.equal(sheet.getRow(2).getCell(6).value, '已销号');
    });
  });

  describe('dispute mediation (调解)', () => {
    it('records sessions and an agreement, masking parties’ phones by role', async () => {
      t.clock.now = new Date(START);
      await loginAll();
      const d = (await report('worker', { categoryCode: '3002', description: '楼上漏水纠纷（调解）', location: IN_A1, dispute: { parties: [{ name: '甲', phone: '13600003333' }, { name: '乙' }], type: '漏水', amount: 5000 } })).json().case;
      const session = (o: Record<string, unknown> = {}) => ({
        date: '2026-03-02',
        mediator: '赵强',
        place: '江苏路社区调解室',
        partiesPresent: [{ name: '甲', phone: '13600003333' }, { name: '乙' }],
        summary: '双方陈述，物业提供维修记录',
        outcome: 'failed',
        ...o,
      });
      const url = `/api/cases/${d.id}/mediation-sessions`;
      assert.equal((await post(null, url, session())).statusCode, 401);
      const badOutcome = await post('worker', url, session({ outcome: 'maybe' }));
      assert.equal(badOutcome.statusCode, 400);
      assert.equal(badOutcome.json().error.field, 'outcome');
      const future = await post('worker', url, session({ date: '2026-03-09' }));
      assert.equal(future.json().error.field, 'date');
      assert.equal((await post('worker', url, session({ partiesPresent: [] }))).json().error.field, 'partiesPresent');
      assert.equal((await post('workerB', url, session())).statusCode, 404);
      const hazard = (await report('worker', hazardBody('不是纠纷'))).json().case;
      const wrongKind = await post('worker', `/api/cases/${hazard.id}/mediation-sessions`, session());
      assert.equal(wrongKind.statusCode, 409);
      assert.equal(wrongKind.json().error.code, 'INVALID_TRANSITION');

      const agreementBody = { text: '乙方承担维修费用3000元，于3月20日前修复', amount: 3000, performanceDeadline: '2026-03-20' };
      assert.equal((await post('worker', `/api/cases/${d.id}/agreement`, agreementBody)).json().error.code, 'INVALID_TRANSITION', 'no agreement before a session agrees');

      const first = await post('worker', url, session());
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(first.json().session.partiesPresent[0].phone, '136****3333', 'a grid worker sees phones masked');
      assert.equal(first.json().case.details.outcome, 'failed');
      const second = await post('gridLeader', url, session({ outcome: 'agreed', summary: '达成一致' }));
      assert.equal(second.json().session.partiesPresent[0].phone, '13600003333', 'the grid leader may read personal data');

      const badAmount = await post('worker', `/api/cases/${d.id}/agreement`, { ...agreementBody, amount: -1 });
      assert.equal(badAmount.json().error.field, 'amount');
      const agreed = await post('worker', `/api/cases/${d.id}/agreement`, agreementBody);
      assert.equal(agreed.statusCode, 200, agreed.body);
      const details = agreed.json().case.details;
      assert.equal(details.agreement, agreementBody.text);
      assert.equal(details.agreementAmount, 3000);
      assert.equal(details.performanceDeadline, '2026-03-20');
      assert.equal(details.outcome, 'agreed');
      assert.equal(details.amount, 5000, 'the amount involved stays');

      const asWorker = (await get('worker', `/api/cases/${d.id}`)).json();
      assert.deepEqual(asWorker.mediationSessions.map((s: { outcome: string }) => s.outcome), ['failed', 'agreed']);
      assert.equal(asWorker.mediationSessions[0].partiesPresent[0].phone, '136****3333');
      const asSupervisor = (await get('supervisor', `/api/cases/${d.id}`)).json();
      assert.equal(asSupervisor.mediationSessions[0].partiesPresent[0].phone, '13600003333');
      const audit = (await t.storage.db.selectFrom('audit_log').select(['action', 'after_json']).where('record_id', '=', d.id).execute());
      assert.equal(audit.filter((a) => a.action === 'case.mediation_session').length, 2);
      assert.ok(audit.some((a) => a.action === 'case.mediation_agreement'));
      assert.ok(audit.some((a) => a.action === 'case.readPersonal'));
      assert.ok(!audit.some((a) => (a.after_json ?? '').includes('13600003333')), 'phones never enter the audit log');
    });
  });
});
