import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { loginAs } from '../../../test/auth.ts';
import { insertUser } from '../../../test/factories.ts';
import { CASE_ACTIONS, CASE_STATES, findTransition, TRANSITIONS, type CaseState } from '../../../shared/cases/stateMachine.ts';
import { IN_A1, seedCaseWorld } from './caseTestKit.ts';

const START = new Date('2026-03-02T01:00:00.000Z');

/**
 * Over HTTP, for a case in every state: each action the state machine has no row for answers
 * 409 INVALID_TRANSITION naming state and action, and each allowed action tried by a person whose role
 * may not take it is refused (403 when they can see the case, 404 when they cannot) — and nothing changes.
 */
forEachDatabase('cases: every illegal transition and every wrong role is refused', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let w: Awaited<ReturnType<typeof seedCaseWorld>>;
  const cookies: Record<string, string> = {};
  const people: { name: string; role: string }[] = [];
  let n = 0;

  before(async () => {
    t = await createTestApp(kind);
    t.clock.now = new Date(START);
    w = await seedCaseWorld(t.storage.db);
    const leader = await insertUser(t.storage.db, { username: 'districtleader', role: 'leader', scope: w.city.county, displayName: '孙丽' });
    const all = { ...w, leader } as unknown as Record<string, { username: string; password: string }>;
    const roles: Record<string, string> = {
      worker: 'grid_worker', workerB: 'grid_worker', gridLeader: 'grid_leader', supervisor: 'supervisor', dispatcher: 'dispatcher',
      handler: 'handler', handlerHousing: 'handler', unitLeader: 'leader', inspector: 'inspector', communityDuty: 'duty_officer', leader: 'leader',
    };
    for (const [name, role] of Object.entries(roles)) {
      cookies[name] = await loginAs(t.app, all[name]!.username, all[name]!.password);
      people.push({ name, role });
    }
  });
  after(async () => t.close());

  const act = (who: string, id: string, body: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/cases/${id}/actions`, payload: body, headers: { cookie: cookies[who]! } });
  const read = (who: string, id: string) => t.app.inject({ method: 'GET', url: `/api/cases/${id}`, headers: { cookie: cookies[who]! } });
  async function step(who: string, id: string, body: Record<string, unknown>) {
    const res = await act(who, id, body);
    assert.equal(res.statusCode, 200, `${who} ${JSON.stringify(body)}: ${res.body}`);
  }

  /** A fresh case walked to `state` by the right people. */
  async function caseIn(state: CaseState): Promise<string> {
    const res = await t.app.inject({
      method: 'POST', url: '/api/cases', headers: { cookie: cookies['worker']!, 'idempotency-key': `tr-${++n}` },
      payload: { categoryCode: '0101', description: `状态 ${state}`, location: IN_A1 },
    });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().case.id as string;
    const path: Record<CaseState, [string, Record<string, unknown>][]> = {
      reported: [],
      rejected: [['supervisor', { action: 'reject', reason: '不符合立案标准' }]],
      filed: [['supervisor', { action: 'file' }]],
      dispatched: [['supervisor', { action: 'file' }], ['dispatcher', { action: 'dispatch', departmentId: w.deptUrban }]],
      in_handling: [['supervisor', { action: 'file' }], ['dispatcher', { action: 'dispatch', departmentId: w.deptUrban }], ['handler', { action: 'accept' }]],
      handled: [['supervisor', { action: 'file' }], ['dispatcher', { action: 'dispatch', departmentId: w.deptUrban }], ['handler', { action: 'accept' }], ['handler', { action: 'complete', note: '已清运' }]],
      verified: [['supervisor', { action: 'file' }], ['dispatcher', { action: 'dispatch', departmentId: w.deptUrban }], ['handler', { action: 'accept' }], ['handler', { action: 'complete', note: '已清运' }], ['supervisor', { action: 'verify' }]],
      closed: [['supervisor', { action: 'file' }], ['dispatcher', { action: 'dispatch', departmentId: w.deptUrban }], ['handler', { action: 'accept' }], ['handler', { action: 'complete', note: '已清运' }], ['supervisor', { action: 'verify' }], ['supervisor', { action: 'close' }]],
      evaluated: [['supervisor', { action: 'file' }], ['dispatcher', { action: 'dispatch', departmentId: w.deptUrban }], ['handler', { action: 'accept' }], ['handler', { action: 'complete', note: '已清运' }], ['supervisor', { action: 'verify' }], ['supervisor', { action: 'close' }], ['inspector', { action: 'evaluate' }]],
      suspended: [['supervisor', { action: 'file' }], ['dispatcher', { action: 'request_suspension', reason: '待协调' }], ['leader', { action: 'approve_suspension' }]],
      voided: [['worker', { action: 'request_void', reason: '误报' }], ['leader', { action: 'approve_void' }]],
    };
    for (const [who, body] of path[state]) await step(who, id, body);
    return id;
  }

  async function versionOf(id: string) {
    const row = await t.storage.db.selectFrom('cases').select(['state', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    return `${row.state}@${row.version}`;
  }

  it('answers INVALID_TRANSITION naming state and action for every pair the state machine lacks', async () => {
    let checked = 0;
    for (const state of CASE_STATES) {
      const id = await caseIn(state);
      const before = await versionOf(id);
      for (const action of CASE_ACTIONS) {
        if (findTransition(state, action)) continue;
        // The supervisor sees every case of the district; admin-like breadth is not needed to be refused.
        const res = await act('supervisor', id, { action, reason: '测试', extendBy: '1wd', departmentId: w.deptUrban, note: '测试' });
        assert.equal(res.statusCode, 409, `${state} × ${action}: ${res.body}`);
        assert.equal(res.json().error.code, 'INVALID_TRANSITION');
        assert.equal(res.json().error.field, 'action');
        assert.deepEqual(res.json().error.details, { state, action });
        checked++;
      }
      assert.equal(await versionOf(id), before, `${state}: nothing changed`);
    }
    assert.equal(checked, CASE_STATES.length * CASE_ACTIONS.length - TRANSITIONS.length, 'every (state, action) pair outside the table');
    const unknown = await act('supervisor', await caseIn('reported'), { action: 'teleport' });
    assert.equal(unknown.statusCode, 400, 'an action that does not exist is bad input');
  });

  it('refuses every allowed action to each person whose role may not take it, and changes nothing', async () => {
    let refused = 0;
    // States with a pending request are included so approvals and denials are tried too.
    const setups: { label: string; state: CaseState; pending?: [string, Record<string, unknown>] }[] = [
      ...CASE_STATES.filter((s) => !['rejected', 'evaluated', 'voided'].includes(s)).map((state) => ({ label: state, state })),
      { label: 'in_handling + extension request', state: 'in_handling', pending: ['handler', { action: 'request_extension', reason: '需协调', extendBy: '2wd' }] },
      { label: 'in_handling + return request', state: 'in_handling', pending: ['handler', { action: 'request_return', reason: '非本部门职责' }] },
      { label: 'filed + suspension request', state: 'filed', pending: ['dispatcher', { action: 'request_suspension', reason: '待协调' }] },
      { label: 'reported + void request', state: 'reported', pending: ['worker', { action: 'request_void', reason: '误报' }] },
    ];
    for (const setup of setups) {
      const id = await caseIn(setup.state);
      if (setup.pending) await step(setup.pending[0], id, setup.pending[1]);
      const before = await versionOf(id);
      for (const action of CASE_ACTIONS) {
        const transition = findTransition(setup.state, action);
        if (!transition) continue;
        for (const person of people) {
          if ((transition.roles as readonly string[]).includes(person.role)) continue;
          const res = await act(person.name, id, { action, reason: '测试', extendBy: '1wd', departmentId: w.deptUrban, note: '测试' });
          const visible = (await read(person.name, id)).statusCode === 200;
          const pendingKind = setup.pending ? String(setup.pending[1]['action']).replace('request_', '') : null;
          if ((transition.decides && transition.decides !== pendingKind) || (transition.needsApproval && pendingKind)) {
            // No matching request pending, or one already pending: the state machine refuses before the role is looked at.
            assert.ok([404, 409].includes(res.statusCode), `${setup.label} × ${action} by ${person.name}: ${res.body}`);
            continue;
          }
          if (visible) {
            assert.equal(res.statusCode, 403, `${setup.label} × ${action} by ${person.name} (${person.role}): ${res.body}`);
            assert.equal(res.json().error.code, 'FORBIDDEN');
          } else {
            assert.equal(res.statusCode, 404, `${setup.label} × ${action} by ${person.name}: a case they cannot see`);
          }
          refused++;
        }
      }
      assert.equal(await versionOf(id), before, `${setup.label}: nothing changed`);
    }
    assert.ok(refused > 150, `refused ${refused} attempts`);
  });
});
