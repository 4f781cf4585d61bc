/**
 * The one case state machine (案件闭环状态机), shared by the server (which re-checks every command) and
 * the offline field app (which applies the same rules before it syncs). Pure TypeScript: no Node or
 * browser APIs, no I/O. Who the actor is *for this case* (the assigned handler, the right territory) is
 * decided by the server's access check; this module decides only what the case's state and the actor's
 * roles allow.
 *
 * 信息采集(reported) → 立案(filed) | 不予立案(rejected)
 *   filed → 派遣(dispatched) → 处置中(in_handling) → 处置完成/反馈(handled) → 核查通过(verified) → 结案(closed) → 评价(evaluated)
 *   handled → 返工(rework) → in_handling            (counted in reworkCount)
 *   reported → 自行处置(self_resolve) → handled      (a grid worker fixes it on the spot; still verified)
 * Controlled actions (受控操作), each a request and an approval by another role, each with a reason and a
 * ledger entry: 延期 extension, 回退 return to the dispatcher, 缓办 suspension, 作废 void.
 */
import { parseLimit } from '../sla/workingTime.ts';
import type { Role } from '../access/roles.ts';

export const CASE_STATES = [
  'reported', // 上报 / 信息采集
  'filed', // 立案
  'rejected', // 不予立案 (terminal)
  'dispatched', // 已派遣
  'in_handling', // 处置中
  'handled', // 处置完成（已反馈）
  'verified', // 核查通过
  'closed', // 结案
  'evaluated', // 已评价 (terminal)
  'suspended', // 缓办
  'voided', // 作废 (terminal)
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_STATE_NAMES: Record<CaseState, { zh: string; en: string }> = {
  reported: { zh: '已上报', en: 'Reported' },
  filed: { zh: '已立案', en: 'Filed' },
  rejected: { zh: '不予立案', en: 'Rejected' },
  dispatched: { zh: '已派遣', en: 'Dispatched' },
  in_handling: { zh: '处置中', en: 'In handling' },
  handled: { zh: '处置完成', en: 'Handled' },
  verified: { zh: '核查通过', en: 'Verified' },
  closed: { zh: '已结案', en: 'Closed' },
  evaluated: { zh: '已评价', en: 'Evaluated' },
  suspended: { zh: '缓办', en: 'Suspended' },
  voided: { zh: '已作废', en: 'Voided' },
};

/** States that accept no action at all. */
export const TERMINAL_STATES: readonly CaseState[] = ['rejected', 'evaluated', 'voided'];

/** States in which a case is finished (办结): not open in lists, duplicate hints, the dispute ladder or the KPI. */
export const CLOSED_STATES: readonly CaseState[] = ['closed', 'evaluated', 'rejected', 'voided'];

/**
 * States of a case closed for good with a verdict (结案, then perhaps 已评价): what a spot check may reopen,
 * what counts as rectified, the population a spot check samples. Rejected and voided cases never had a fix.
 */
export const CLOSED_FOR_GOOD_STATES: readonly CaseState[] = ['closed', 'evaluated'];

/** States in which a case is still open (every state but the closed ones, in workflow order). */
export const OPEN_STATES: readonly CaseState[] = CASE_STATES.filter((s) => !CLOSED_STATES.includes(s));

export const CASE_ACTIONS = [
  'file', // 立案
  'reject', // 不予立案
  'dispatch', // 派遣
  'accept', // 受理/签收
  'complete', // 处置完成并反馈
  'self_resolve', // 自行处置
  'verify', // 核查通过
  'rework', // 返工
  'close', // 结案
  'evaluate', // 评价
  'request_extension', // 申请延期
  'approve_extension', // 批准延期
  'deny_extension', // 驳回延期
  'request_return', // 申请回退
  'approve_return', // 批准回退
  'deny_return', // 驳回回退
  'request_suspension', // 申请缓办
  'approve_suspension', // 批准缓办
  'deny_suspension', // 驳回缓办
  'resume', // 恢复办理
  'request_void', // 申请作废
  'approve_void', // 批准作废
  'deny_void', // 驳回作废
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export const CASE_ACTION_NAMES: Record<CaseAction, { zh: string; en: string }> = {
  file: { zh: '立案', en: 'File' },
  reject: { zh: '不予立案', en: 'Reject' },
  dispatch: { zh: '派遣', en: 'Dispatch' },
  accept: { zh: '受理', en: 'Accept' },
  complete: { zh: '处置反馈', en: 'Report handled' },
  self_resolve: { zh: '自行处置', en: 'Resolve on the spot' },
  verify: { zh: '核查通过', en: 'Verify' },
  rework: { zh: '返工', en: 'Send back for rework' },
  close: { zh: '结案', en: 'Close' },
  evaluate: { zh: '评价', en: 'Evaluate' },
  request_extension: { zh: '申请延期', en: 'Request extension' },
  approve_extension: { zh: '批准延期', en: 'Approve extension' },
  deny_extension: { zh: '驳回延期', en: 'Deny extension' },
  request_return: { zh: '申请回退', en: 'Request return' },
  approve_return: { zh: '批准回退', en: 'Approve return' },
  deny_return: { zh: '驳回回退', en: 'Deny return' },
  request_suspension: { zh: '申请缓办', en: 'Request suspension' },
  approve_suspension: { zh: '批准缓办', en: 'Approve suspension' },
  deny_suspension: { zh: '驳回缓办', en: 'Deny suspension' },
  resume: { zh: '恢复办理', en: 'Resume' },
  request_void: { zh: '申请作废', en: 'Request void' },
  approve_void: { zh: '批准作废', en: 'Approve void' },
  deny_void: { zh: '驳回作废', en: 'Deny void' },
};

/** The four controlled actions that need an approval (受控操作). */
export type ControlledKind = 'extension' | 'return' | 'suspension' | 'void';

/** A request waiting for approval. At most one per case. */
export interface PendingRequest {
  kind: ControlledKind;
  reason: string;
  /** State the case was in when the request was made. */
  requestedInState: CaseState;
  /** For an extension: how much more time, as an SLA limit ("2wd", "8wh", "24h"). */
  extendBy?: string;
}

/** What the state machine needs to know about a case. */
export interface CaseSnapshot {
  state: CaseState;
  /** 返工次数: times verification sent the case back. */
  reworkCount: number;
  pendingRequest: PendingRequest | null;
  /** Where a suspended case resumes (the state it was suspended from); null unless suspended. */
  resumeTo: CaseState | null;
  /** 自行处置: resolved on the spot by the reporting grid worker. */
  selfResolved: boolean;
  /** Person id who self-resolved, so verification can require someone else. */
  selfResolvedBy: string | null;
}

/** A freshly reported case. */
export function newCaseSnapshot(): CaseSnapshot {
  return { state: 'reported', reworkCount: 0, pendingRequest: null, resumeTo: null, selfResolved: false, selfResolvedBy: null };
}

/** Where a transition goes: a state, 'unchanged' (requests, denials) or 'previous' (resume). */
export type TransitionTarget = CaseState | 'unchanged' | 'previous';

export interface Transition {
  from: CaseState;
  action: CaseAction;
  to: TransitionTarget;
  roles: readonly Role[];
  /** The actor must give a reason (理由). */
  needsReason: boolean;
  /** This action opens a request that another role must approve before it takes effect. */
  needsApproval: boolean;
  /** This action decides a pending request of this kind (approve_* / deny_*). */
  decides?: ControlledKind;
}

// Role groups. admin is included everywhere because roles.ts gives the administrator every action;
// territory and assignment checks (is this *your* case?) are the server's job, not this table's.
const SUPERVISION: readonly Role[] = ['supervisor', 'duty_officer', 'admin']; // 监督/值班: file, close
const DISPATCH: readonly Role[] = ['dispatcher', 'admin'];
const HANDLING: readonly Role[] = ['handler', 'admin'];
// Rework of a self-resolved case returns it to the grid worker who fixed it, so grid roles may report it handled.
const COMPLETING: readonly Role[] = ['handler', 'grid_worker', 'grid_leader', 'admin'];
const FIELD: readonly Role[] = ['grid_worker', 'grid_leader', 'admin'];
const VERIFYING: readonly Role[] = ['supervisor', 'grid_worker', 'grid_leader', 'admin']; // 核查 on site
const EVALUATING: readonly Role[] = ['supervisor', 'duty_officer', 'inspector', 'leader', 'admin'];
const EXTENSION_APPROVERS: readonly Role[] = ['dispatcher', 'leader', 'admin'];
const RETURN_APPROVERS: readonly Role[] = ['dispatcher', 'admin'];
const SUSPENSION_REQUESTERS: readonly Role[] = ['handler', 'dispatcher', 'admin'];
const LEADERSHIP: readonly Role[] = ['leader', 'admin'];
const VOID_REQUESTERS: readonly Role[] = ['grid_worker', 'grid_leader', 'dispatcher', 'supervisor', 'duty_officer', 'admin'];

const HANDLER_STAGES: readonly CaseState[] = ['dispatched', 'in_handling'];
const SUSPENDABLE: readonly CaseState[] = ['filed', 'dispatched', 'in_handling'];
const VOIDABLE: readonly CaseState[] = ['reported', 'filed', 'dispatched', 'in_handling', 'handled', 'verified', 'suspended'];

function rows(
  from: readonly CaseState[],
  action: CaseAction,
  to: TransitionTarget,
  roles: readonly Role[],
  flags: { needsReason?: boolean; needsApproval?: boolean; decides?: ControlledKind } = {},
): Transition[] {
  return from.map((state) => ({
    from: state,
    action,
    to,
    roles,
    needsReason: flags.needsReason ?? false,
    needsApproval: flags.needsApproval ?? false,
    ...(flags.decides ? { decides: flags.decides } : {}),
  }));
}

/** Every allowed (state, action) pair. Anything not listed is INVALID_TRANSITION. */
export const TRANSITIONS: readonly Transition[] = Object.freeze([
  ...rows(['reported'], 'file', 'filed', SUPERVISION),
  ...rows(['reported'], 'reject', 'rejected', SUPERVISION, { needsReason: true }),
  ...rows(['reported'], 'self_resolve', 'handled', FIELD),
  ...rows(['filed'], 'dispatch', 'dispatched', DISPATCH),
  ...rows(['dispatched'], 'accept', 'in_handling', HANDLING),
  ...rows(['in_handling'], 'complete', 'handled', COMPLETING),
  ...rows(['handled'], 'verify', 'verified', VERIFYING),
  ...rows(['handled'], 'rework', 'in_handling', VERIFYING, { needsReason: true }),
  ...rows(['verified'], 'close', 'closed', SUPERVISION),
  ...rows(['closed'], 'evaluate', 'evaluated', EVALUATING),

  ...rows(HANDLER_STAGES, 'request_extension', 'unchanged', HANDLING, { needsReason: true, needsApproval: true }),
  ...rows(HANDLER_STAGES, 'approve_extension', 'unchanged', EXTENSION_APPROVERS, { decides: 'extension' }),
  ...rows(HANDLER_STAGES, 'deny_extension', 'unchanged', EXTENSION_APPROVERS, { needsReason: true, decides: 'extension' }),

  ...rows(HANDLER_STAGES, 'request_return', 'unchanged', HANDLING, { needsReason: true, needsApproval: true }),
  ...rows(HANDLER_STAGES, 'approve_return', 'filed', RETURN_APPROVERS, { decides: 'return' }),
  ...rows(HANDLER_STAGES, 'deny_return', 'unchanged', RETURN_APPROVERS, { needsReason: true, decides: 'return' }),

  ...rows(SUSPENDABLE, 'request_suspension', 'unchanged', SUSPENSION_REQUESTERS, { needsReason: true, needsApproval: true }),
  ...rows(SUSPENDABLE, 'approve_suspension', 'suspended', LEADERSHIP, { decides: 'suspension' }),
  ...rows(SUSPENDABLE, 'deny_suspension', 'unchanged', LEADERSHIP, { needsReason: true, decides: 'suspension' }),
  ...rows(['suspended'], 'resume', 'previous', [...SUSPENSION_REQUESTERS, 'leader']),

  ...rows(VOIDABLE, 'request_void', 'unchanged', VOID_REQUESTERS, { needsReason: true, needsApproval: true }),
  ...rows(VOIDABLE, 'approve_void', 'voided', LEADERSHIP, { decides: 'void' }),
  ...rows(VOIDABLE, 'deny_void', 'unchanged', LEADERSHIP, { needsReason: true, decides: 'void' }),
]);

const byKey = new Map<string, Transition>(TRANSITIONS.map((t) => [`${t.from}:${t.action}`, t]));

/** Actions whose form needs a reason (理由): the needsReason rows of the table. */
export const REASON_ACTIONS: ReadonlySet<CaseAction> = new Set(TRANSITIONS.filter((t) => t.needsReason).map((t) => t.action));

/** The table row for (state, action), or undefined when the pair is not allowed. */
export function findTransition(state: CaseState, action: CaseAction): Transition | undefined {
  return byKey.get(`${state}:${action}`);
}

const REQUEST_KIND: Partial<Record<CaseAction, ControlledKind>> = {
  request_extension: 'extension',
  request_return: 'return',
  request_suspension: 'suspension',
  request_void: 'void',
};

/** One line of the controlled-action ledger (延期/回退/缓办/作废台账). */
export interface LedgerEntry {
  kind: ControlledKind;
  step: 'request' | 'approve' | 'deny' | 'resume';
  action: CaseAction;
  /** The request's reason (for approvals, the reason being approved); the denial's reason for denials. */
  reason: string;
  /** Approver's or resumer's note, when given. */
  note: string | null;
  fromState: CaseState;
  toState: CaseState;
  extendBy?: string;
}

export interface ActionInput {
  /** 理由: required for reject, rework, every request and every denial. */
  reason?: string | null;
  /** For request_extension (required) and approve_extension (optional override): "2wd", "8wh"… */
  extendBy?: string | null;
}

export interface Actor {
  roles: readonly Role[];
  /** Person id; when given, a self-resolved case cannot be verified or reworked by the same person. */
  id?: string;
}

export type ApplyFailureCode = 'INVALID_TRANSITION' | 'FORBIDDEN' | 'REASON_REQUIRED' | 'VALIDATION_FAILED';

export type ApplyResult =
  | {
      ok: true;
      next: CaseSnapshot;
      /** Present for controlled actions (request/approve/deny/resume). */
      ledger?: LedgerEntry;
      /** Present when an extension was approved: add this limit to the current stage deadline. */
      extendDeadlineBy?: string;
      /** A pending request dropped because the case moved on without it (the server should ledger it). */
      supersededRequest?: PendingRequest;
    }
  | { ok: false; code: ApplyFailureCode; message: string; field?: string };

const REASON_MAX = 1000;

function invalid(state: string, action: string, why?: { zh: string; en: string }): Extract<ApplyResult, { ok: false }> {
  const zhState = CASE_STATE_NAMES[state as CaseState]?.zh ?? state;
  const zhAction = CASE_ACTION_NAMES[action as CaseAction]?.zh ?? action;
  return {
    ok: false,
    code: 'INVALID_TRANSITION',
    message:
      `案件处于「${zhState}」状态，不能执行「${zhAction}」${why ? `（${why.zh}）` : ''}: ` +
      `action "${action}" is not allowed in state "${state}"${why ? ` (${why.en})` : ''}`,
  };
}

/** Check (state, pending request, role) without the input: shared by applyAction and availableActions. */
function check(
  snapshot: CaseSnapshot,
  action: string,
  actor: Actor,
): { ok: true; transition: Transition } | Extract<ApplyResult, { ok: false }> {
  const transition = findTransition(snapshot.state, action as CaseAction);
  if (!transition) return invalid(snapshot.state, action);
  const pending = snapshot.pendingRequest;
  if (transition.needsApproval && pending) {
    return invalid(snapshot.state, action, {
      zh: `已有待审批的${CONTROLLED_NAMES[pending.kind]}申请`,
      en: `a ${pending.kind} request is already pending`,
    });
  }
  if (transition.decides && pending?.kind !== transition.decides) {
    return invalid(snapshot.state, action, {
      zh: `没有待审批的${CONTROLLED_NAMES[transition.decides]}申请`,
      en: `no ${transition.decides} request is pending`,
    });
  }
  if (!actor.roles.some((role) => transition.roles.includes(role))) {
    return {
      ok: false,
      code: 'FORBIDDEN',
      message: `无权执行「${CASE_ACTION_NAMES[transition.action].zh}」: none of the roles [${actor.roles.join(', ')}] may ${action}`,
    };
  }
  if (
    (action === 'verify' || action === 'rework') &&
    snapshot.selfResolved &&
    actor.id !== undefined &&
    actor.id === snapshot.selfResolvedBy
  ) {
    return {
      ok: false,
      code: 'FORBIDDEN',
      message: '自行处置的案件须由他人核查: a self-resolved case must be verified by someone else',
    };
  }
  return { ok: true, transition };
}

const CONTROLLED_NAMES: Record<ControlledKind, string> = { extension: '延期', return: '回退', suspension: '缓办', void: '作废' };

function cleanText(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed ? trimmed : null;
}

/**
 * Apply one action to a case. Pure: returns the next snapshot (and a ledger entry for controlled
 * actions) or a refusal with a stable code. Checks in order: transition exists for the state (and the
 * pending request fits) → role → reason → other input.
 */
export function applyAction(snapshot: CaseSnapshot, action: CaseAction | string, actor: Actor, input: ActionInput = {}): ApplyResult {
  if (TERMINAL_STATES.includes(snapshot.state)) {
    return invalid(snapshot.state, action, { zh: '案件已终结', en: 'the case is in a terminal state' });
  }
  const checked = check(snapshot, action, actor);
  if (!checked.ok) return checked;
  const { transition } = checked;

  const reason = cleanText(input.reason);
  if (typeof input.reason === 'string' && input.reason.length > REASON_MAX) {
    return { ok: false, code: 'VALIDATION_FAILED', field: 'reason', message: `reason: at most ${REASON_MAX} characters` };
  }
  if (transition.needsReason && !reason) {
    return {
      ok: false,
      code: 'REASON_REQUIRED',
      field: 'reason',
      message: `「${CASE_ACTION_NAMES[transition.action].zh}」须填写理由: reason is required to ${transition.action}`,
    };
  }

  let extendBy: string | undefined;
  if (action === 'request_extension' || (action === 'approve_extension' && cleanText(input.extendBy))) {
    const text = cleanText(input.extendBy);
    if (!text) {
      return { ok: false, code: 'VALIDATION_FAILED', field: 'extendBy', message: 'extendBy: 申请延期须说明延长时限, e.g. "2wd"' };
    }
    try {
      parseLimit(text, 'extendBy');
    } catch (err) {
      return { ok: false, code: 'VALIDATION_FAILED', field: 'extendBy', message: (err as Error).message };
    }
    extendBy = text;
  }

  const from = snapshot.state;
  const pending = snapshot.pendingRequest;
  let to: CaseState;
  if (transition.to === 'unchanged') to = from;
  // A suspended case always carries resumeTo; a hand-built one without it goes back to the dispatcher.
  else if (transition.to === 'previous') to = snapshot.resumeTo ?? 'filed';
  else to = transition.to;

  const next: CaseSnapshot = { ...snapshot, state: to };
  const result: Extract<ApplyResult, { ok: true }> = { ok: true, next };

  const requestKind = REQUEST_KIND[transition.action];
  if (requestKind) {
    next.pendingRequest = { kind: requestKind, reason: reason!, requestedInState: from, ...(extendBy ? { extendBy } : {}) };
    result.ledger = { kind: requestKind, step: 'request', action: transition.action, reason: reason!, note: null, fromState: from, toState: to, ...(extendBy ? { extendBy } : {}) };
  } else if (transition.decides && pending) {
    const approved = transition.action.startsWith('approve_');
    next.pendingRequest = null;
    const granted = approved && pending.kind === 'extension' ? (extendBy ?? pending.extendBy) : undefined;
    result.ledger = {
      kind: pending.kind,
      step: approved ? 'approve' : 'deny',
      action: transition.action,
      reason: approved ? pending.reason : reason!,
      note: approved ? reason : null,
      fromState: from,
      toState: to,
      ...(granted ? { extendBy: granted } : {}),
    };
    if (granted) result.extendDeadlineBy = granted;
    if (approved && pending.kind === 'suspension') next.resumeTo = from;
  } else if (transition.action === 'resume') {
    next.resumeTo = null;
    result.ledger = { kind: 'suspension', step: 'resume', action: 'resume', reason: reason ?? '恢复办理', note: reason, fromState: from, toState: to };
  } else if (pending && to !== from) {
    // The case moved on (e.g. the handler finished while an extension was pending): the request is moot.
    next.pendingRequest = null;
    result.supersededRequest = pending;
  }

  if (transition.action === 'rework') next.reworkCount = snapshot.reworkCount + 1;
  if (transition.action === 'self_resolve') {
    next.selfResolved = true;
    next.selfResolvedBy = actor.id ?? null;
  }
  return result;
}

/** Actions these roles may take on the case now (reason and input aside): what the UI should offer. */
export function availableActions(snapshot: CaseSnapshot, roles: readonly Role[], actorId?: string): CaseAction[] {
  if (TERMINAL_STATES.includes(snapshot.state)) return [];
  const actor: Actor = actorId === undefined ? { roles } : { roles, id: actorId };
  return CASE_ACTIONS.filter((action) => check(snapshot, action, actor).ok);
}
