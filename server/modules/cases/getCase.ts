import { allowedIds } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { notFound } from '../../errors.ts';
import type { Executor, Trx } from '../../storage/db.ts';
import type { CaseRow } from '../../storage/schema.ts';
import { availableActions } from '../../../shared/cases/stateMachine.ts';
import { rolesOnCase } from './caseAccess.ts';
import { hasPersonalData, presentCase, presentEvent, presentLedger, snapshotOf } from './case.ts';
import { findCaseById, findEvents, findLedger } from './cases.repository.ts';
import { presentHazard, presentReinspection } from './hazard.ts';
import { findHazard, findMediationSessions, findReinspections } from './hazards.repository.ts';
import { presentMediationSession, sessionsHavePersonalData } from './mediation.ts';
import { caseOpsFor } from './escalateDispute.ts';
import { isPublishable } from './publication.ts';

/** May the actor see this case's personal data unmasked (people.readPersonal over it: the central check)? */
export async function readsPersonalOf(db: Executor, actor: Actor, caseId: string): Promise<boolean> {
  return (await allowedIds(db, { actor, action: 'people.readPersonal', resource: 'case', ids: [caseId] })).has(caseId);
}

/** Actions the caller may take on this case now (for the UI), from the shared state machine. */
export function actionsFor(actor: Actor, row: CaseRow): string[] {
  const roles = rolesOnCase(actor, row);
  return availableActions(snapshotOf(row), roles, actor.id ?? undefined);
}

/**
 * Present a case for this caller: personal data unmasked only with people.readPersonal on the case's
 * territory, and every unmasked read is written to the audit log (same transaction).
 */
export async function presentCaseFor(trx: Trx, actor: Actor, row: CaseRow) {
  const unmasked = await readsPersonalOf(trx, actor, row.id);
  if (unmasked && hasPersonalData(row)) {
    await appendAudit(trx, actor, { action: 'case.readPersonal', recordType: 'case', recordId: row.id });
  }
  const actions = actionsFor(actor, row);
  // 公开 is offered only on a resident report the caller may publish (the route re-checks both).
  const publish =
    isPublishable(row) && (await allowedIds(trx, { actor, action: 'case.publish', resource: 'case', ids: [row.id] })).has(row.id) ? ['publish'] : [];
  return { ...presentCase(row, unmasked), actions, caseOps: [...caseOpsFor(actor, row, actions), ...publish] };
}

/**
 * One case with its timeline, ledger and the caller's actions. The responsibility chain (责任链) is
 * GET /api/cases/:id/responsibility (server/modules/supervision/responsibilityChain.ts), computed once there.
 */
export async function getCase(trx: Trx, o: { actor: Actor; caseId: string; now: Date }) {
  const row = await findCaseById(trx, o.caseId);
  if (!row) throw notFound('case');
  const [events, ledger] = await Promise.all([findEvents(trx, row.id), findLedger(trx, row.id)]);
  const kindSpecific: Record<string, unknown> = {};
  if (row.kind === 'hazard') {
    const hazard = await findHazard(trx, row.id);
    kindSpecific['hazard'] = hazard ? presentHazard(hazard, o.now) : null;
    kindSpecific['reinspections'] = (await findReinspections(trx, row.id)).map(presentReinspection);
  }
  const unmasked = await readsPersonalOf(trx, o.actor, row.id);
  if (row.kind === 'dispute') {
    const sessions = await findMediationSessions(trx, row.id);
    // presentCaseFor audits an unmasked read of the case's own personal data; sessions may hold the only phones.
    if (unmasked && !hasPersonalData(row) && sessionsHavePersonalData(sessions)) {
      await appendAudit(trx, o.actor, { action: 'case.readPersonal', recordType: 'case', recordId: row.id });
    }
    kindSpecific['mediationSessions'] = sessions.map((s) => presentMediationSession(s, unmasked));
  }
  return {
    case: await presentCaseFor(trx, o.actor, row),
    timeline: events.map((e) => presentEvent(e, unmasked)),
    ledger: ledger.map((l) => presentLedger(l, unmasked)),
    ...kindSpecific,
  };
}
