import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { notify } from '../../notifications/notify.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { CaseEventRow, CaseRow } from '../../storage/schema.ts';
import { applyAction, CASE_ACTION_NAMES, type CaseAction, type CaseState } from '../../../shared/cases/stateMachine.ts';
import { formatChinaTime } from '../../../shared/sla/index.ts';
import { rolesOnCase } from './caseAccess.ts';
import { categoryOf, snapshotOf } from './case.ts';
import {
  findCaseById,
  findCategory,
  findDepartment,
  findLastEventOf,
  findLastStateEvent,
  findPeopleCovering,
  insertEvents,
  insertLedger,
  updateCaseIfVersion,
} from './cases.repository.ts';
import { requireAttachments } from '../../attachments/requireAttachments.ts';
import { markHazardAwaitingReinspection } from './hazards.repository.ts';
import { extendStage, mergeUnknownYears, pauseStage, resumeStage, stageOf, startStage, unknownYearsWarning, type PausedClock, type SlaPolicy } from './stages.ts';
import { scaleStageLimits } from '../campaigns/activeSlaMultiplier.ts';
import { scrubPersonalData } from '../../../shared/privacy/scrub.ts';

export interface ApplyCaseActionOptions {
  actor: Actor;
  now: Date;
  caseId: string;
  action: string;
  reason?: string | null;
  note?: string | null;
  extendBy?: string | null;
  location?: { lat: number; lng: number } | null;
  photos?: string[];
  /** Dispatch target (派遣); defaults to nothing — the dispatcher must name it. */
  departmentId?: string | null;
  /** The version the client saw; a mismatch answers STALE_TRANSITION. */
  expectedVersion?: number | null;
  /** Where a deadline computed in a year the holiday calendar does not know is logged (besides the case, event and audit). */
  log?: { warn(obj: object, msg: string): void };
  /** The server's 预警/升级 defaults (the app context's `slaPolicy`); absent = the shipped defaults. */
  slaPolicy?: Readonly<SlaPolicy> | undefined;
}

/** STALE_TRANSITION naming who moved the case last and when (China time), e.g. "already verified by 王芳 at 14:02". */
async function staleError(trx: Trx, row: CaseRow): Promise<AppError> {
  const last = await findLastStateEvent(trx, row.id);
  const when = last ? formatChinaTime(Date.parse(last.at)).slice(11, 16) : '';
  const zhAction = last && (CASE_ACTION_NAMES as Record<string, { zh: string }>)[last.action]?.zh;
  const message = last
    ? `案件已被 ${last.actor_name} 于 ${when} ${zhAction ? `执行「${zhAction}」` : '更新'}，请刷新后重试 / already ${last.action} by ${last.actor_name} at ${when}; reload the case`
    : '案件已被他人更新，请刷新 / the case changed since you read it; reload it';
  return new AppError('STALE_TRANSITION', message, 'expectedVersion', {
    currentVersion: row.version,
    state: row.state,
    ...(last ? { lastAction: last.action, by: last.actor_name, at: last.at } : {}),
  });
}

/**
 * Apply one workflow action to a case: the shared state machine decides (state, roles, reason); this
 * adds what only the server knows — the caller's roles *on this case* (territory, department), the
 * dispatch target, stage deadlines, the version check — and records event, ledger and audit in the
 * caller's transaction. Access to the case itself (case.act) is checked by the route first.
 */
