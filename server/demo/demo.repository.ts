import type { Executor } from '../storage/db.ts';
import { forEachChunk, inChunks } from '../storage/chunked.ts';
import type { TerritoryLevel } from '../storage/schema.ts';

/** Queries the demo builder needs beyond the territory and people repositories. Callers own the transaction. */

/** Seed recorded by the latest 'demo.build' audit entry, or null when the demo was never built. */
export async function lastDemoSeed(db: Executor): Promise<number | null> {
  const row = await db
    .selectFrom('audit_log')
    .select('after_json')
    .where('action', '=', 'demo.build')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row?.after_json) return null;
  const seed = (JSON.parse(row.after_json) as { seed?: unknown }).seed;
  return typeof seed === 'number' ? seed : null;
}

/** How many territory nodes came from somewhere other than the demo builder. */
export async function countNonDemoNodes(db: Executor, demoSource: string): Promise<number> {
  const row = await db
    .selectFrom('territory_nodes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb('source', '!=', demoSource), eb('source', 'is', null)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function userIdsByUsername(db: Executor, usernames: readonly string[]): Promise<string[]> {
  const rows = await inChunks(usernames, (chunk) => db.selectFrom('users').select('id').where('username', 'in', chunk).execute());
  return rows.map((r) => r.id);
}

/** Remove people with their sessions, tokens and role assignments. */
export async function deleteUsers(db: Executor, userIds: readonly string[]): Promise<void> {
  await forEachChunk(userIds, async (chunk) => {
    await db.deleteFrom('sessions').where('user_id', 'in', chunk).execute();
    await db.deleteFrom('api_tokens').where('user_id', 'in', chunk).execute();
    await db.deleteFrom('role_assignments').where('user_id', 'in', chunk).execute();
    await db.deleteFrom('users').where('id', 'in', chunk).execute();
  });
}

export async function deleteDepartmentsByCode(db: Executor, codes: readonly string[]): Promise<void> {
  await forEachChunk(codes, (chunk) => db.deleteFrom('departments').where('code', 'in', chunk).execute());
}

/** Delete nodes from one source, children first (parent_code is a foreign key). */
export async function deleteNodesBySource(db: Executor, source: string): Promise<number> {
  let deleted = 0;
  for (const level of ['grid', 'community', 'street', 'county', 'city', 'province'] as TerritoryLevel[]) {
    const result = await db.deleteFrom('territory_nodes').where('source', '=', source).where('level', '=', level).executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}

/** Every person with their role assignments (the demo activity acts as them). */
export async function peopleWithAssignments(db: Executor) {
  return db
    .selectFrom('users')
    .innerJoin('role_assignments', 'role_assignments.user_id', 'users.id')
    .select(['users.id', 'users.username', 'users.display_name', 'role_assignments.role', 'role_assignments.scope_code', 'role_assignments.scope_path', 'role_assignments.department_id'])
    // A stable order: the activity picks people by position, and PostgreSQL returns an unordered join in
    // whatever order its plan gives (same seed must give the same history on both databases).
    .orderBy('users.username')
    .orderBy('role_assignments.role')
    .orderBy('role_assignments.scope_code')
    .execute();
}

/** Territory nodes below the grid level and the grids with their bounding boxes. */
export async function territoryForActivity(db: Executor) {
  return db
    .selectFrom('territory_nodes')
    .select(['code', 'level', 'name_zh', 'min_lat', 'max_lat', 'min_lng', 'max_lng'])
    .where('level', 'in', ['county', 'street', 'community', 'grid'])
    .orderBy('code')
    .execute();
}

export async function departmentIdsByCode(db: Executor): Promise<Map<string, string>> {
  const rows = await db.selectFrom('departments').select(['id', 'code']).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

/**
 * Operational records of every module, children before parents, for `wangge demo --reset`: the demo's
 * activity (and anything else done on the demo territory) must go before its territory and people can.
 * The audit log is append-only and stays; category, evaluation-weight and checklist-template setup stays.
 */
const OPERATIONAL_TABLES = [
  'notifications', 'case_hazard_reinspections', 'case_mediation_sessions', 'case_hazards', 'case_ledger', 'case_events',
  'spotcheck_items', 'spotcheck_batches', 'accountability_records', 'followup_items',
  'inspection_item_results', 'inspection_findings', 'inspection_tasks', 'inspection_plans',
  'directive_escalations', 'directive_supplements', 'directive_counters', 'directive_deliveries', 'directives',
  'campaign_daily_escalations', 'campaign_daily_reports', 'campaign_phases', 'campaigns',
  'patrol_gap_alerts', 'patrol_checkins', 'patrol_plan_visits', 'patrol_plans', 'patrol_sites',
  'roster_swap_requests', 'roster_assignments', 'roster_unavailability', 'roster_members', 'roster_shift_templates', 'roster_units',
  'scheduled_bulletins', 'idempotency_keys', 'cases', 'attachments',
] as const;

/** Delete every operational record (see OPERATIONAL_TABLES); returns how many rows went. */
export async function deleteOperationalRecords(db: Executor): Promise<number> {
  let deleted = 0;
  for (const table of OPERATIONAL_TABLES) {
    // cases.duplicate_of points at other cases: clear it first so one delete removes them all.
    if (table === 'cases') await db.updateTable('cases').set({ duplicate_of: null }).where('duplicate_of', 'is not', null).execute();
    const result = await db.deleteFrom(table).executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}
