import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, type Role } from '../access/roles.ts';
import {
  CASE_ACTIONS,
  CASE_STATES,
  CLOSED_STATES,
  OPEN_STATES,
  REASON_ACTIONS,
  TERMINAL_STATES,
  TRANSITIONS,
  applyAction,
  availableActions,
  findTransition,
  newCaseSnapshot,
  type ApplyResult,
  type CaseAction,
  type CaseSnapshot,
  type CaseState,
  type Transition,
} from './stateMachine.ts';

const admin = { roles: ['admin'] as Role[] };
const as = (...roles: Role[]) => ({ roles });

/** A snapshot in which `row` is applicable: right state, and the pending request it decides, if any. */
function snapshotFor(row: Transition): CaseSnapshot {
  return {
    ...newCaseSnapshot(),
    state: row.from,
    resumeTo: row.from === 'suspended' ? 'in_handling' : null,
    pendingRequest: row.decides
      ? { kind: row.decides, reason: '原因', requestedInState: row.from, ...(row.decides === 'extension' ? { extendBy: '2wd' } : {}) }
      : null,
  };
}

const fullInput = { reason: '现场核实情况', extendBy: '2wd' };

function expectOk(result: ApplyResult): Extract<ApplyResult, { ok: true }> {
  if (!result.ok) assert.fail(`expected ok, got ${result.code}: ${result.message}`);
  return result;
}

function expectFail(result: ApplyResult, code: string): Extract<ApplyResult, { ok: false }> {
  if (result.ok) assert.fail(`expected ${code}, got ok → ${result.next.state}`);
  assert.equal(result.code, code, result.message);
  return result;
}

describe('case state machine: happy path', () => {
  it('walks reported → filed → dispatched → in_handling → handled → verified → closed → evaluated with the right role at each step', () => {
    const steps: Array<[CaseAction, Role, CaseState]> = [
      ['file', 'supervisor', 'filed'],
      ['dispatch', 'dispatcher', 'dispatched'],
      ['accept', 'handler', 'in_handling'],
      ['complete', 'handler', 'handled'],
      ['verify', 'supervisor', 'verified'],
      ['close', 'duty_officer', 'closed'],
      ['evaluate', 'leader', 'evaluated'],
    ];
    let snap = newCaseSnapshot();
    assert.equal(snap.state, 'reported');
    for (const [action, role, expected] of steps) {
      const result = expectOk(applyAction(snap, action, as(role)));
      assert.equal(result.next.state, expected, `${action} by ${role}`);
      assert.equal(result.ledger, undefined, 'ordinary steps are not controlled actions');
      snap = result.next;
    }
    assert.equal(snap.reworkCount, 0);
    assert.deepEqual(availableActions(snap, ROLES), []);
  });

  it('does not mutate the snapshot it is given', () => {
    const snap = newCaseSnapshot();
    const copy = structuredClone(snap);
    expectOk(applyAction(snap, 'file', as('supervisor')));
    assert.deepEqual(snap, copy);
  });
});

