import type { Actor } from '../../access/actor.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { parseJson } from './case.ts';
import { rolesOnCase } from './caseAccess.ts';
import { findCaseById } from './cases.repository.ts';
import { loadCaseOfKind, recordCaseStep } from './hazard.ts';
import { findMediationSessions } from './hazards.repository.ts';
import type { z } from 'zod';
import type { agreementBody } from './cases.schemas.ts';

/** The agreement body on a dispute, by an actor at a time; amount null when none was agreed, outcome defaulted by the route. */
export type RecordAgreementOptions = Omit<z.infer<typeof agreementBody>, 'amount' | 'outcome'> & {
  actor: Actor;
  now: Date;
  caseId: string;
  /** Amount agreed (元), if any. */
  amount: number | null;
  outcome: 'agreed' | 'partial';
};

/**
 * 调解协议: record the agreement reached (text, amount, performance deadline) and the dispute's
 * outcome. Only after a session that ended agreed or partial — an agreement without a mediation
 * session is not an agreement. A later call revises it (the previous text is kept in the audit log).
 */
export async function recordMediationAgreement(trx: Trx, o: RecordAgreementOptions) {
  const row = await loadCaseOfKind(trx, o.caseId, 'dispute', 'mediation_agreement');
  if (rolesOnCase(o.actor, row).length === 0) throw new AppError('FORBIDDEN', '你的角色不能记录调解协议 / your role may not record an agreement', 'action');
  const sessions = await findMediationSessions(trx, row.id);
  if (!sessions.some((s) => s.outcome === 'agreed' || s.outcome === 'partial')) {
    throw new AppError('INVALID_TRANSITION', '须先有达成（或部分达成）的调解记录 / record a mediation session that reached (partial) agreement first', 'action', {
      state: row.state,
      action: 'mediation_agreement',
    });
  }
  const details = parseJson<Record<string, unknown>>(row.details_json) ?? {};
  const agreement = { agreement: o.text, agreementAmount: o.amount, performanceDeadline: o.performanceDeadline, agreementAt: o.now.toISOString(), agreementBy: o.actor.displayName };
  await recordCaseStep(trx, {
    actor: o.actor,
    now: o.now,
    row,
    action: 'mediation_agreement',
    note: o.text,
    data: { amount: o.amount, performanceDeadline: o.performanceDeadline, outcome: o.outcome },
    changes: { details_json: JSON.stringify({ ...details, ...agreement, outcome: o.outcome }) },
    before: { agreement: details['agreement'] ?? null, amount: details['agreementAmount'] ?? null, outcome: details['outcome'] ?? null },
    after: { agreement: o.text, amount: o.amount, performanceDeadline: o.performanceDeadline, outcome: o.outcome },
  });
  return (await findCaseById(trx, row.id))!;
}
