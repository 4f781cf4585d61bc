import { actorCan } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { CaseEventRow, CaseRow } from '../../storage/schema.ts';
import { availableActions, type CaseState } from '../../../shared/cases/stateMachine.ts';
import { rolesOnCase } from './caseAccess.ts';
import { hasPersonalData, presentCase, presentEvent, presentLedger, snapshotOf } from './case.ts';
import { findCaseById, findEvents, findLedger } from './cases.repository.ts';
import { stageOf } from './stages.ts';
import { presentHazard, presentReinspection } from './hazard.ts';
import { findHazard, findMediationSessions, findReinspections } from './hazards.repository.ts';
import { presentMediationSession, sessionsHavePersonalData } from './mediation.ts';
import { caseOpsFor } from './escalateDispute.ts';

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
  const unmasked = actorCan(actor, 'people.readPersonal', [row.territory_path]);
  if (unmasked && hasPersonalData(row)) {
    await appendAudit(trx, actor, { action: 'case.readPersonal', recordType: 'case', recordId: row.id });
  }
  const actions = actionsFor(actor, row);
  return { ...presentCase(row, unmasked), actions, caseOps: caseOpsFor(actor, row, actions) };
}

/** Who held the case in each stage and for how long (责任链), from the timeline. */
export function responsibilityChain(events: readonly CaseEventRow[], row: CaseRow, nowIso: string) {
  const chain: { stage: string | null; state: string; from: string; to: string | null; minutes: number; heldBy: string | null; endedBy: string | null }[] = [];
  const stateEvents = events.filter((e) => e.to_state !== null && e.to_state !== e.from_state);
  stateEvents.forEach((e, i) => {
    const nextEvent = stateEvents[i + 1];
    const end = nextEvent?.at ?? null;
    chain.push({
      stage: stageOf(e.to_state as CaseState),
      state: e.to_state!,
      from: e.at,
      to: end,
      minutes: Math.round((Date.parse(end ?? nowIso) - Date.parse(e.at)) / 60_000),
      // While handling, the department's handler holds the case; otherwise whoever acts next.
      heldBy: nextEvent?.actor_name ?? (row.handler_id && (e.to_state === 'in_handling' || e.to_state === 'dispatched') ? row.handler_id : null),
      endedBy: nextEvent ? nextEvent.action : null,
    });
  });
  return chain;
}

/** One case with its timeline, ledger, responsibility chain and the caller's actions. */
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
  if (row.kind === 'dispute') {
    const sessions = await findMediationSessions(trx, row.id);
    const unmasked = actorCan(o.actor, 'people.readPersonal', [row.territory_path]);
    // presentCaseFor audits an unmasked read of the case's own personal data; sessions may hold the only phones.
    if (unmasked && !hasPersonalData(row) && sessionsHavePersonalData(sessions)) {
      await appendAudit(trx, o.actor, { action: 'case.readPersonal', recordType: 'case', recordId: row.id });
    }
    kindSpecific['mediationSessions'] = sessions.map((s) => presentMediationSession(s, unmasked));
  }
  return {
    case: await presentCaseFor(trx, o.actor, row),
    timeline: events.map(presentEvent),
    ledger: ledger.map(presentLedger),
    responsibilityChain: responsibilityChain(events, row, o.now.toISOString()),
    ...kindSpecific,
  };
}