describe('case state machine: the transition table', () => {
  it('has one row per (state, action) pair and only known states and roles', () => {
    const keys = TRANSITIONS.map((t) => `${t.from}:${t.action}`);
    assert.equal(new Set(keys).size, keys.length);
    for (const t of TRANSITIONS) {
      assert.ok(CASE_STATES.includes(t.from), t.from);
      assert.ok(t.roles.length > 0);
      for (const r of t.roles) assert.ok(ROLES.includes(r), r);
      assert.ok(!TERMINAL_STATES.includes(t.from), `terminal state ${t.from} has an outgoing row`);
    }
  });

  it('applies every row for a permitted role and lands in the row\'s target state', () => {
    for (const row of TRANSITIONS) {
      for (const role of row.roles) {
        const snap = snapshotFor(row);
        const result = expectOk(applyAction(snap, row.action, as(role), fullInput));
        const expected = row.to === 'unchanged' ? row.from : row.to === 'previous' ? 'in_handling' : row.to;
        assert.equal(result.next.state, expected, `${row.from} --${row.action}/${role}-->`);
      }
    }
  });

  it('refuses every (state, action) pair not in the table with INVALID_TRANSITION naming the state and the action', () => {
    let refused = 0;
    for (const state of CASE_STATES) {
      for (const action of CASE_ACTIONS) {
        if (findTransition(state, action)) continue;
        const snap: CaseSnapshot = { ...newCaseSnapshot(), state, resumeTo: state === 'suspended' ? 'filed' : null };
        const failure = expectFail(applyAction(snap, action, as(...ROLES), fullInput), 'INVALID_TRANSITION');
        assert.ok(failure.message.includes(`"${state}"`), failure.message);
        assert.ok(failure.message.includes(`"${action}"`), failure.message);
        refused++;
      }
    }
    assert.equal(refused, CASE_STATES.length * CASE_ACTIONS.length - TRANSITIONS.length);
    assert.ok(refused > 150, `only ${refused} pairs refused`);
  });

  it('refuses an unknown action name as INVALID_TRANSITION', () => {
    const failure = expectFail(applyAction(newCaseSnapshot(), 'teleport', admin), 'INVALID_TRANSITION');
    assert.match(failure.message, /"teleport"/);
  });

  it('refuses every row for every role not allowed on it with FORBIDDEN', () => {
    let refused = 0;
    for (const row of TRANSITIONS) {
      for (const role of ROLES.filter((r) => !row.roles.includes(r))) {
        const result = applyAction(snapshotFor(row), row.action, as(role), fullInput);
        expectFail(result, 'FORBIDDEN');
        refused++;
      }
    }
    assert.ok(refused > 100, `only ${refused} role refusals checked`);
  });

  it('requires a reason on every row marked needsReason (missing, empty and blank)', () => {
    const rows = TRANSITIONS.filter((t) => t.needsReason);
    assert.ok(rows.some((r) => r.action === 'reject') && rows.some((r) => r.action === 'rework'));
    for (const row of rows) {
      for (const reason of [undefined, '', '   ']) {
        const failure = expectFail(applyAction(snapshotFor(row), row.action, admin, { extendBy: '1wd', reason }), 'REASON_REQUIRED');
        assert.equal(failure.field, 'reason');
      }
    }
  });

  it('marks exactly the four request actions as needing approval', () => {
    const needing = new Set(TRANSITIONS.filter((t) => t.needsApproval).map((t) => t.action));
    assert.deepEqual([...needing].sort(), ['request_extension', 'request_return', 'request_suspension', 'request_void']);
  });
});

describe('case state machine: who may do what', () => {
  // The policy written out independently of the table, so a slip in a role group is caught.
  const POLICY: Record<CaseAction, Role[]> = {
    file: ['supervisor', 'duty_officer', 'admin'],
    reject: ['supervisor', 'duty_officer', 'admin'],
    self_resolve: ['grid_worker', 'grid_leader', 'admin'],
    dispatch: ['dispatcher', 'admin'],
    accept: ['handler', 'admin'],
    complete: ['grid_worker', 'grid_leader', 'handler', 'admin'],
    verify: ['grid_worker', 'grid_leader', 'supervisor', 'admin'],
    rework: ['grid_worker', 'grid_leader', 'supervisor', 'admin'],
    close: ['supervisor', 'duty_officer', 'admin'],
    evaluate: ['supervisor', 'duty_officer', 'inspector', 'leader', 'admin'],
    request_extension: ['handler', 'admin'],
    approve_extension: ['dispatcher', 'leader', 'admin'],
    deny_extension: ['dispatcher', 'leader', 'admin'],
    request_return: ['handler', 'admin'],
    approve_return: ['dispatcher', 'admin'],
    deny_return: ['dispatcher', 'admin'],
    request_suspension: ['dispatcher', 'handler', 'admin'],
    approve_suspension: ['leader', 'admin'],
    deny_suspension: ['leader', 'admin'],
    resume: ['dispatcher', 'handler', 'leader', 'admin'],
    request_void: ['grid_worker', 'grid_leader', 'dispatcher', 'supervisor', 'duty_officer', 'admin'],
    approve_void: ['leader', 'admin'],
    deny_void: ['leader', 'admin'],
  };

  for (const action of CASE_ACTIONS) {
    it(`${action}: exactly ${POLICY[action].join(', ')}`, () => {
      const rows = TRANSITIONS.filter((t) => t.action === action);
      assert.ok(rows.length > 0, `no row for ${action}`);
      for (const row of rows) {
        const allowed = ROLES.filter((role) => applyAction(snapshotFor(row), action, as(role), fullInput).ok);
        assert.deepEqual([...allowed].sort(), [...POLICY[action]].sort(), `${row.from} / ${action}`);
      }
    });
  }
});

