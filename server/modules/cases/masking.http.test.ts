import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { IN_A1, seedCaseWorld } from './caseTestKit.ts';

// Issue #12, finding 7: reporter and party names were never masked by role, and an 8-digit phone
// showed 7 of its 8 digits. Names now follow the phone rule: unmasked only with people.readPersonal
// over the case, and that read is audited (case.readPersonal).

// Monday 2 March 2026, 09:00 China time.
const START = new Date('2026-03-02T01:00:00.000Z');

forEachDatabase('masking of names and phones by role (issue #12)', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let w: Awaited<ReturnType<typeof seedCaseWorld>>;
  const cookies: Record<string, string> = {};

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date(START);
    w = await seedCaseWorld(t.storage.db);
    for (const name of ['worker', 'supervisor', 'dispatcher', 'handler'] as const) cookies[name] = await loginAs(t.app, w[name].username, w[name].password);
  });
  after(async () => t.close());

  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url, headers: { cookie: cookies[who]!, ...(url === '/api/cases' && method === 'POST' ? { 'idempotency-key': randomUUID() } : {}) }, ...(payload ? { payload } : {}) });
  const personalReads = async (caseId: string) =>
    (await t.storage.db.selectFrom('audit_log').select('actor_label').where('record_id', '=', caseId).where('action', '=', 'case.readPersonal').execute()).map((a) => a.actor_label.split(' ')[0]);

  it('a handler sees a hotline caller as 张** with ****1234; a supervisor sees both, and that read is audited', async () => {
    const made = await call('supervisor', 'POST', '/api/cases', {
      categoryCode: '0101',
      description: '热线来电：小区门口垃圾堆放',
      location: IN_A1,
      source: 'hotline',
      reporterName: '张三丰',
      reporterPhone: '84561234',
    });
    assert.equal(made.statusCode, 201, made.body);
    const id = made.json().case.id as string;
    assert.equal((await call('supervisor', 'POST', `/api/cases/${id}/actions`, { action: 'file' })).statusCode, 200);
    const dispatched = await call('dispatcher', 'POST', `/api/cases/${id}/actions`, { action: 'dispatch', departmentId: w.deptUrban });
    assert.equal(dispatched.statusCode, 200, dispatched.body);
    const before = await personalReads(id);

    const handlerRes = await call('handler', 'GET', `/api/cases/${id}`);
    assert.ok(!/no-store/.test(String(handlerRes.headers['cache-control'] ?? '')), 'a masked case may be kept for offline use');
    const handlerView = handlerRes.json().case;
    assert.equal(handlerView.reporterName, '张**', 'the surname only');
    assert.equal(handlerView.reporterPhone, '****1234', 'an 8-digit number shows its last 4 digits, not 7 of 8');
    assert.equal(handlerView.personalDataMasked, true);
    const handlerList = (await call('handler', 'GET', '/api/cases')).json().cases.find((c: { id: string }) => c.id === id);
    assert.equal(handlerList.reporterName, '张**', 'lists mask names too');
    assert.deepEqual(await personalReads(id), before, 'a masked read is not a personal-data read');

    const supervisorRes = await call('supervisor', 'GET', `/api/cases/${id}`);
    assert.equal(supervisorRes.headers['cache-control'], 'private, no-store', 'unmasked personal data is never cached (service worker included)');
    const supervisorView = supervisorRes.json().case;
    assert.equal(supervisorView.reporterName, '张三丰');
    assert.equal(supervisorView.reporterPhone, '84561234');
    assert.deepEqual(await personalReads(id), [...before, 'supervisor'], 'the unmasked read is audited');
  });

  it('a case with only a reporter name (no phone) is still masked, and its unmasked read audited', async () => {
    const made = await call('supervisor', 'POST', '/api/cases', { categoryCode: '0101', description: '热线来电：路灯', location: IN_A1, source: 'hotline', reporterName: '欧阳娜娜' });
    const id = made.json().case.id as string;
    assert.equal((await call('worker', 'GET', `/api/cases/${id}`)).json().case.reporterName, '欧阳**');
    const before = await personalReads(id);
    assert.equal((await call('supervisor', 'GET', `/api/cases/${id}`)).json().case.reporterName, '欧阳娜娜');
    assert.deepEqual(await personalReads(id), [...before, 'supervisor']);
  });

  it('dispute parties and mediation attendees: names masked for a grid worker, shown to a supervisor', async () => {
    const made = await call('worker', 'POST', '/api/cases', {
      categoryCode: '3002',
      description: '楼上漏水纠纷',
      location: IN_A1,
      dispute: { parties: [{ name: '李建国', phone: '13600003333' }, { name: '王芳' }], type: '漏水' },
    });
    assert.equal(made.statusCode, 201, made.body);
    const id = made.json().case.id as string;
    assert.deepEqual(made.json().case.details.parties, [
      { name: '李**', phone: '136****3333' },
      { name: '王*', phone: null },
    ]);
    const session = await call('worker', 'POST', `/api/cases/${id}/mediation-sessions`, {
      date: '2026-03-02',
      mediator: '赵强',
      place: '社区调解室',
      partiesPresent: [{ name: '李建国', phone: '13600003333' }, { name: '王芳' }],
      summary: '双方陈述',
      outcome: 'failed',
    });
    assert.equal(session.statusCode, 201, session.body);
    assert.deepEqual(session.json().session.partiesPresent.map((p: { name: string }) => p.name), ['李**', '王*']);
    const workerView = (await call('worker', 'GET', `/api/cases/${id}`)).json();
    assert.deepEqual(workerView.mediationSessions[0].partiesPresent.map((p: { name: string }) => p.name), ['李**', '王*']);
    assert.ok(!JSON.stringify(workerView).includes('李建国'), 'the full name appears nowhere in the worker’s view');

    const supervisorView = (await call('supervisor', 'GET', `/api/cases/${id}`)).json();
    assert.deepEqual(supervisorView.case.details.parties.map((p: { name: string }) => p.name), ['李建国', '王芳']);
    assert.deepEqual(supervisorView.mediationSessions[0].partiesPresent.map((p: { name: string }) => p.name), ['李建国', '王芳']);
    assert.ok((await personalReads(id)).includes('supervisor'));
  });

  it('personal data typed into the description is scrubbed for a handler and a grid worker, shown to a supervisor (issue #12)', async () => {
    const description = '楼道堆物堵塞消防通道，联系人欧阳娜娜 电话13912345678，也可找请联系李红女士138.1234.5678';
    const made = await call('worker', 'POST', '/api/cases', { categoryCode: '0101', description, location: IN_A1 });
    assert.equal(made.statusCode, 201, made.body);
    const id = made.json().case.id as string;
    assert.equal((await call('supervisor', 'POST', `/api/cases/${id}/actions`, { action: 'file', note: '已电话联系李红女士13912345678' })).statusCode, 200);
    const dispatched = await call('dispatcher', 'POST', `/api/cases/${id}/actions`, { action: 'dispatch', departmentId: w.deptUrban });
    assert.equal(dispatched.statusCode, 200, dispatched.body);
    const scrubbed = '楼道堆物堵塞消防通道，联系人某 电话[电话]，也可找请联系某女士[电话]';

    for (const who of ['handler', 'worker'] as const) {
      const view = (await call(who, 'GET', `/api/cases/${id}`)).json();
      assert.equal(view.case.personalDataMasked, true, who);
      assert.equal(view.case.description, scrubbed, who);
      const text = JSON.stringify(view);
      for (const leak of ['欧阳娜娜', '13912345678', '李红', '138.1234.5678']) assert.ok(!text.includes(leak), `${who} sees ${leak}`);
    }
    const listed = (await call('handler', 'GET', '/api/cases')).json().cases.find((c: { id: string }) => c.id === id);
    assert.equal(listed.description, scrubbed, 'lists are masked and scrubbed too');

    const before = await personalReads(id);
    const supervisorView = (await call('supervisor', 'GET', `/api/cases/${id}`)).json();
    assert.equal(supervisorView.case.description, description, 'an unmasked reader sees the original text');
    assert.ok(supervisorView.timeline.some((e: { note: string | null }) => e.note === '已电话联系李红女士13912345678'));
    assert.deepEqual(await personalReads(id), [...before, 'supervisor'], 'and that read is audited');
  });
});
