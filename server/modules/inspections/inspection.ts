import type { Actor } from '../../access/actor.ts';
import { allowedIds, requireAccess } from '../../access/access.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import type { InspectionFindingRow, InspectionItemResultRow, InspectionPlanRow, InspectionTaskRow } from '../../storage/schema.ts';
import { CLOSED_FOR_GOOD_STATES, CLOSED_STATES } from '../../../shared/cases/stateMachine.ts';
import type { InspectedTarget } from './independence.ts';
import { findDepartment, findGrid, findPlan, findSite, findTask } from './inspections.repository.ts';
import type { ChecklistItemInput, TargetKind } from './inspections.schemas.ts';

/** Domain helpers shared by the inspection use cases: checklists, targets, access, mappers. */

export interface ChecklistItem {
  key: string;
  label: string;
  hint?: string;
}

/** Give every item a key (c1, c2, … by position when omitted); keys must be unique. */
export function normaliseChecklist(items: readonly ChecklistItemInput[], field = 'checklist'): ChecklistItem[] {
  const seen = new Set<string>();
  return items.map((item, i) => {
    const key = item.key ?? `c${i + 1}`;
    if (seen.has(key)) throw new AppError('VALIDATION_FAILED', `${field}.${i}.key: 检查项编号重复 / duplicate checklist key "${key}"`, `${field}.${i}.key`);
    seen.add(key);
    return { key, label: item.label, ...(item.hint ? { hint: item.hint } : {}) };
  });
}

export function checklistOf(plan: Pick<InspectionPlanRow, 'checklist_json'>): ChecklistItem[] {
  return JSON.parse(plan.checklist_json) as ChecklistItem[];
}

export interface ResolvedTarget extends InspectedTarget {
  kind: TargetKind;
  id: string;
  name: string;
  location: { lat: number; lng: number } | null;
}

/**
 * Look a task's target up and check it lies inside the plan's scope: a grid, an active key site
 * (重点部位) or a department (单位) serving the plan's area or part of it. Errors name `field`.
 */
export async function resolveTarget(db: Executor, kind: TargetKind, id: string, planPath: string, field: string): Promise<ResolvedTarget> {
  const outside = () => new AppError('VALIDATION_FAILED', `${field}: 检查对象不存在或不在计划范围内 / no such ${kind} inside the plan's scope`, field);
  if (kind === 'grid') {
    const g = await findGrid(db, id);
    if (!g || g.level !== 'grid' || !g.path.startsWith(planPath)) throw outside();
    return { kind, id: g.code, name: g.name_zh, territoryPath: g.path, unitPath: g.path, departmentId: null, location: null };
  }
  if (kind === 'site') {
    const s = await findSite(db, id);
    if (!s || s.active !== 1 || !s.territory_path.startsWith(planPath)) throw outside();
    return { kind, id: s.id, name: s.name, territoryPath: s.territory_path, unitPath: s.territory_path, departmentId: null, location: { lat: s.lat, lng: s.lng } };
  }
  const d = await findDepartment(db, id);
  if (!d || !(d.territory_path.startsWith(planPath) || planPath.startsWith(d.territory_path))) throw outside();
  // A district bureau inspected under a street plan: the task lives at the plan's node (the part inspected).
  const territoryPath = d.territory_path.length >= planPath.length ? d.territory_path : planPath;
  return { kind, id: d.id, name: d.name_zh, territoryPath, unitPath: null, departmentId: d.id, location: null };
}

/** The inspected target of a stored task (for the independence rule). */
export function targetOfTask(task: Pick<InspectionTaskRow, 'target_kind' | 'target_id' | 'territory_path'>): InspectedTarget {
  return task.target_kind === 'unit'
    ? { territoryPath: task.territory_path, unitPath: null, departmentId: task.target_id }
    : { territoryPath: task.territory_path, unitPath: task.territory_path, departmentId: null };
}

/** A plan the actor may read (inspection.read over its unit, or a task in it assigned to them), or NOT_FOUND (missing and hidden alike). */
export async function loadReadablePlan(db: Executor, actor: Actor, id: string): Promise<InspectionPlanRow> {
  await requireAccess(db, { actor, action: 'inspection.read', resource: 'inspectionPlan', ids: [id] });
  const plan = await findPlan(db, id);
  if (!plan) throw notFound('inspection plan');
  return plan;
}

/** Does the actor hold inspection.manage over the task's plan (never merely over the inspected grid)? */
export async function managesTask(db: Executor, actor: Actor, taskId: string): Promise<boolean> {
  return (await allowedIds(db, { actor, action: 'inspection.manage', resource: 'inspectionTask', ids: [taskId] })).has(taskId);
}

/**
 * A task the actor may work on — its assigned inspector, or someone with inspection.manage over its
 * plan — with its plan. Someone who may only read it gets FORBIDDEN; anyone else NOT_FOUND, like a missing task.
 */