describe('case state machine: terminal states', () => {
  for (const state of TERMINAL_STATES) {
    it(`${state} accepts no action from any role`, () => {
      const snap: CaseSnapshot = { ...newCaseSnapshot(), state };
      for (const action of CASE_ACTIONS) {
        const failure = expectFail(applyAction(snap, action, as(...ROLES), fullInput), 'INVALID_TRANSITION');
        assert.ok(failure.message.includes(state) && failure.message.includes(action));
      }
      assert.deepEqual(availableActions(snap, ROLES), []);
    });
  }
});

describe('case state machine: rework (返工)', () => {
  it('sends a handled case back to in_handling and counts each rework', () => {
    let snap: CaseSnapshot = { ...newCaseSnapshot(), state: 'handled' };
    for (let round = 1; round <= 3; round++) {
      const back = expectOk(applyAction(snap, 'rework', as('supervisor'), { reason: `第${round}次：垃圾未清运完毕` }));
      assert.equal(back.next.state, 'in_handling');
      assert.equal(back.next.reworkCount, round);
      snap = expectOk(applyAction(back.next, 'complete', as('handler'))).next;
      assert.equal(snap.reworkCount, round, 'completing does not reset the count');
    }
    const verified = expectOk(applyAction(snap, 'verify', as('grid_worker'))).next;
    assert.equal(verified.state, 'verified');
    assert.equal(verified.reworkCount, 3);
  });
});

describe('case state machine: self-resolved (自行处置)', () => {
  it('goes from reported straight to handled and still needs verification by someone else', () => {
    const done = expectOk(applyAction(newCaseSnapshot(), 'self_resolve', { roles: ['grid_worker'], id: 'u-1' }));
    assert.equal(done.next.state, 'handled');
    assert.equal(done.next.selfResolved, true);
    assert.equal(done.next.selfResolvedBy, 'u-1');
    expectFail(applyAction(done.next, 'close', as('supervisor')), 'INVALID_TRANSITION');
    expectFail(applyAction(done.next, 'verify', { roles: ['grid_worker'], id: 'u-1' }), 'FORBIDDEN');
    assert.ok(!availableActions(done.next, ['grid_worker'], 'u-1').includes('verify'));
    assert.ok(availableActions(done.next, ['grid_worker'], 'u-2').includes('verify'));
    const verified = expectOk(applyAction(done.next, 'verify', { roles: ['grid_leader'], id: 'u-2' }));
    assert.equal(verified.next.state, 'verified');
  });

  it('may be sent back for rework and reported handled again by the grid worker', () => {
    const done = expectOk(applyAction(newCaseSnapshot(), 'self_resolve', { roles: ['grid_worker'], id: 'u-1' })).next;
    const back = expectOk(applyAction(done, 'rework', { roles: ['supervisor'], id: 'u-9' }, { reason: '照片不清' })).next;
    assert.equal(back.reworkCount, 1);
    assert.equal(expectOk(applyAction(back, 'complete', { roles: ['grid_worker'], id: 'u-1' })).next.state, 'handled');
  });

  it('is not available to handlers or dispatchers', () => {
    expectFail(applyAction(newCaseSnapshot(), 'self_resolve', as('handler')), 'FORBIDDEN');
    expectFail(applyAction(newCaseSnapshot(), 'self_resolve', as('dispatcher')), 'FORBIDDEN');
  });
});

