import type { Executor } from '../../storage/db.ts';
import { forEachChunk, inChunks } from '../../storage/chunked.ts';
import type { PatrolCheckinRow, PatrolPlanVisitRow, PatrolSiteRow } from '../../storage/schema.ts';

/** Queries only: the use cases own transactions. */

export async function insertSite(db: Executor, row: PatrolSiteRow): Promise<void> {
  await db.insertInto('patrol_sites').values(row).execute();
}

export async function sitesByIds(db: Executor, ids: readonly string[]): Promise<PatrolSiteRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('patrol_sites').selectAll().where('id', 'in', [...new Set(ids)]).execute();
}

/**
 * Planned visits of these workers at these sites in plans whose shift overlaps [from, to] — what lets a
 * worker check in at a site outside their own grid (a street-wide plan sends them across grids).
 */
export async function plannedVisitsFor(db: Executor, o: { workerIds: readonly string[]; siteIds: readonly string[]; from: string; to: string }) {
  if (o.workerIds.length === 0 || o.siteIds.length === 0) return [];
  return db
    .selectFrom('patrol_plan_visits as v')
    .innerJoin('patrol_plans as p', 'p.id', 'v.plan_id')
    .select(['v.worker_id', 'v.site_id', 'p.shift_start', 'p.shift_end'])
    .where('v.worker_id', 'in', [...new Set(o.workerIds)])
    .where('v.site_id', 'in', [...new Set(o.siteIds)])
    .where('p.shift_start', '<=', o.to)
    .where('p.shift_end', '>=', o.from)
    .distinct()
    .execute();
}

/** Active sites under any of the territory paths (prefix match). */
export async function sitesUnder(db: Executor, paths: readonly string[]): Promise<PatrolSiteRow[]> {
  if (paths.length === 0) return [];
  return db
    .selectFrom('patrol_sites')
    .selectAll()
    .where('active', '=', 1)
    .where((eb) => eb.or(paths.map((p) => eb('territory_path', 'like', `${p}%`))))
    .orderBy('id')
    .execute();
}

/**
 * Sites under the paths that were active at some point after `since` (ISO): the active ones and those
 * deactivated later than `since` — a day's compliance keeps a site deactivated that afternoon.
 * With `since` null: every site, active or not (the managers' list).
 */
export async function sitesUnderIncludingInactive(db: Executor, paths: readonly string[], since: string | null): Promise<PatrolSiteRow[]> {
  if (paths.length === 0) return [];
  let q = db
    .selectFrom('patrol_sites')
    .selectAll()
    .where((eb) => eb.or(paths.map((p) => eb('territory_path', 'like', `${p}%`))));
  if (since !== null) q = q.where((eb) => eb.or([eb('active', '=', 1), eb('updated_at', '>', since)]));
  return q.orderBy('id').execute();
}

export async function findSite(db: Executor, id: string): Promise<PatrolSiteRow | undefined> {
  return db.selectFrom('patrol_sites').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Conditional update: applies only while updated_at is still `expectedUpdatedAt`; returns whether it did. */
export async function updateSiteRow(db: Executor, id: string, expectedUpdatedAt: string, values: Partial<Omit<PatrolSiteRow, 'id' | 'created_at' | 'created_by'>>): Promise<boolean> {
  const res = await db.updateTable('patrol_sites').set(values).where('id', '=', id).where('updated_at', '=', expectedUpdatedAt).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function allActiveSites(db: Executor): Promise<PatrolSiteRow[]> {
  return db.selectFrom('patrol_sites').selectAll().where('active', '=', 1).execute();
}

/** Check-ins at the given sites with `at` in [from, to). */
export async function checkinsAt(db: Executor, siteIds: readonly string[], from: string, to: string): Promise<PatrolCheckinRow[]> {
  return inChunks([...new Set(siteIds)], (chunk) => db.selectFrom('patrol_checkins').selectAll().where('site_id', 'in', chunk).where('at', '>=', from).where('at', '<', to).execute());
}

/** Latest check-in per site before `to` (for "time since last visit"). */
export async function lastArrivals(db: Executor, siteIds: readonly string[], to: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const rows = await inChunks([...new Set(siteIds)], (chunk) =>
    db
      .selectFrom('patrol_checkins')
      .select(['site_id', (eb) => eb.fn.max('at').as('last')])
      .where('site_id', 'in', chunk)
      .where('kind', '=', 'arrive')
      .where('at', '<', to)
      .groupBy('site_id')
      .execute(),
  );
  for (const r of rows) if (r.last) out.set(r.site_id, String(r.last));
  return out;
}

export async function checkinsByNonces(db: Executor, nonces: readonly string[]): Promise<Pick<PatrolCheckinRow, 'id' | 'client_nonce' | 'worker_id' | 'fingerprint'>[]> {
  if (nonces.length === 0) return [];
  return db.selectFrom('patrol_checkins').select(['id', 'client_nonce', 'worker_id', 'fingerprint']).where('client_nonce', 'in', [...nonces]).execute();
}

export async function insertCheckinsIgnoringDuplicates(db: Executor, rows: PatrolCheckinRow[]): Promise<void> {
  if (rows.length === 0) return;
  // 14 columns per row: stay well under SQLite's parameter limit.
  await forEachChunk(rows, (chunk) => db.insertInto('patrol_checkins').values(chunk).onConflict((oc) => oc.column('client_nonce').doNothing()).execute());
}

export async function insertPlanVisits(db: Executor, rows: PatrolPlanVisitRow[]): Promise<void> {
  await forEachChunk(rows, (chunk) => db.insertInto('patrol_plan_visits').values(chunk).execute());
}

/**
 * Active campaign phases (专项行动) whose campaign covers some territory, overlapping [from, to):
 * the patrol multiplier source (server/modules/campaigns owns the tables; we only read them).
 */
export async function campaignPhasesOverlapping(db: Executor, from: string, to: string): Promise<{ territory_path: string; starts_at: string; ends_at: string; patrol_multiplier: number }[]> {
  return db
    .selectFrom('campaign_phases')
    .innerJoin('campaigns', 'campaigns.id', 'campaign_phases.campaign_id')
    .select(['campaigns.territory_path', 'campaign_phases.starts_at', 'campaign_phases.ends_at', 'campaign_phases.patrol_multiplier'])
    .where('campaign_phases.starts_at', '<', to)
    .where('campaign_phases.ends_at', '>', from)
    .execute();
}

/** Duty officers' assignments (for gap alerts), all scopes. */
export async function dutyOfficerAssignments(db: Executor): Promise<{ user_id: string; scope_path: string }[]> {
  return db
    .selectFrom('role_assignments')
    .innerJoin('users', 'users.id', 'role_assignments.user_id')
    .select(['role_assignments.user_id', 'role_assignments.scope_path'])
    .where('role_assignments.role', '=', 'duty_officer')
    .where('users.disabled', '=', 0)
    .execute();
}

/** Display names of people (for compliance tables: who patrolled). */
export async function displayNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(ids)];
  for (const r of await inChunks(unique, (chunk) => db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', chunk).execute())) out.set(r.id, r.display_name);
  return out;
}