export async function loadTaskToRecord(db: Executor, actor: Actor, taskId: string): Promise<{ task: InspectionTaskRow; plan: InspectionPlanRow }> {
  const task = await findTask(db, taskId);
  const assigned = task !== undefined && actor.id !== null && actor.id === task.inspector_id;
  if (!assigned) {
    try {
      await requireAccess(db, { actor, action: 'inspection.manage', resource: 'inspectionTask', ids: [taskId] });
    } catch (e) {
      if (e instanceof AppError && e.code === 'FORBIDDEN') throw new AppError('FORBIDDEN', '只有被指派的督查员可以登记检查结果 / only the assigned inspector may record this inspection', 'id');
      throw notFound('inspection task');
    }
  }
  if (!task) throw notFound('inspection task');
  return { task, plan: (await findPlan(db, task.plan_id))! };
}

/** A task the actor may read: assigned to them, or inspection.read over its plan. */
export async function loadReadableTask(db: Executor, actor: Actor, taskId: string): Promise<{ task: InspectionTaskRow; plan: InspectionPlanRow }> {
  await requireAccess(db, { actor, action: 'inspection.read', resource: 'inspectionTask', ids: [taskId] });
  const task = await findTask(db, taskId);
  if (!task) throw notFound('inspection task');
  return { task, plan: (await findPlan(db, task.plan_id))! };
}

const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());
const RECTIFIED_STATES: readonly string[] = CLOSED_FOR_GOOD_STATES;
const ENDED_STATES: readonly string[] = CLOSED_STATES;

export function presentPlan(plan: InspectionPlanRow) {
  return {
    id: plan.id,
    title: plan.title,
    kind: plan.kind as 'open' | 'covert',
    description: plan.description,
    scopeCode: plan.territory_code,
    startsAt: iso(plan.starts_at)!,
    endsAt: iso(plan.ends_at)!,
    templateId: plan.template_id,
    checklist: checklistOf(plan),
    createdAt: iso(plan.created_at)!,
  };
}

export function presentTask(task: InspectionTaskRow & { inspector_name?: string | null }) {
  return {
    id: task.id,
    planId: task.plan_id,
    targetKind: task.target_kind as TargetKind,
    targetId: task.target_id,
    targetName: task.target_name,
    inspectorId: task.inspector_id,
    inspectorName: task.inspector_name ?? null,
    state: task.state as 'open' | 'done',
    summary: task.summary,
    createdAt: iso(task.created_at)!,
    completedAt: iso(task.completed_at),
  };
}

export function presentResult(r: InspectionItemResultRow) {
  return { itemKey: r.item_key, result: r.result as 'pass' | 'fail' | 'na', note: r.note, photos: r.photos_json ? (JSON.parse(r.photos_json) as string[]) : [], recordedAt: iso(r.recorded_at)! };
}

/** A finding with the state of its rectification case: rectified once the case is closed, overdue when the deadline passed first. */
export function presentFinding(f: InspectionFindingRow & { case_no?: string | null; case_state?: string | null; case_closed_at?: string | null }, now: Date) {
  const deadline = iso(f.rectify_deadline);
  const state = f.case_state ?? null;
  const rectified = state !== null && RECTIFIED_STATES.includes(state);
  const closedAt = iso(f.case_closed_at ?? null);
  const overdue = deadline !== null && state !== null && (rectified ? closedAt !== null && closedAt > deadline : !ENDED_STATES.includes(state) && now.toISOString() > deadline);
  return {
    id: f.id,
    taskId: f.task_id,
    itemKey: f.item_key || null,
    description: f.description ?? f.note ?? '',
    severity: f.severity as 'minor' | 'major' | 'critical' | null,
    location: f.lat !== null && f.lng !== null ? { lat: f.lat, lng: f.lng } : null,
    address: f.address,
    photos: f.photos_json ? (JSON.parse(f.photos_json) as string[]) : [],
    responsibleUnit: f.responsible_unit,
    createdAt: iso(f.created_at)!,
    rectification: f.case_id
      ? { caseId: f.case_id, caseNo: f.case_no ?? null, caseState: state, deadline, rectified, overdue, requestedAt: iso(f.rectify_requested_at) }
      : null,
  };
}

export type FindingView = ReturnType<typeof presentFinding>;

/** Plan progress: tasks done, findings, findings turned into cases, rectified, overdue. */
export function progressOf(tasks: readonly { state: string }[], findings: readonly FindingView[]) {
  return {
    tasks: tasks.length,
    tasksDone: tasks.filter((t) => t.state === 'done').length,
    findings: findings.length,
    rectificationCases: findings.filter((f) => f.rectification !== null).length,
    rectified: findings.filter((f) => f.rectification?.rectified).length,
    overdue: findings.filter((f) => f.rectification?.overdue).length,
  };
}
