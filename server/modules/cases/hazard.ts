import { scrubPersonalData } from '../../../shared/privacy/scrub.ts';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { CaseHazardReinspectionRow, CaseHazardRow, CaseRow } from '../../storage/schema.ts';
import { CLOSED_STATES } from './case.ts';
import { findCaseById, insertEvents, updateCaseIfVersion } from './cases.repository.ts';
import type { HazardRegisterRow } from './hazards.repository.ts';
import { findHazard } from './hazards.repository.ts';

/**
 * Register status: open (no plan yet) → rectifying (整改中) → awaiting_reinspection (整改完成待复查,
 * set when the handler reports the work done) → awaiting_signoff (复查通过待销号) → signed_off (已销号).
 * A failed re-inspection goes back to rectifying.
 */
export const HAZARD_STATUSES = ['open', 'rectifying', 'awaiting_reinspection', 'awaiting_signoff', 'signed_off'] as const;
export const HAZARD_STATUS_ZH: Record<(typeof HAZARD_STATUSES)[number], string> = {
  open: '待整改',
  rectifying: '整改中',
  awaiting_reinspection: '待复查',
  awaiting_signoff: '待销号',
  signed_off: '已销号',
};

/** Who may re-inspect (复查): never the responsible person. */
export const REINSPECTOR_ROLES = ['inspector', 'supervisor', 'grid_leader', 'admin'] as const;
/** Who may sign a hazard off (销号). */
export const SIGNOFF_ROLES = ['supervisor', 'leader', 'admin'] as const;

/** A deadline as sent: a China calendar date (that day's end, 23:59:59.999 +08:00) or an ISO instant with offset. */
export function deadlineInstant(value: string): string {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999+08:00` : value;
  return new Date(text).toISOString();
}

/** Load a case for a kind-specific step: missing → 404; other kind or finished → INVALID_TRANSITION naming state and action. */
export async function loadCaseOfKind(trx: Trx, caseId: string, kind: 'hazard' | 'dispute', action: string): Promise<CaseRow> {
  const row = await findCaseById(trx, caseId);
  if (!row) throw notFound('case');
  if (row.kind !== kind) {
    const zh = kind === 'hazard' ? '风险隐患' : '矛盾纠纷';
    throw new AppError('INVALID_TRANSITION', `只有${zh}案件可执行此操作 / only ${kind} cases allow ${action} (this case is ${row.kind})`, 'action', { state: row.state, action });
  }
  if (CLOSED_STATES.includes(row.state) && action !== 'hazard_signoff') {
    throw new AppError('INVALID_TRANSITION', `案件已办结（${row.state}）/ the case is ${row.state}`, 'action', { state: row.state, action });
  }
  return row;
}

/** The register row of a hazard case (created at intake; created here for hazards the backfill missed). */
export async function hazardOf(trx: Trx, row: CaseRow): Promise<CaseHazardRow> {
  const found = await findHazard(trx, row.id);
  if (found) return found;
  const details = row.details_json ? (JSON.parse(row.details_json) as { grade?: unknown }) : {};
  const hazard = newHazardRow(row.id, typeof details.grade === 'string' ? details.grade : null, row.created_at);
  await trx.insertInto('case_hazards').values(hazard).execute();
  return hazard;
}

/** A fresh register row for a hazard case reported at `at`. */
export function newHazardRow(caseId: string, grade: string | null, at: string): CaseHazardRow {
  return {
    case_id: caseId,
    grade,
    status: 'open',
    plan: null,
    responsible_unit: null,
    responsible_person_id: null,
    responsible_person_name: null,
    deadline: null,
    planned_by: null,
    planned_at: null,
    reinspection_count: 0,
    last_reinspection_result: null,
    last_reinspected_at: null,
    last_reinspected_by: null,
    signed_off_by: null,
    signed_off_at: null,
    created_at: at,
    updated_at: at,
  };
}

/**
 * Record a kind-specific step on a case: bump its version (so concurrent steps and stale clients
 * notice, and live clients see updated_at move), one timeline event and one audit entry — all in the
 * caller's transaction. The workflow state does not change.
 */
export async function recordCaseStep(
  trx: Trx,
  o: { actor: Actor; now: Date; row: CaseRow; action: string; note: string | null; photos?: string[]; data: Record<string, unknown>; changes?: Partial<CaseRow>; before?: unknown; after?: unknown },
): Promise<void> {
  const at = o.now.toISOString();
  if (!(await updateCaseIfVersion(trx, o.row.id, o.row.version, { ...(o.changes ?? {}), updated_at: at }))) {
    throw new AppError('STALE_TRANSITION', '案件已被他人更新，请刷新 / the case changed; reload it', 'expectedVersion');
  }
  const photos = o.photos ?? [];
  await insertEvents(trx, [
    {
      id: uuidv7(),
      case_id: o.row.id,
      at,
      actor_id: o.actor.id,
      actor_name: o.actor.displayName,
      action: o.action,
      from_state: o.row.state,
      to_state: o.row.state,
      note: o.note,
      lat: null,
      lng: null,
      photos_json: photos.length ? JSON.stringify(photos) : null,
      data_json: JSON.stringify(o.data),
    },
  ]);
  await appendAudit(trx, o.actor, { action: `case.${o.action}`, recordType: 'case', recordId: o.row.id, before: o.before ?? null, after: o.after ?? o.data });
}

/** Wire shape of a hazard's register entry (the case's own fields come with the case). */
export function presentHazard(h: CaseHazardRow, now: Date) {
  return {
    grade: h.grade,
    status: h.status,
    statusZh: HAZARD_STATUS_ZH[h.status as keyof typeof HAZARD_STATUS_ZH] ?? h.status,
    plan: h.plan,
    responsibleUnit: h.responsible_unit,
    responsiblePerson: h.responsible_person_name === null ? null : { id: h.responsible_person_id, name: h.responsible_person_name },
    deadline: h.deadline,
    overdue: h.deadline !== null && h.status !== 'signed_off' && h.deadline < now.toISOString(),
    plannedBy: h.planned_by,
    plannedAt: h.planned_at,
    reinspectionCount: h.reinspection_count,
    lastReinspection: h.last_reinspection_result === null ? null : { result: h.last_reinspection_result, at: h.last_reinspected_at, by: h.last_reinspected_by },
    signedOffBy: h.signed_off_by,
    signedOffAt: h.signed_off_at,
  };
}

/** One row of the register view: the case's identity plus its hazard entry. */
export function presentRegisterRow(r: HazardRegisterRow, now: Date) {
  return {
    caseId: r.case_id,
    caseNo: r.case_no,
    categoryCode: r.category_code,
    // The register (list and XLSX export) never unmasks: personal data typed into the description is scrubbed.
    description: scrubPersonalData(r.description),
    address: r.address,
    gridCode: r.grid_code,
    state: r.state,
    departmentId: r.department_id,
    ...presentHazard(r, now),
    createdAt: r.created_at,
  };
}

export function presentReinspection(r: CaseHazardReinspectionRow) {
  return { id: r.id, result: r.result, note: r.note, photos: r.photos_json ? (JSON.parse(r.photos_json) as string[]) : [], inspectorId: r.inspector_id, inspectorName: r.inspector_name, at: r.at };
}