export async function applyCaseAction(trx: Trx, o: ApplyCaseActionOptions): Promise<CaseRow> {
  const row = await findCaseById(trx, o.caseId);
  if (!row) throw notFound('case');
  if (o.expectedVersion !== undefined && o.expectedVersion !== null && o.expectedVersion !== row.version) {
    throw await staleError(trx, row);
  }
  const roles = rolesOnCase(o.actor, row);
  const snapshot = snapshotOf(row);
  const result = applyAction(snapshot, o.action, o.actor.id ? { roles, id: o.actor.id } : { roles }, { reason: o.reason ?? null, extendBy: o.extendBy ?? null });
  if (!result.ok) {
    if (result.code === 'INVALID_TRANSITION') {
      throw new AppError('INVALID_TRANSITION', result.message, 'action', { state: row.state, action: o.action });
    }
    if (result.code === 'FORBIDDEN') throw new AppError('FORBIDDEN', result.message, 'action');
    throw new AppError('VALIDATION_FAILED', result.message, result.field ?? 'reason');
  }
  const action = o.action as CaseAction;
  const photos = o.photos ?? [];
  await requireAttachments(trx, { actor: o.actor, photos, now: o.now });

  const nowIso = o.now.toISOString();
  const next = result.next;
  const changes: Partial<CaseRow> = {
    state: next.state,
    rework_count: next.reworkCount,
    pending_request_json: next.pendingRequest ? JSON.stringify(next.pendingRequest) : null,
    resume_to: next.resumeTo,
    self_resolved: next.selfResolved ? 1 : 0,
    self_resolved_by: next.selfResolvedBy,
    updated_at: nowIso,
  };

  let notifyUsers: { userIds: string[]; kind: string; title: string } | null = null;
  if (action === 'dispatch') {
    if (!o.departmentId) throw new AppError('VALIDATION_FAILED', 'departmentId: 派遣须指定处置部门 / name the department (see GET /api/cases/:id/suggested-handler)', 'departmentId');
    const department = await findDepartment(trx, o.departmentId);
    // A department may only receive cases inside the territory it serves.
    if (!department || !row.territory_path.startsWith(department.territory_path)) {
      throw new AppError('VALIDATION_FAILED', `departmentId: 部门不存在或不服务该网格 / no department ${o.departmentId} serving grid ${row.grid_code}`, 'departmentId');
    }
    changes.department_id = department.id;
    changes.handler_id = null;
    const handlers = await findPeopleCovering(trx, { roles: ['handler'], territoryPath: row.territory_path, departmentId: department.id });
    notifyUsers = { userIds: handlers, kind: 'dispatched', title: `新派遣案件 ${row.case_no}` };
  }
  if (action === 'accept') changes.handler_id = o.actor.id;
  if (action === 'approve_return') {
    changes.department_id = null;
    changes.handler_id = null;
  }
  if (action === 'rework' && row.handler_id) {
    notifyUsers = { userIds: [row.handler_id], kind: 'rework', title: `案件 ${row.case_no} 核查未通过，需返工` };
  }

  // Stage clock: restart when the stage changes (or the case comes back to handling after rework);
  // 缓办 pauses it and resuming continues it with the working time it had left.
  const categoryRow = await findCategory(trx, row.category_code);
  const category = categoryOf(categoryRow!);
  // The campaign key-period multiplier fixed at intake applies to every later stage of this case too.
  const limits = scaleStageLimits(category.limits, row.sla_multiplier ?? 1);
  const newStage = stageOf(next.state as CaseState);
  let unknownYears: number[] = [];
  let overdueCount = row.overdue_count;
  let stageChanged = false;
  let clockData: Record<string, unknown> = {};
  if (next.state === 'suspended' && row.state !== 'suspended') {
    const paused = pauseStage(row, o.now);
    if (paused) {
      Object.assign(changes, paused.columns);
      clockData = { clockPaused: paused.paused };
    }
  } else if (row.state === 'suspended' && next.state === 'suspended') {
    // Requests and decisions while suspended leave the paused clock alone.
  } else if (action === 'resume') {
    const pausedEvent = await findLastEventOf(trx, row.id, 'approve_suspension');
    const paused = pausedEvent?.data_json ? (JSON.parse(pausedEvent.data_json) as { clockPaused?: PausedClock }).clockPaused : undefined;
    stageChanged = true;
    if (paused && paused.stage === newStage) {
      const resumed = resumeStage(paused, o.now);
      Object.assign(changes, resumed.columns);
      unknownYears = resumed.unknownYears;
      clockData = { clockResumed: { pausedAt: paused.pausedAt, remainingMs: paused.remainingMs } };
    } else {
      // Suspended before clocks were paused (or into another stage): the stage restarts with a full limit.
      const started = startStage(newStage, limits, o.now, category.sla, o.slaPolicy);
      Object.assign(changes, started.columns);
      unknownYears = started.unknownYears;
    }
  } else if (newStage !== row.stage || (row.state !== next.state && action === 'rework')) {
    stageChanged = true;
    if (row.stage_due_at && nowIso > row.stage_due_at) overdueCount += 1;
    const started = startStage(newStage, limits, o.now, category.sla, o.slaPolicy);
    Object.assign(changes, started.columns);
    unknownYears = started.unknownYears;
  }
  if (result.extendDeadlineBy) {
    const extended = extendStage(row, result.extendDeadlineBy, category.sla, o.slaPolicy);
    if (extended) {
      const { unknownYears: years, ...cols } = extended;
      Object.assign(changes, cols);
      unknownYears = years;
    }
  }
  changes.overdue_count = overdueCount;
  if (action === 'close') {
    changes.closed_at = nowIso;
    changes.closed_on_time = overdueCount === 0 ? 1 : 0;
  }
  if (unknownYears.length) {
    changes.calendar_unknown_years = mergeUnknownYears(row.calendar_unknown_years, unknownYears);
  }

  if (!(await updateCaseIfVersion(trx, row.id, row.version, changes))) {
    // Another request changed the case between our read and write.
    throw await staleError(trx, (await findCaseById(trx, row.id))!);
  }
  if (unknownYears.length) {
    // Never guessed silently: on the case, in the event and the audit entry, and in the server log.
    o.log?.warn({ caseId: row.id, caseNo: row.case_no, action, calendarUnknownYears: unknownYears }, unknownYearsWarning(unknownYears));
  }

  const event: CaseEventRow = {
    id: uuidv7(),
    case_id: row.id,
    at: nowIso,
    actor_id: o.actor.id,
    actor_name: o.actor.displayName,
    action,
    from_state: row.state,
    to_state: next.state,
    note: o.note ?? o.reason ?? null,
    lat: o.location?.lat ?? null,
    lng: o.location?.lng ?? null,
    photos_json: photos.length ? JSON.stringify(photos) : null,
    data_json: JSON.stringify({
      ...(o.reason ? { reason: o.reason } : {}),
      ...(changes.department_id ? { departmentId: changes.department_id } : {}),
      ...(stageChanged && changes.stage_due_at ? { stage: changes.stage, stageDueAt: changes.stage_due_at } : {}),
      ...(result.extendDeadlineBy ? { extendBy: result.extendDeadlineBy, stageDueAt: changes.stage_due_at } : {}),
      ...(unknownYears.length ? { calendarUnknownYears: unknownYears } : {}),
      ...clockData,
    }),
  };
  await insertEvents(trx, [event]);
  // 风险隐患: rectification reported done (处置反馈 / 自行处置) → the register waits for re-inspection.
  if (row.kind === 'hazard' && next.state === 'handled') await markHazardAwaitingReinspection(trx, row.id, nowIso);
  const ledger = result.ledger;
  if (ledger) {
    await insertLedger(trx, {
      id: uuidv7(),
      case_id: row.id,
      at: nowIso,
      actor_id: o.actor.id,
      actor_name: o.actor.displayName,
      kind: ledger.kind,
      step: ledger.step,
      action: ledger.action,
      reason: ledger.reason,
      note: ledger.note,
      extend_by: ledger.extendBy ?? null,
      from_state: ledger.fromState,
      to_state: ledger.toState,
    });
  }
  if (result.supersededRequest) {
    const s = result.supersededRequest;
    await insertLedger(trx, {
      id: uuidv7(),
      case_id: row.id,
      at: nowIso,
      actor_id: o.actor.id,
      actor_name: o.actor.displayName,
      kind: s.kind,
      step: 'superseded',
      action,
      reason: s.reason,
      note: '案件已推进，申请自动失效 / the case moved on; the request lapsed',
      extend_by: s.extendBy ?? null,
      from_state: row.state,
      to_state: next.state,
    });
  }
  if (notifyUsers && notifyUsers.userIds.length) {
    await notify(
      trx,
      notifyUsers.userIds.map((userId) => ({
        userId,
        caseId: row.id,
        kind: notifyUsers!.kind,
        title: notifyUsers!.title,
        // Recipients may not hold people.readPersonal: scrub first, then cut (a cut could split a phone number).
        body: scrubPersonalData(row.description).slice(0, 120),
      })),
      nowIso,
    );
  }
  await appendAudit(trx, o.actor, {
    action: `case.${action}`,
    recordType: 'case',
    recordId: row.id,
    before: { state: row.state, version: row.version },
    after: { state: next.state, version: row.version + 1, ...(o.reason ? { reason: o.reason } : {}), ...(unknownYears.length ? { calendarUnknownYears: unknownYears } : {}) },
  });
  return (await findCaseById(trx, row.id))!;
}
