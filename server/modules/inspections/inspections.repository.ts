import type { Executor } from '../../storage/db.ts';
import { forEachChunk } from '../../storage/chunked.ts';
import type { InspectionChecklistTemplateRow, InspectionFindingRow, InspectionItemResultRow, InspectionPlanRow, InspectionTaskRow } from '../../storage/schema.ts';

/** Queries of unannounced inspections (明察暗访). Every function takes db or trx; use cases own transactions. */

export async function insertTemplate(db: Executor, row: InspectionChecklistTemplateRow): Promise<void> {
  await db.insertInto('inspection_checklist_templates').values(row).execute();
}

export async function findTemplate(db: Executor, id: string): Promise<InspectionChecklistTemplateRow | undefined> {
  return db.selectFrom('inspection_checklist_templates').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Templates owned by any of these nodes (a node and its ancestors: templates are reusable below where they are made). */
export async function findTemplatesAt(db: Executor, paths: readonly string[]): Promise<InspectionChecklistTemplateRow[]> {
  if (paths.length === 0) return [];
  return db.selectFrom('inspection_checklist_templates').selectAll().where('territory_path', 'in', [...paths]).orderBy('name').orderBy('id').execute();
}

export async function insertPlan(db: Executor, row: InspectionPlanRow): Promise<void> {
  await db.insertInto('inspection_plans').values(row).execute();
}

export async function findPlan(db: Executor, id: string): Promise<InspectionPlanRow | undefined> {
  return db.selectFrom('inspection_plans').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Plans under any of the prefixes (OR'ed) and inside `within`, newest period first. */
export async function findPlansUnder(db: Executor, o: { prefixes: readonly string[]; within: string; limit: number }): Promise<InspectionPlanRow[]> {
  if (o.prefixes.length === 0) return [];
  return db
    .selectFrom('inspection_plans')
    .selectAll()
    .where('territory_path', 'like', `${o.within}%`)
    .where((eb) => eb.or(o.prefixes.map((p) => eb('territory_path', 'like', `${p}%`))))
    .orderBy('starts_at', 'desc')
    .orderBy('id', 'desc')
    .limit(o.limit)
    .execute();
}

export async function insertTasks(db: Executor, rows: InspectionTaskRow[]): Promise<void> {
  await forEachChunk(rows, (chunk) => db.insertInto('inspection_tasks').values(chunk).execute(), 200);
}

export async function findTask(db: Executor, id: string): Promise<InspectionTaskRow | undefined> {
  return db.selectFrom('inspection_tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findTasksOfPlans(db: Executor, planIds: readonly string[]) {
  if (planIds.length === 0) return [];
  return db
    .selectFrom('inspection_tasks as t')
    .leftJoin('users as u', 'u.id', 't.inspector_id')
    .selectAll('t')
    .select('u.display_name as inspector_name')
    .where('t.plan_id', 'in', [...planIds])
    .orderBy('t.id')
    .execute();
}

/** Tasks assigned to one person, with their plan; open ones first, then newest. */
export async function findTasksOfInspector(db: Executor, inspectorId: string, limit: number) {
  return db
    .selectFrom('inspection_tasks as t')
    .innerJoin('inspection_plans as p', 'p.id', 't.plan_id')
    .selectAll('t')
    .select(['p.title as plan_title', 'p.kind as plan_kind', 'p.starts_at as plan_starts_at', 'p.ends_at as plan_ends_at'])
    .where('t.inspector_id', '=', inspectorId)
    .orderBy('t.state', 'desc') // 'open' before 'done'
    .orderBy('t.id', 'desc')
    .limit(limit)
    .execute();
}

/** Open tasks per inspector (the load auto-assignment balances). */
export async function openTaskCounts(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('inspection_tasks')
    .select(['inspector_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('state', '=', 'open')
    .where('inspector_id', 'is not', null)
    .groupBy('inspector_id')
    .execute();
  return new Map(rows.map((r) => [r.inspector_id!, Number(r.n)]));
}

/** Mark a task done only if it is still open (two people cannot both complete it). */
export async function completeTaskIfOpen(db: Executor, id: string, changes: { completed_at: string; completed_by: string | null; summary: string | null }): Promise<boolean> {
  const r = await db.updateTable('inspection_tasks').set({ state: 'done', ...changes }).where('id', '=', id).where('state', '=', 'open').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findResultsOfTask(db: Executor, taskId: string): Promise<InspectionItemResultRow[]> {
  return db.selectFrom('inspection_item_results').selectAll().where('task_id', '=', taskId).orderBy('item_key').execute();
}

/** Write one item's result, replacing an earlier one of the same task and item. */
export async function upsertResult(db: Executor, row: InspectionItemResultRow): Promise<void> {
  await db
    .insertInto('inspection_item_results')
    .values(row)
    .onConflict((oc) => oc.columns(['task_id', 'item_key']).doUpdateSet({ result: row.result, note: row.note, photos_json: row.photos_json, recorded_by: row.recorded_by, recorded_at: row.recorded_at }))
    .execute();
}

export async function insertFinding(db: Executor, row: InspectionFindingRow): Promise<void> {
  await db.insertInto('inspection_findings').values(row).execute();
}

export async function findFinding(db: Executor, id: string): Promise<InspectionFindingRow | undefined> {
  return db.selectFrom('inspection_findings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Findings of some tasks with their rectification case's number and state (null before one is opened). */
export async function findFindingsOfTasks(db: Executor, taskIds: readonly string[]) {
  if (taskIds.length === 0) return [];
  return db
    .selectFrom('inspection_findings as f')
    .leftJoin('cases as c', 'c.id', 'f.case_id')
    .selectAll('f')
    .select(['c.case_no', 'c.state as case_state', 'c.closed_at as case_closed_at'])
    .where('f.task_id', 'in', [...taskIds])
    .orderBy('f.id')
    .execute();
}

/** Link a finding to its rectification case, only if it has none yet. */
export async function linkFindingToCase(db: Executor, id: string, changes: { case_id: string; rectify_deadline: string; rectify_requested_by: string | null; rectify_requested_at: string }): Promise<boolean> {
  const r = await db.updateTable('inspection_findings').set(changes).where('id', '=', id).where('case_id', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Every assignment of the active people who hold one of `roles` somewhere: the pool inspectors are drawn from. */
export async function findPeopleWithRoles(db: Executor, roles: readonly string[]) {
  if (roles.length === 0) return [];
  return db
    .selectFrom('role_assignments as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.display_name', 'r.role', 'r.scope_path', 'r.department_id'])
    .where('u.disabled', '=', 0)
    .where('u.id', 'in', (eb) => eb.selectFrom('role_assignments').select('user_id').where('role', 'in', [...roles]))
    .orderBy('u.id')
    .execute();
}

export async function findGrid(db: Executor, code: string) {
  return db.selectFrom('territory_nodes').select(['code', 'name_zh', 'path', 'level']).where('code', '=', code).executeTakeFirst();
}

export async function findSite(db: Executor, id: string) {
  return db.selectFrom('patrol_sites').select(['id', 'name', 'lat', 'lng', 'grid_code', 'territory_path', 'active']).where('id', '=', id).executeTakeFirst();
}

export async function findDepartment(db: Executor, id: string) {
  return db.selectFrom('departments').select(['id', 'code', 'name_zh', 'territory_path']).where('id', '=', id).executeTakeFirst();
}
