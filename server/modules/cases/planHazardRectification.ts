import type { z } from 'zod';
import type { hazardPlanBody } from './cases.schemas.ts';
import type { Actor } from '../../access/actor.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { CaseHazardRow } from '../../storage/schema.ts';
import { rolesOnCase } from './caseAccess.ts';
import { findCaseById, findUserNames } from './cases.repository.ts';
import { hazardOf, loadCaseOfKind, recordCaseStep } from './hazard.ts';
import { findHazard, updateHazard } from './hazards.repository.ts';

/**
 * The plan body on a hazard case, by an actor at a time. The deadline arrives normalised to an ISO-8601
 * UTC instant (deadlineInstant: a date means that day's end in China time); other callers (inspections,
 * the demo) may pass a null user id or grade.
 */
export type PlanHazardOptions = Omit<z.infer<typeof hazardPlanBody>, 'responsiblePerson' | 'grade'> & {
  actor: Actor;
  now: Date;
  caseId: string;
  responsiblePerson: { name: string; userId?: string | null };
  grade?: string | null;
};

/**
 * 整改方案: set (or revise) a hazard's rectification plan, responsible unit and person, and deadline.
 * The hazard goes to rectifying; a revision after a passed re-inspection needs a new re-inspection.
 * Inspectors check, they do not plan: any other role acting on the case may.
 */
export async function planHazardRectification(trx: Trx, o: PlanHazardOptions) {
  const row = await loadCaseOfKind(trx, o.caseId, 'hazard', 'hazard_plan');
  const roles = rolesOnCase(o.actor, row).filter((r) => r !== 'inspector');
  if (roles.length === 0) throw new AppError('FORBIDDEN', '你的角色不能制定整改方案 / your role may not set a rectification plan', 'action');
  const before = await hazardOf(trx, row);
  if (before.status === 'signed_off') {
    throw new AppError('INVALID_TRANSITION', '隐患已销号 / the hazard is already signed off', 'action', { state: before.status, action: 'hazard_plan' });
  }
  if (o.deadline <= o.now.toISOString()) throw new AppError('VALIDATION_FAILED', 'deadline: 整改期限须晚于当前时间 / the deadline must be in the future', 'deadline');
  const userId = o.responsiblePerson.userId ?? null;
  if (userId !== null && !(await findUserNames(trx, [userId])).has(userId)) {
    throw new AppError('VALIDATION_FAILED', 'responsiblePerson.userId: 未找到该人员 / no such person', 'responsiblePerson.userId');
  }
  const at = o.now.toISOString();
  const changes: Partial<CaseHazardRow> = {
    status: 'rectifying',
    plan: o.plan,
    responsible_unit: o.responsibleUnit,
    responsible_person_id: userId,
    responsible_person_name: o.responsiblePerson.name,
    deadline: o.deadline,
    planned_by: o.actor.displayName,
    planned_at: at,
    ...(o.grade ? { grade: o.grade } : {}),
    updated_at: at,
  };
  await updateHazard(trx, row.id, changes);
  const data = { plan: o.plan, responsibleUnit: o.responsibleUnit, responsiblePerson: o.responsiblePerson.name, deadline: o.deadline, grade: changes.grade ?? before.grade, revised: before.plan !== null };
  await recordCaseStep(trx, {
    actor: o.actor,
    now: o.now,
    row,
    action: 'hazard_plan',
    note: o.plan,
    data,
    before: { status: before.status, plan: before.plan, deadline: before.deadline, responsiblePerson: before.responsible_person_name },
    after: { status: 'rectifying', ...data },
  });
  return { row: (await findCaseById(trx, row.id))!, hazard: (await findHazard(trx, row.id))! };
}
