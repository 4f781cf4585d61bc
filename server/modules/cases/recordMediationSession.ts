import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { parseJson } from './case.ts';
import { rolesOnCase } from './caseAccess.ts';
import { readsPersonalOf } from './getCase.ts';
import { findCaseById } from './cases.repository.ts';
import { loadCaseOfKind, recordCaseStep } from './hazard.ts';
import { insertMediationSession } from './hazards.repository.ts';
import { presentMediationSession } from './mediation.ts';
import type { z } from 'zod';
import type { mediationSessionBody } from './cases.schemas.ts';
import { chinaDay } from '../../../shared/time/china.ts';

/** The session body (date YYYY-MM-DD, not in the future; parties present; outcome) on a dispute, by an actor at a time. */
export type RecordMediationSessionOptions = z.infer<typeof mediationSessionBody> & { actor: Actor; now: Date; caseId: string };

/**
 * 调解记录: one mediation session of a dispute (date, mediator, place, parties present, summary,
 * outcome). The dispute's current outcome becomes this session's. Parties' phones never enter the
 * audit log or the timeline (only counts do); the answer masks them unless the caller may read them.
 */
export async function recordMediationSession(trx: Trx, o: RecordMediationSessionOptions) {
  const row = await loadCaseOfKind(trx, o.caseId, 'dispute', 'mediation_session');
  if (rolesOnCase(o.actor, row).length === 0) throw new AppError('FORBIDDEN', '你的角色不能记录调解 / your role may not record mediation', 'action');
  // Today in China time (UTC+8, no DST): a session cannot be recorded before it is held.
  const todayChina = chinaDay(o.now);
  if (o.date > todayChina) throw new AppError('VALIDATION_FAILED', 'date: 调解日期不能晚于今天 / the session date cannot be in the future', 'date');
  const details = parseJson<Record<string, unknown>>(row.details_json) ?? {};
  const session = {
    id: uuidv7(),
    case_id: row.id,
    held_on: o.date,
    mediator: o.mediator,
    place: o.place,
    parties_json: JSON.stringify(o.partiesPresent.map((p) => ({ name: p.name, ...(p.phone ? { phone: p.phone } : {}) }))),
    summary: o.summary,
    outcome: o.outcome,
    recorded_by: o.actor.id,
    recorded_by_name: o.actor.displayName,
    created_at: o.now.toISOString(),
  };
  await insertMediationSession(trx, session);
  const sessionCount = (typeof details['mediationSessionCount'] === 'number' ? (details['mediationSessionCount'] as number) : 0) + 1;
  const data = { sessionId: session.id, date: o.date, mediator: o.mediator, place: o.place, parties: o.partiesPresent.length, outcome: o.outcome };
  await recordCaseStep(trx, {
    actor: o.actor,
    now: o.now,
    row,
    action: 'mediation_session',
    note: o.summary,
    data,
    changes: { details_json: JSON.stringify({ ...details, outcome: o.outcome, mediationSessionCount: sessionCount }) },
    before: { outcome: details['outcome'] ?? null },
    after: data,
  });
  const unmasked = await readsPersonalOf(trx, o.actor, row.id);
  return { row: (await findCaseById(trx, row.id))!, session: presentMediationSession(session, unmasked) };
}
