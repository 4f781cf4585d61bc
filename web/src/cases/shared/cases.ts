import { api } from '../../lib/api.ts';
import { CASE_STATES, OPEN_STATES, REASON_ACTIONS as NEEDS_REASON, type CaseState } from '../../../../shared/cases/stateMachine.ts';
import type { ActionBody, CaseFields, CaseResponse } from '../../../../shared/cases/wire.ts';

/**
 * Case rules and calls the console, handler and field faces share. The states, the open set and the
 * needs-reason rows come from the one state machine (shared/cases/stateMachine.ts), the wire shapes
 * from shared/cases/wire.ts: nothing here restates them.
 */
export { OPEN_STATES };

/** Actions whose form needs a reason (理由): the state machine's needsReason rows. */
export const REASON_ACTIONS: ReadonlySet<string> = NEEDS_REASON;

/** Every state in the order the console's filter lists them: the workflow, then the two dead ends. */
export const CASE_STATE_LIST: readonly CaseState[] = [...CASE_STATES.filter((s) => s !== 'rejected' && s !== 'voided'), 'rejected', 'voided'];

/** Actions that report work done on site: a note and photos go with them. */
export const EVIDENCE_ACTIONS: ReadonlySet<string> = new Set(['complete', 'self_resolve']);

/** Apply a workflow action (POST /api/cases/:id/actions) with the version the person saw; the server checks the action name. */
export function applyAction(caseId: string, body: Omit<ActionBody, 'action'> & { action: string }) {
  return api<CaseResponse>(`/api/cases/${caseId}/actions`, { method: 'POST', body });
}

/** Is the stage deadline behind us (for an open case)? */
export function isOverdue(c: Pick<CaseFields, 'stageDueAt' | 'state'>, now = Date.now()): boolean {
  return !!c.stageDueAt && OPEN_STATES.includes(c.state) && Date.parse(c.stageDueAt) < now;
}