describe('case state machine: controlled actions with approval', () => {
  const inHandling: CaseSnapshot = { ...newCaseSnapshot(), state: 'in_handling' };

  it('extension (延期): request with reason and extendBy → pending; approve → deadline extended, ledger entries', () => {
    const requested = expectOk(applyAction(inHandling, 'request_extension', as('handler'), { reason: '需协调供电部门', extendBy: '2wd' }));
    assert.equal(requested.next.state, 'in_handling');
    assert.deepEqual(requested.next.pendingRequest, { kind: 'extension', reason: '需协调供电部门', requestedInState: 'in_handling', extendBy: '2wd' });
    assert.deepEqual(requested.ledger, {
      kind: 'extension', step: 'request', action: 'request_extension', reason: '需协调供电部门', note: null,
      fromState: 'in_handling', toState: 'in_handling', extendBy: '2wd',
    });
    assert.equal(requested.extendDeadlineBy, undefined, 'a request alone extends nothing');

    // one pending request at a time
    const second = expectFail(applyAction(requested.next, 'request_void', as('dispatcher'), { reason: '重复' }), 'INVALID_TRANSITION');
    assert.match(second.message, /already pending/);
    // the requester cannot approve their own extension
    expectFail(applyAction(requested.next, 'approve_extension', as('handler')), 'FORBIDDEN');

    const approved = expectOk(applyAction(requested.next, 'approve_extension', as('dispatcher'), { reason: '同意' }));
    assert.equal(approved.next.pendingRequest, null);
    assert.equal(approved.next.state, 'in_handling');
    assert.equal(approved.extendDeadlineBy, '2wd');
    assert.equal(approved.ledger?.step, 'approve');
    assert.equal(approved.ledger?.reason, '需协调供电部门');
    assert.equal(approved.ledger?.note, '同意');
    // nothing left to approve
    const again = expectFail(applyAction(approved.next, 'approve_extension', as('dispatcher')), 'INVALID_TRANSITION');
    assert.match(again.message, /no extension request is pending/);
  });

  it('extension: the approver may grant a different extension; extendBy is validated and named', () => {
    const pending = expectOk(applyAction(inHandling, 'request_extension', as('handler'), { reason: 'r', extendBy: '3wd' })).next;
    assert.equal(expectOk(applyAction(pending, 'approve_extension', as('leader'), { extendBy: '1wd' })).extendDeadlineBy, '1wd');
    for (const extendBy of [undefined, '', 'soon', '0wd', '-1wh']) {
      const failure = expectFail(applyAction(inHandling, 'request_extension', as('handler'), { reason: 'r', extendBy }), 'VALIDATION_FAILED');
      assert.equal(failure.field, 'extendBy');
    }
  });

  it('extension: deny needs a reason and leaves the deadline alone', () => {
    const pending = expectOk(applyAction(inHandling, 'request_extension', as('handler'), { reason: 'r', extendBy: '3wd' })).next;
    expectFail(applyAction(pending, 'deny_extension', as('dispatcher')), 'REASON_REQUIRED');
    const denied = expectOk(applyAction(pending, 'deny_extension', as('dispatcher'), { reason: '时限充足' }));
    assert.equal(denied.next.pendingRequest, null);
    assert.equal(denied.extendDeadlineBy, undefined);
    assert.deepEqual([denied.ledger?.step, denied.ledger?.reason], ['deny', '时限充足']);
  });

  it('return (回退): a handler returns a mis-dispatched case; on approval it is back with the dispatcher as filed', () => {
    for (const state of ['dispatched', 'in_handling'] as const) {
      const snap: CaseSnapshot = { ...newCaseSnapshot(), state };
      const pending = expectOk(applyAction(snap, 'request_return', as('handler'), { reason: '不属本部门职责' })).next;
      assert.equal(pending.state, state);
      const back = expectOk(applyAction(pending, 'approve_return', as('dispatcher')));
      assert.equal(back.next.state, 'filed');
      assert.equal(back.next.pendingRequest, null);
      assert.deepEqual([back.ledger?.kind, back.ledger?.fromState, back.ledger?.toState], ['return', state, 'filed']);
      assert.equal(expectOk(applyAction(back.next, 'dispatch', as('dispatcher'))).next.state, 'dispatched');
    }
  });

  it('suspension (缓办): resumes to the state it was suspended from', () => {
    for (const state of ['filed', 'dispatched', 'in_handling'] as const) {
      const snap: CaseSnapshot = { ...newCaseSnapshot(), state, reworkCount: 2 };
      const pending = expectOk(applyAction(snap, 'request_suspension', as('dispatcher'), { reason: '等待法院判决' })).next;
      expectFail(applyAction(pending, 'approve_suspension', as('dispatcher')), 'FORBIDDEN');
      const suspended = expectOk(applyAction(pending, 'approve_suspension', as('leader')));
      assert.equal(suspended.next.state, 'suspended');
      assert.equal(suspended.next.resumeTo, state);
      // nothing moves a suspended case except resume or void
      expectFail(applyAction(suspended.next, 'dispatch', admin), 'INVALID_TRANSITION');
      expectFail(applyAction(suspended.next, 'complete', admin), 'INVALID_TRANSITION');
      const resumed = expectOk(applyAction(suspended.next, 'resume', as('handler')));
      assert.equal(resumed.next.state, state);
      assert.equal(resumed.next.resumeTo, null);
      assert.equal(resumed.next.reworkCount, 2);
      assert.deepEqual([resumed.ledger?.kind, resumed.ledger?.step, resumed.ledger?.toState], ['suspension', 'resume', state]);
    }
  });

  it('void (作废): request + approval by a leader → voided, terminal', () => {
    const snap: CaseSnapshot = { ...newCaseSnapshot(), state: 'dispatched' };
    const pending = expectOk(applyAction(snap, 'request_void', as('supervisor'), { reason: '重复上报' })).next;
    expectFail(applyAction(pending, 'approve_void', as('dispatcher')), 'FORBIDDEN');
    const voided = expectOk(applyAction(pending, 'approve_void', as('leader')));
    assert.equal(voided.next.state, 'voided');
    assert.deepEqual([voided.ledger?.kind, voided.ledger?.step, voided.ledger?.reason], ['void', 'approve', '重复上报']);
    expectFail(applyAction(voided.next, 'resume', admin), 'INVALID_TRANSITION');
  });

  it('a case that moves on drops its pending request and reports it as superseded', () => {
    const pending = expectOk(applyAction(inHandling, 'request_extension', as('handler'), { reason: 'r', extendBy: '1wd' })).next;
    const done = expectOk(applyAction(pending, 'complete', as('handler')));
    assert.equal(done.next.state, 'handled');
    assert.equal(done.next.pendingRequest, null);
    assert.equal(done.supersededRequest?.kind, 'extension');
  });
});

