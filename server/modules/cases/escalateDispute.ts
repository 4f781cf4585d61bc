import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { CaseRow } from '../../storage/schema.ts';
import type { Role } from '../../../shared/access/roles.ts';
import { CLOSED_STATES, parseJson } from './case.ts';
import { rolesOnCase } from './caseAccess.ts';
import { findCaseById, insertEvents, insertLedger, updateCaseIfVersion } from './cases.repository.ts';

/** 矛盾不上交: the ladder a dispute climbs, one rung at a time. */
export const DISPUTE_LEVELS = ['grid', 'community', 'street', 'county'] as const;
export type DisputeLevel = (typeof DISPUTE_LEVELS)[number];
const LEVEL_ZH: Record<DisputeLevel, string> = { grid: '网格', community: '社区', street: '街道', county: '区县' };
/** Code length of the node that leads each level: the approver's scope must be at this node or above. */
const LEVEL_CODE_LENGTH: Record<DisputeLevel, number> = { grid: 15, community: 12, street: 9, county: 6 };
/** Who approves moving a dispute up from a level (the current level's leader). */
const LEVEL_APPROVERS: Record<DisputeLevel, readonly Role[]> = {
  grid: ['grid_leader', 'leader', 'admin'],
  community: ['leader', 'admin'],
  street: ['leader', 'admin'],
  county: [],
};

interface EscalationRequest {
  from: DisputeLevel;
  to: DisputeLevel;
  reason: string;
  requestedBy: string;
  requestedByName: string;
  at: string;
}

function loadDispute(row: CaseRow | undefined): { row: CaseRow; level: DisputeLevel; details: Record<string, unknown> } {
  if (!row) throw notFound('case');
  if (row.kind !== 'dispute') throw new AppError('INVALID_TRANSITION', `只有矛盾纠纷可逐级上交 / only disputes climb the ladder (this case is ${row.kind})`, 'action', { state: row.state, action: 'escalate_dispute' });
  if (CLOSED_STATES.includes(row.state)) throw new AppError('INVALID_TRANSITION', `案件已办结 / the dispute is ${row.state}`, 'action', { state: row.state, action: 'escalate_dispute' });
  return { row, level: (row.dispute_level as DisputeLevel) ?? 'grid', details: parseJson<Record<string, unknown>>(row.details_json) ?? {} };
}

async function record(trx: Trx, actor: Actor, now: Date, row: CaseRow, step: string, reason: string, from: DisputeLevel, to: DisputeLevel, changes: Partial<CaseRow>) {
  if (!(await updateCaseIfVersion(trx, row.id, row.version, { ...changes, updated_at: now.toISOString() }))) {
    throw new AppError('STALE_TRANSITION', '案件已被他人更新，请刷新 / the case changed; reload it', 'expectedVersion');
  }
  const at = now.toISOString();
  await insertLedger(trx, { id: uuidv7(), case_id: row.id, at, actor_id: actor.id, actor_name: actor.displayName, kind: 'dispute_escalation', step, action: `dispute_escalation_${step}`, reason, note: `${LEVEL_ZH[from]} → ${LEVEL_ZH[to]}`, extend_by: null, from_state: row.state, to_state: row.state });
  await insertEvents(trx, [{ id: uuidv7(), case_id: row.id, at, actor_id: actor.id, actor_name: actor.displayName, action: `dispute_escalation_${step}`, from_state: row.state, to_state: row.state, note: reason, lat: null, lng: null, photos_json: null, data_json: JSON.stringify({ from, to }) }]);
  await appendAudit(trx, actor, { action: `case.dispute_escalation_${step}`, recordType: 'case', recordId: row.id, before: { level: from }, after: { level: step === 'approve' ? to : from, reason } });
}

/** Does the actor lead this level for this case: a role of that level held on a node at that level or above? */
export function leadsDisputeLevel(actor: Actor, row: CaseRow, level: DisputeLevel): boolean {
  const approverRoles = LEVEL_APPROVERS[level];
  const rolesHere = rolesOnCase(actor, row);
  return actor.assignments.some(
    (a) => approverRoles.includes(a.role) && rolesHere.includes(a.role) && (a.role === 'admin' || (a.scopeCode.length <= LEVEL_CODE_LENGTH[level] && row.grid_code.startsWith(a.scopeCode))),
  );
}

