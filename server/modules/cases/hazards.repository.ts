import type { Executor } from '../../storage/db.ts';
import type { CaseHazardReinspectionRow, CaseHazardRow, CaseMediationSessionRow, CaseRow } from '../../storage/schema.ts';
import type { CaseListScope } from './caseAccess.ts';

/** The register row of one hazard case, or undefined. */
export async function findHazard(db: Executor, caseId: string): Promise<CaseHazardRow | undefined> {
  return db.selectFrom('case_hazards').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function insertHazard(db: Executor, row: CaseHazardRow): Promise<void> {
  await db.insertInto('case_hazards').values(row).execute();
}

export async function updateHazard(db: Executor, caseId: string, changes: Partial<CaseHazardRow>): Promise<void> {
  await db.updateTable('case_hazards').set(changes).where('case_id', '=', caseId).execute();
}

/** Rectification reported done (处置反馈): open/rectifying hazards now wait for re-inspection. */
export async function markHazardAwaitingReinspection(db: Executor, caseId: string, at: string): Promise<void> {
  await db
    .updateTable('case_hazards')
    .set({ status: 'awaiting_reinspection', updated_at: at })
    .where('case_id', '=', caseId)
    .where('status', 'in', ['open', 'rectifying'])
    .execute();
}

export async function insertReinspection(db: Executor, row: CaseHazardReinspectionRow): Promise<void> {
  await db.insertInto('case_hazard_reinspections').values(row).execute();
}

export async function findReinspections(db: Executor, caseId: string): Promise<CaseHazardReinspectionRow[]> {
  return db.selectFrom('case_hazard_reinspections').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

export async function insertMediationSession(db: Executor, row: CaseMediationSessionRow): Promise<void> {
  await db.insertInto('case_mediation_sessions').values(row).execute();
}

export async function findMediationSessions(db: Executor, caseId: string): Promise<CaseMediationSessionRow[]> {
  return db.selectFrom('case_mediation_sessions').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

export interface HazardRegisterFilter {
  scope: CaseListScope;
  /** Territory path prefix narrowing the scope ('' = whole scope). */
  prefix: string;
  grade?: string;
  status?: string;
  /** Deadline before this instant and not signed off. */
  overdueAt?: string;
  beforeId?: string;
  limit: number;
}

export type HazardRegisterRow = CaseHazardRow & Pick<CaseRow, 'case_no' | 'category_code' | 'description' | 'grid_code' | 'state' | 'department_id' | 'address'>;

/** Scoped page of the hazard register, newest case first (same scope rule as case lists). */
export async function findHazardRegister(db: Executor, f: HazardRegisterFilter): Promise<HazardRegisterRow[]> {
  if (f.scope.paths.length === 0 && f.scope.departments.length === 0) return [];
  let q = db
    .selectFrom('case_hazards as h')
    .innerJoin('cases as c', 'c.id', 'h.case_id')
    .selectAll('h')
    .select(['c.case_no', 'c.category_code', 'c.description', 'c.grid_code', 'c.state', 'c.department_id', 'c.address'])
    .where((eb) =>
      eb.or([
        ...f.scope.paths.map((p) => eb('c.territory_path', 'like', `${p}%`)),
        ...f.scope.departments.map((d) => eb.and([eb('c.department_id', '=', d.departmentId), eb('c.territory_path', 'like', `${d.scopePath}%`)])),
      ]),
    );
  if (f.prefix) q = q.where('c.territory_path', 'like', `${f.prefix}%`);
  if (f.grade) q = q.where('h.grade', '=', f.grade);
  if (f.status) q = q.where('h.status', '=', f.status);
  if (f.overdueAt) q = q.where('h.deadline', '<', f.overdueAt).where('h.status', '!=', 'signed_off');
  if (f.beforeId) q = q.where('h.case_id', '<', f.beforeId);
  return q.orderBy('h.case_id', 'desc').limit(f.limit).execute();
}