describe('case state machine: availableActions', () => {
  it('offers each role exactly the actions applyAction would accept', () => {
    const snapshots: CaseSnapshot[] = [
      ...CASE_STATES.map((state) => ({ ...newCaseSnapshot(), state, resumeTo: state === 'suspended' ? ('dispatched' as const) : null })),
      { ...newCaseSnapshot(), state: 'in_handling', pendingRequest: { kind: 'extension', reason: 'r', requestedInState: 'in_handling', extendBy: '1wd' } },
    ];
    for (const snap of snapshots) {
      for (const role of ROLES) {
        const offered = availableActions(snap, [role]);
        const accepted = CASE_ACTIONS.filter((a) => applyAction(snap, a, as(role), fullInput).ok);
        assert.deepEqual(offered, accepted, `${snap.state} / ${role}`);
      }
    }
  });

  it('gives a handler in a dispatched case accept and the handler requests, nothing else', () => {
    const snap: CaseSnapshot = { ...newCaseSnapshot(), state: 'dispatched' };
    assert.deepEqual(availableActions(snap, ['handler']), ['accept', 'request_extension', 'request_return', 'request_suspension']);
    assert.deepEqual(availableActions(snap, ['inspector']), []);
  });
});

describe('case state machine: the sets the web client imports', () => {
  it('splits every state into open or closed, once, with the terminal states closed', () => {
    assert.deepEqual([...OPEN_STATES, ...CLOSED_STATES].sort(), [...CASE_STATES].sort());
    assert.deepEqual(OPEN_STATES, ['reported', 'filed', 'dispatched', 'in_handling', 'handled', 'verified', 'suspended']);
    for (const s of TERMINAL_STATES) assert.ok(CLOSED_STATES.includes(s), s);
  });

  it('lists as needing a reason exactly the actions whose rows need one (the rejections, denials, rework and requests)', () => {
    assert.deepEqual(
      [...REASON_ACTIONS].sort(),
      ['deny_extension', 'deny_return', 'deny_suspension', 'deny_void', 'reject', 'request_extension', 'request_return', 'request_suspension', 'request_void', 'rework'],
    );
  });
});