/**
 * Dispute-ladder and merge steps this person may take now, for the UI (the routes re-check everything):
 * `merge` (只能由可「不予立案」的角色), `escalate_dispute` (ask to move one level up),
 * `decide_dispute_escalation` (the current level's leader, when a request is pending).
 */
export function caseOpsFor(actor: Actor, row: CaseRow, actions: readonly string[]): string[] {
  const ops: string[] = [];
  if (actions.includes('reject')) ops.push('merge');
  if (row.kind === 'dispute' && !CLOSED_STATES.includes(row.state) && rolesOnCase(actor, row).length > 0) {
    const level = (row.dispute_level as DisputeLevel | null) ?? 'grid';
    const pending = Boolean(parseJson<Record<string, unknown>>(row.details_json)?.['escalationRequest']);
    if (!pending && level !== 'county') ops.push('escalate_dispute');
    if (pending && leadsDisputeLevel(actor, row, level)) ops.push('decide_dispute_escalation');
  }
  return ops;
}

/** Ask to move a dispute one level up; a reason is required and nothing changes until the level leader approves. */
export async function requestDisputeEscalation(trx: Trx, o: { actor: Actor; now: Date; caseId: string; reason: string }) {
  const { row, level, details } = loadDispute(await findCaseById(trx, o.caseId));
  const reason = o.reason.trim();
  if (!reason) throw new AppError('VALIDATION_FAILED', 'reason: 上交须说明理由 / a reason is required', 'reason');
  const index = DISPUTE_LEVELS.indexOf(level);
  if (index === DISPUTE_LEVELS.length - 1) throw new AppError('INVALID_TRANSITION', '已在区县级，无法继续上交 / already at county level', 'action', { state: row.state, action: 'escalate_dispute' });
  if (details['escalationRequest']) throw new AppError('INVALID_TRANSITION', '已有待审批的上交申请 / an escalation request is already pending', 'action', { state: row.state, action: 'escalate_dispute' });
  const request: EscalationRequest = { from: level, to: DISPUTE_LEVELS[index + 1]!, reason, requestedBy: o.actor.id ?? '', requestedByName: o.actor.displayName, at: o.now.toISOString() };
  await record(trx, o.actor, o.now, row, 'request', reason, request.from, request.to, { details_json: JSON.stringify({ ...details, escalationRequest: request }) });
  return (await findCaseById(trx, row.id))!;
}

/** The current level's leader approves (the level moves up) or denies (with a reason) a pending escalation. */
export async function decideDisputeEscalation(trx: Trx, o: { actor: Actor; now: Date; caseId: string; approve: boolean; reason?: string | null }) {
  const { row, level, details } = loadDispute(await findCaseById(trx, o.caseId));
  const request = details['escalationRequest'] as EscalationRequest | undefined;
  if (!request) throw new AppError('INVALID_TRANSITION', '没有待审批的上交申请 / no escalation request is pending', 'action', { state: row.state, action: o.approve ? 'approve_escalation' : 'deny_escalation' });
  if (!leadsDisputeLevel(o.actor, row, level)) throw new AppError('FORBIDDEN', `须由${LEVEL_ZH[level]}级负责人审批 / only the ${level}-level leader may decide this escalation`, 'action');
  const reason = (o.reason ?? '').trim();
  if (!o.approve && !reason) throw new AppError('VALIDATION_FAILED', 'reason: 驳回须说明理由 / a reason is required to deny', 'reason');
  const { escalationRequest: _done, ...rest } = details;
  const history = Array.isArray(rest['ladder']) ? (rest['ladder'] as unknown[]) : [];
  if (o.approve) {
    const ladder = [...history, { from: request.from, to: request.to, reason: request.reason, approvedBy: o.actor.displayName, at: o.now.toISOString() }];
    await record(trx, o.actor, o.now, row, 'approve', request.reason, request.from, request.to, { dispute_level: request.to, details_json: JSON.stringify({ ...rest, level: request.to, ladder }) });
  } else {
    await record(trx, o.actor, o.now, row, 'deny', reason, request.from, request.to, { details_json: JSON.stringify(rest) });
  }
  return (await findCaseById(trx, row.id))!;
}
