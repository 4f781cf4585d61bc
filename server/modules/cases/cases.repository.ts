import type { Executor } from '../../storage/db.ts';
import { CLOSED_STATES } from '../../../shared/cases/stateMachine.ts';
import { forEachChunk } from '../../storage/chunked.ts';
import type { CaseCategoryRow, CaseEventRow, CaseLedgerRow, CaseRow } from '../../storage/schema.ts';
import type { CaseListScope } from './caseAccess.ts';
import { ancestorPaths } from '../territory/lookups.ts';

/** All active categories in display order. */
export async function findCategories(db: Executor): Promise<CaseCategoryRow[]> {
  return db.selectFrom('case_categories').selectAll().where('active', '=', 1).orderBy('sort_order').execute();
}

/** One category by code (active or not), or undefined. */
export async function findCategory(db: Executor, code: string): Promise<CaseCategoryRow | undefined> {
  return db.selectFrom('case_categories').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Categories by code, in one query. */
export async function findCategoriesByCode(db: Executor, codes: readonly string[]): Promise<CaseCategoryRow[]> {
  if (codes.length === 0) return [];
  return db.selectFrom('case_categories').selectAll().where('code', 'in', [...new Set(codes)]).execute();
}

/** Insert category rows that are not there yet (concurrent starts are harmless). */
export async function insertCategoriesIfMissing(db: Executor, rows: CaseCategoryRow[]): Promise<void> {
  for (const row of rows) {
    await db.insertInto('case_categories').values(row).onConflict((oc) => oc.column('code').doNothing()).execute();
  }
}

export async function insertCase(db: Executor, row: CaseRow): Promise<void> {
  await db.insertInto('cases').values(row).execute();
}

export async function findCaseById(db: Executor, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCaseByTrackingCode(db: Executor, trackingCode: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('tracking_code', '=', trackingCode).executeTakeFirst();
}

/**
 * Update a case only if it still has `version` (optimistic concurrency): returns false when another
 * request moved it first. The version is bumped in the same statement.
 */
export async function updateCaseIfVersion(db: Executor, id: string, version: number, changes: Partial<CaseRow>): Promise<boolean> {
  const res = await db
    .updateTable('cases')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertEvents(db: Executor, rows: CaseEventRow[]): Promise<void> {
  await forEachChunk(rows, (chunk) => db.insertInto('case_events').values(chunk).execute());
}

export async function insertLedger(db: Executor, row: CaseLedgerRow): Promise<void> {
  await db.insertInto('case_ledger').values(row).execute();
}

export async function findEvents(db: Executor, caseId: string): Promise<CaseEventRow[]> {
  return db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

/** The latest event that changed the case's state (for STALE_TRANSITION messages). */
export async function findLastStateEvent(db: Executor, caseId: string): Promise<CaseEventRow | undefined> {
  return db
    .selectFrom('case_events')
    .selectAll()
    .where('case_id', '=', caseId)
    // Deadline notices and merge notes are not moves by a person.
    .where('action', 'not in', ['sla_warning', 'supervise', 'escalate', 'merged_in'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The latest event of one action on a case (e.g. the 批准缓办 that paused its clock). */
export async function findLastEventOf(db: Executor, caseId: string, action: string): Promise<CaseEventRow | undefined> {
  return db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).where('action', '=', action).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function findLedger(db: Executor, caseId: string): Promise<CaseLedgerRow[]> {
  return db.selectFrom('case_ledger').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

/** The columns a duplicate candidate (疑似重复) is shown with; a whole 45-column case row per candidate was the costliest statement of an intake. */
export type DuplicateCandidateRow = Pick<CaseRow, 'id' | 'case_no' | 'state' | 'description' | 'created_at' | 'lat' | 'lng'>;

/** Open cases of a category created in [since, until] inside a lat/lng box: duplicate candidates. */
export async function findOpenCasesNear(
  db: Executor,
  o: { categoryCode: string; since: string; until?: string; minLat: number; maxLat: number; minLng: number; maxLng: number; excludeId?: string },
): Promise<DuplicateCandidateRow[]> {
  let q = db
    .selectFrom('cases')
    .select(['id', 'case_no', 'state', 'description', 'created_at', 'lat', 'lng'])
    .where('category_code', '=', o.categoryCode)
    .where('created_at', '>=', o.since)
    .where('lat', '>=', o.minLat)
    .where('lat', '<=', o.maxLat)
    .where('lng', '>=', o.minLng)
    .where('lng', '<=', o.maxLng)
    .where('state', 'not in', CLOSED_STATES)
    .where('duplicate_of', 'is', null);
  if (o.excludeId) q = q.where('id', '!=', o.excludeId);
  if (o.until) q = q.where('created_at', '<=', o.until);
  return q.orderBy('id', 'desc').limit(20).execute();
}

export interface CaseListFilter {
  scope: CaseListScope;
  state?: string;
  categoryCode?: string;
  gridCode?: string;
  overdueAt?: string;
  assignedTo?: { userId: string; departmentIds: string[] };
  beforeId?: string;
  limit: number;
}

/** Scoped page of cases, newest first; the scope is ORed prefix matches (indexed range scans). */
export async function findCases(db: Executor, f: CaseListFilter): Promise<CaseRow[]> {
  if (f.scope.paths.length === 0 && f.scope.departments.length === 0) return [];
  let q = db.selectFrom('cases').selectAll();
  q = q.where((eb) =>
    eb.or([
      ...f.scope.paths.map((p) => eb('territory_path', 'like', `${p}%`)),
      ...f.scope.departments.map((d) => eb.and([eb('department_id', '=', d.departmentId), eb('territory_path', 'like', `${d.scopePath}%`)])),
    ]),
  );
  if (f.state) q = q.where('state', '=', f.state);
  if (f.categoryCode) q = q.where('category_code', '=', f.categoryCode);
  if (f.gridCode) q = q.where('grid_code', '=', f.gridCode);
  if (f.overdueAt) q = q.where('stage_due_at', '<', f.overdueAt);
  if (f.assignedTo) {
    const a = f.assignedTo;
    q = q.where((eb) =>
      eb.or([
        eb('handler_id', '=', a.userId),
        ...(a.departmentIds.length ? [eb.and([eb('handler_id', 'is', null), eb('department_id', 'in', a.departmentIds)])] : []),
      ]),
    );
  }
  if (f.beforeId) q = q.where('id', '<', f.beforeId);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}

/** Department by id. */
export async function findDepartment(db: Executor, id: string) {
  return db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The department of a kind serving a territory node (first by code when several). */
export async function findDepartmentByKindAt(db: Executor, kind: string, territoryCode: string) {
  return db.selectFrom('departments').selectAll().where('kind', '=', kind).where('territory_code', '=', territoryCode).orderBy('code').limit(1).executeTakeFirst();
}

/** Display names of people, in one query. */
export async function findUserNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** Users holding one of `roles` whose assignment scope covers the path (ancestors included). */
export async function findPeopleCovering(db: Executor, o: { roles: string[]; territoryPath: string; departmentId?: string | null }): Promise<string[]> {
  const prefixes = ancestorPaths(o.territoryPath);
  let q = db.selectFrom('role_assignments').select('user_id').distinct().where('role', 'in', o.roles).where('scope_path', 'in', prefixes);
  if (o.departmentId !== undefined) q = o.departmentId === null ? q.where('department_id', 'is', null) : q.where('department_id', '=', o.departmentId);
  return (await q.execute()).map((r) => r.user_id);
}

