import { uuidv7 } from 'uuidv7';
import type { ActionBody } from '../../../shared/cases/wire.ts';
import type { CategoryDef, StageLimits } from './taxonomy.ts';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { notify } from '../../notifications/notify.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { CaseEventRow, CaseLedgerRow, CaseRow } from '../../storage/schema.ts';
import { applyAction, CASE_ACTION_NAMES, type ApplyResult, type CaseAction, type CaseState } from '../../../shared/cases/stateMachine.ts';
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

/** Body fields internal callers (merge, sign-off, the demo) may also pass as null. */
type ActionFields = { [K in keyof Omit<ActionBody, 'action'>]?: ActionBody[K] | null };

/** The action body (POST /api/cases/:id/actions) on a case, by an actor at a time. */
export type ApplyCaseActionOptions = ActionFields & {
  actor: Actor;
  now: Date;
  caseId: string;
  /** Checked by the state machine (an unknown action answers INVALID_TRANSITION). */
  action: string;
  /** Where a deadline computed in a year the holiday calendar does not know is logged (besides the case, event and audit). */
  log?: { warn(obj: object, msg: string): void };
  /** The server's 预警/升级 defaults (the app context's `slaPolicy`); absent = the shipped defaults. */
  slaPolicy?: Readonly<SlaPolicy> | undefined;
};

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

/** Who hears about an action in their inbox (消息). */
interface Notify {
  userIds: string[];
  kind: string;
  title: string;
}

/** What an action does to the case beyond the state machine's transition and the stage clock. */
interface ActionEffect {
  changes?: Partial<CaseRow>;
  notify?: Notify;
}

interface EffectInput {
  trx: Trx;
  row: CaseRow;
  actor: Actor;
  /** The dispatch target named in the body. */
  departmentId: string | null;
  nowIso: string;
  /** Stages finished late, this action's included (the clock has moved already). */
  overdueCount: number;
}

/**
 * The actions with effects of their own (the rest only move state, clock, event, ledger and audit).
 * An effect may refuse the action by throwing; nothing has been written when it runs.
 */
const ACTION_EFFECTS: Partial<Record<CaseAction, (i: EffectInput) => Promise<ActionEffect> | ActionEffect>> = {
  // 派遣: to a department serving the case's territory; its handlers there are notified.
  dispatch: async ({ trx, row, departmentId }) => {
    if (!departmentId) throw new AppError('VALIDATION_FAILED', 'departmentId: 派遣须指定处置部门 / name the department (see GET /api/cases/:id/suggested-handler)', 'departmentId');
    const department = await findDepartment(trx, departmentId);
    // A department may only receive cases inside the territory it serves.
    if (!department || !row.territory_path.startsWith(department.territory_path)) {
      throw new AppError('VALIDATION_FAILED', `departmentId: 部门不存在或不服务该网格 / no department ${departmentId} serving grid ${row.grid_code}`, 'departmentId');
    }
    const handlers = await findPeopleCovering(trx, { roles: ['handler'], territoryPath: row.territory_path, departmentId: department.id });
    return { changes: { department_id: department.id, handler_id: null }, notify: { userIds: handlers, kind: 'dispatched', title: `新派遣案件 ${row.case_no}` } };
  },
  // 受理: the accepting handler becomes the case's handler.
  accept: ({ actor }) => ({ changes: { handler_id: actor.id } }),
  // 批准回退: back to the dispatcher, no department or handler any more.
  approve_return: () => ({ changes: { department_id: null, handler_id: null } }),
  // 返工: the handler who reported it done hears that verification failed.
  rework: ({ row }) => (row.handler_id ? { notify: { userIds: [row.handler_id], kind: 'rework', title: `案件 ${row.case_no} 核查未通过，需返工` } } : {}),
  // 结案: on time only when no stage finished late.
  close: ({ nowIso, overdueCount }) => ({ changes: { closed_at: nowIso, closed_on_time: overdueCount === 0 ? 1 : 0 } }),
};

/** How the stage clock moves with one action: its columns, the years the calendar missed, what the event records. */
interface ClockTransition {
  columns: Partial<CaseRow> & { overdue_count: number };
  unknownYears: number[];
  /** A new stage clock started (or resumed): the event records stage and due time. */
  stageChanged: boolean;
  /** clockPaused / clockResumed for the event's data. */
  data: Record<string, unknown>;
}

/**
 * The stage clock across one action: restart when the stage changes (or the case comes back to
 * handling after rework), counting the finished stage as overdue if it ran late; 缓办 pauses it and
 * resuming continues it with the working time it had left; an approved 延期 moves the running deadline.
 */
