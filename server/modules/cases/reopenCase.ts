import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { CaseRow } from '../../storage/schema.ts';
import { categoryOf } from './case.ts';
import { findCaseById, findCategory, insertEvents, updateCaseIfVersion } from './cases.repository.ts';
import { notify } from '../../notifications/notify.ts';
import { mergeUnknownYears, startStage, type SlaPolicy } from './stages.ts';
import { scrubPersonalData } from '../../../shared/privacy/scrub.ts';
import { CLOSED_FOR_GOOD_STATES } from '../../../shared/cases/stateMachine.ts';


/**
 * 抽查返工: a spot check found a closed case not actually fixed. The shared state machine has no
 * closed → in_handling row (closing is final for everyone in the field), so this dedicated server-side
 * use case moves the case back to in_handling with the same department and handler, rework_count + 1,
 * closed_at/closed_on_time cleared and a fresh handling clock, and records a 'reopen' timeline event
 * carrying the spot-check reference, a notification to the handler and an audit entry — same transaction.
 * Only spot-check and inspection use cases call it (never a route on its own).
 */
export async function reopenCase(trx: Trx, o: { actor: Actor; caseId: string; reason: string; source: { kind: 'spotcheck' | 'inspection'; id: string }; now: Date; slaPolicy?: Readonly<SlaPolicy> | undefined }): Promise<CaseRow> {
  const row = await findCaseById(trx, o.caseId);
  if (!row) throw notFound('case');
  if (!(CLOSED_FOR_GOOD_STATES as readonly string[]).includes(row.state)) {
    throw new AppError('INVALID_TRANSITION', `案件处于「${row.state}」状态，只有已结案的案件可因抽查返工 / only a closed case can be reopened (state ${row.state})`, 'action', { state: row.state, action: 'reopen' });
  }
  const category = await findCategory(trx, row.category_code);
  if (!category) throw new AppError('CONFLICT', `案件类别 ${row.category_code} 不存在，无法计算处置时限 / unknown category`, 'caseId');
  const cat = categoryOf(category);
  const started = startStage('handling', cat.limits, o.now, cat.sla, o.slaPolicy);
  const nowIso = o.now.toISOString();
  const changes: Partial<CaseRow> = {
    state: 'in_handling',
    rework_count: row.rework_count + 1,
    closed_at: null,
    closed_on_time: null,
    pending_request_json: null,
    updated_at: nowIso,
    ...started.columns,
  };
  if (started.unknownYears.length) changes.calendar_unknown_years = mergeUnknownYears(row.calendar_unknown_years, started.unknownYears);
  if (!(await updateCaseIfVersion(trx, row.id, row.version, changes))) {
    throw new AppError('STALE_TRANSITION', '案件已被他人更新，请重试 / the case changed meanwhile; retry', 'caseId');
  }
  await insertEvents(trx, [
    {
      id: uuidv7(),
      case_id: row.id,
      at: nowIso,
      actor_id: o.actor.id,
      actor_name: o.actor.displayName,
      action: 'reopen',
      from_state: row.state,
      to_state: 'in_handling',
      note: o.reason,
      lat: null,
      lng: null,
      photos_json: null,
      data_json: JSON.stringify({ reason: o.reason, source: o.source, stage: 'handling', stageDueAt: started.columns.stage_due_at }),
    },
  ]);
  if (row.handler_id) {
    await notify(trx, [{ userId: row.handler_id, caseId: row.id, kind: 'rework', title: `案件 ${row.case_no} 经抽查未整改到位，已退回返工`, body: scrubPersonalData(o.reason).slice(0, 200) }], nowIso);
  }
  await appendAudit(trx, o.actor, {
    action: 'case.reopen',
    recordType: 'case',
    recordId: row.id,
    before: { state: row.state, version: row.version, reworkCount: row.rework_count },
    after: { state: 'in_handling', version: row.version + 1, reworkCount: row.rework_count + 1, reason: o.reason, source: o.source },
  });
  return (await findCaseById(trx, row.id))!;
}