async function clockTransition(
  trx: Trx,
  o: { row: CaseRow; action: CaseAction; nextState: CaseState; now: Date; limits: StageLimits; sla: CategoryDef['sla']; slaPolicy: Readonly<SlaPolicy> | undefined; extendBy: string | null },
): Promise<ClockTransition> {
  const { row, action, nextState, now } = o;
  const nowIso = now.toISOString();
  const newStage = stageOf(nextState);
  const out: ClockTransition = { columns: { overdue_count: row.overdue_count }, unknownYears: [], stageChanged: false, data: {} };
  if (nextState === 'suspended' && row.state !== 'suspended') {
    const paused = pauseStage(row, now);
    if (paused) {
      Object.assign(out.columns, paused.columns);
      out.data = { clockPaused: paused.paused };
    }
  } else if (row.state === 'suspended' && nextState === 'suspended') {
    // Requests and decisions while suspended leave the paused clock alone.
  } else if (action === 'resume') {
    const pausedEvent = await findLastEventOf(trx, row.id, 'approve_suspension');
    const paused = pausedEvent?.data_json ? (JSON.parse(pausedEvent.data_json) as { clockPaused?: PausedClock }).clockPaused : undefined;
    out.stageChanged = true;
    if (paused && paused.stage === newStage) {
      const resumed = resumeStage(paused, now);
      Object.assign(out.columns, resumed.columns);
      out.unknownYears = resumed.unknownYears;
      out.data = { clockResumed: { pausedAt: paused.pausedAt, remainingMs: paused.remainingMs } };
    } else {
      // Suspended before clocks were paused (or into another stage): the stage restarts with a full limit.
      const started = startStage(newStage, o.limits, now, o.sla, o.slaPolicy);
      Object.assign(out.columns, started.columns);
      out.unknownYears = started.unknownYears;
    }
  } else if (newStage !== row.stage || (row.state !== nextState && action === 'rework')) {
    out.stageChanged = true;
    if (row.stage_due_at && nowIso > row.stage_due_at) out.columns.overdue_count += 1;
    const started = startStage(newStage, o.limits, now, o.sla, o.slaPolicy);
    Object.assign(out.columns, started.columns);
    out.unknownYears = started.unknownYears;
  }
  if (o.extendBy) {
    const extended = extendStage(row, o.extendBy, o.sla, o.slaPolicy);
    if (extended) {
      const { unknownYears: years, ...cols } = extended;
      Object.assign(out.columns, cols);
      out.unknownYears = years;
    }
  }
  return out;
}

/**
 * The controlled-action ledger lines (延期/回退/缓办/作废台账) of one action: the state machine's own line,
 * then — when the case moved on without a pending request — that request, lapsed (step `superseded`).
 */
function ledgerLines(
  result: Extract<ApplyResult, { ok: true }>,
  o: { row: CaseRow; actor: Actor; action: CaseAction; nowIso: string; nextState: string },
): CaseLedgerRow[] {
  const by = { case_id: o.row.id, at: o.nowIso, actor_id: o.actor.id, actor_name: o.actor.displayName };
  const lines: CaseLedgerRow[] = [];
  const ledger = result.ledger;
  if (ledger) {
    lines.push({
      id: uuidv7(),
      ...by,
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
  const s = result.supersededRequest;
  if (s) {
    lines.push({
      id: uuidv7(),
      ...by,
      kind: s.kind,
      step: 'superseded',
      action: o.action,
      reason: s.reason,
      note: '案件已推进，申请自动失效 / the case moved on; the request lapsed',
      extend_by: s.extendBy ?? null,
      from_state: o.row.state,
      to_state: o.nextState,
    });
  }
  return lines;
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

  // Stage clock: follows the state (see clockTransition); the campaign key-period multiplier fixed at
  // intake applies to every later stage of this case too.
  const category = categoryOf((await findCategory(trx, row.category_code))!);
  const clock = await clockTransition(trx, {
    row,
    action,
    nextState: next.state as CaseState,
    now: o.now,
    limits: scaleStageLimits(category.limits, row.sla_multiplier ?? 1),
    sla: category.sla,
    slaPolicy: o.slaPolicy,
    extendBy: result.extendDeadlineBy ?? null,
  });
  Object.assign(changes, clock.columns);
  const unknownYears = clock.unknownYears;
  const effect = (await ACTION_EFFECTS[action]?.({ trx, row, actor: o.actor, departmentId: o.departmentId ?? null, nowIso, overdueCount: clock.columns.overdue_count })) ?? {};
  Object.assign(changes, effect.changes);
  const notifyUsers = effect.notify ?? null;
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
      ...(clock.stageChanged && changes.stage_due_at ? { stage: changes.stage, stageDueAt: changes.stage_due_at } : {}),
      ...(result.extendDeadlineBy ? { extendBy: result.extendDeadlineBy, stageDueAt: changes.stage_due_at } : {}),
      ...(unknownYears.length ? { calendarUnknownYears: unknownYears } : {}),
      ...clock.data,
    }),
  };
  await insertEvents(trx, [event]);
  // 风险隐患: rectification reported done (处置反馈 / 自行处置) → the register waits for re-inspection.
  if (row.kind === 'hazard' && next.state === 'handled') await markHazardAwaitingReinspection(trx, row.id, nowIso);
  for (const line of ledgerLines(result, { row, actor: o.actor, action, nowIso, nextState: next.state })) await insertLedger(trx, line);
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
