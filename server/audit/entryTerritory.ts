import type { Kysely } from 'kysely';
import type { Executor } from '../storage/db.ts';
import { chunksOf } from '../storage/chunked.ts';

/**
 * Where an audit entry belongs (属地), for scoping who may read it (issue 12, finding 5).
 *
 * An entry is about one record (`record_type`, `record_id`); it lies where that record lies:
 * - records that carry a territory path (cases — hazards and disputes included —, directives,
 *   campaigns, patrol sites/plans/check-ins, roster units, inspections, follow-ups, accountability,
 *   spot checks, bulletins, territory nodes) → that path;
 * - records that belong to a person (a user — logins, logouts, personal-data reads —, an API token, an
 *   attachment by its uploader) → the scope paths of that person's role assignments;
 * - everything else — system jobs, city-wide settings (evaluation weights, Open311 keys), territory
 *   imports, anonymous uploads, a record type nobody mapped, a record that no longer exists — is
 *   **city-wide**: it gets the paths of the city and province nodes, so only auditors whose scope
 *   covers a whole city (or more) see it. Failing closed: an unknown record type is never visible to a
 *   district-scoped auditor.
 * Add a line to TABLE_PATHS (or PERSONAL) when a module starts auditing a new record type.
 */

/** Record types whose table stores a territory path, keyed by the id the entry's record_id holds. */
const TABLE_PATHS: Readonly<Record<string, { table: string; id: string; path: string }>> = {
  case: { table: 'cases', id: 'id', path: 'territory_path' },
  directive: { table: 'directives', id: 'id', path: 'issuing_path' },
  campaign: { table: 'campaigns', id: 'id', path: 'territory_path' },
  patrol_site: { table: 'patrol_sites', id: 'id', path: 'territory_path' },
  patrol_plan: { table: 'patrol_plans', id: 'id', path: 'territory_path' },
  patrol_checkin: { table: 'patrol_checkins', id: 'id', path: 'territory_path' },
  roster_unit: { table: 'roster_units', id: 'id', path: 'territory_path' },
  inspection_plan: { table: 'inspection_plans', id: 'id', path: 'territory_path' },
  inspection_task: { table: 'inspection_tasks', id: 'id', path: 'territory_path' },
  inspection_template: { table: 'inspection_checklist_templates', id: 'id', path: 'territory_path' },
  followup: { table: 'followup_items', id: 'id', path: 'territory_path' },
  accountability: { table: 'accountability_records', id: 'id', path: 'territory_path' },
  spotcheck: { table: 'spotcheck_batches', id: 'id', path: 'scope_path' },
  spotcheck_item: { table: 'spotcheck_items', id: 'id', path: 'territory_path' },
  bulletin: { table: 'scheduled_bulletins', id: 'id', path: 'scope_path' },
  territory: { table: 'territory_nodes', id: 'code', path: 'path' },
  territory_node: { table: 'territory_nodes', id: 'code', path: 'path' },
};

/** Record types that belong to a person: the column holding that person's user id. */
const PERSONAL: Readonly<Record<string, { table: string; id: string; user: string }>> = {
  api_token: { table: 'api_tokens', id: 'id', user: 'user_id' },
  attachment: { table: 'attachments', id: 'id', user: 'created_by' },
};

/** Record types whose path is found through a parent row. */
const VIA_PARENT: Readonly<Record<string, { table: string; id: string; parentId: string; parent: string; path: string }>> = {
  roster_swap: { table: 'roster_swap_requests', id: 'id', parentId: 'unit_id', parent: 'roster_units', path: 'territory_path' },
  inspection_finding: { table: 'inspection_findings', id: 'id', parentId: 'task_id', parent: 'inspection_tasks', path: 'territory_path' },
};

/** The distinct items in pieces of storage/chunked.ts's size. */
function chunks<T>(items: readonly T[]): T[][] {
  return chunksOf([...new Set(items)]);
}

/** The lookups above name tables and columns from the fixed lists in this file, never from input. */
function untyped(db: Executor): Kysely<Record<string, Record<string, unknown>>> {
  return db as unknown as Kysely<Record<string, Record<string, unknown>>>;
}

/** Scope paths of each user's role assignments. */
async function pathsOfUsers(db: Executor, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const chunk of chunks(userIds)) {
    const rows = await db.selectFrom('role_assignments').select(['user_id', 'scope_path']).where('user_id', 'in', chunk).execute();
    for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.scope_path]);
  }
  return out;
}

/** Paths of the city and province nodes: what a city-wide entry carries. */
async function cityWidePaths(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('territory_nodes').select('path').where('level', 'in', ['province', 'city']).execute();
  return rows.map((r) => r.path);
}

/**
 * Territory paths of audit entries by seq (as strings, the access check's id type). Seqs that are not
 * entries are absent. Four queries per record type present, at most, plus one for city-wide paths.
 */
export async function auditEntryPaths(db: Executor, seqs: readonly string[]): Promise<Map<string, string[]>> {
  const numeric = [...new Set(seqs)].filter((s) => /^\d+$/.test(s)).map(Number);
  const entries: { seq: number; record_type: string; record_id: string | null }[] = [];
  for (const chunk of chunks(numeric)) {
    const rows = await db.selectFrom('audit_log').select(['seq', 'record_type', 'record_id']).where('seq', 'in', chunk).execute();
    entries.push(...rows.map((r) => ({ ...r, seq: Number(r.seq) })));
  }
  const idsByType = new Map<string, string[]>();
  for (const e of entries) if (e.record_id !== null) idsByType.set(e.record_type, [...(idsByType.get(e.record_type) ?? []), e.record_id]);

  /** record type → record id → paths */
  const found = new Map<string, Map<string, string[]>>();
  for (const [type, ids] of idsByType) {
    const paths = new Map<string, string[]>();
    found.set(type, paths);
    const direct = TABLE_PATHS[type];
    const personal = PERSONAL[type];
    const viaParent = VIA_PARENT[type];
    if (type === 'user') {
      for (const [id, p] of await pathsOfUsers(db, ids)) paths.set(id, p);
    } else if (direct) {
      for (const chunk of chunks(ids)) {
        const rows = await untyped(db).selectFrom(direct.table).select([`${direct.id} as id`, `${direct.path} as path`]).where(direct.id, 'in', chunk).execute();
        for (const r of rows) paths.set(String(r['id']), [String(r['path'])]);
      }
    } else if (personal) {
      const owners = new Map<string, string>();
      for (const chunk of chunks(ids)) {
        const rows = await untyped(db).selectFrom(personal.table).select([`${personal.id} as id`, `${personal.user} as user`]).where(personal.id, 'in', chunk).execute();
        for (const r of rows) if (r['user'] !== null) owners.set(String(r['id']), String(r['user']));
      }
      const userPaths = await pathsOfUsers(db, [...owners.values()]);
      for (const [id, user] of owners) {
        const p = userPaths.get(user);
        if (p) paths.set(id, p);
      }
    } else if (viaParent) {
      for (const chunk of chunks(ids)) {
        const rows = await untyped(db)
          .selectFrom(`${viaParent.table} as c`)
          .innerJoin(`${viaParent.parent} as p`, `p.id`, `c.${viaParent.parentId}`)
          .select([`c.${viaParent.id} as id`, `p.${viaParent.path} as path`])
          .where(`c.${viaParent.id}`, 'in', chunk)
          .execute();
        for (const r of rows) paths.set(String(r['id']), [String(r['path'])]);
      }
    }
  }

  let cityWide: string[] | null = null;
  const out = new Map<string, string[]>();
  for (const e of entries) {
    const own = e.record_id !== null ? found.get(e.record_type)?.get(e.record_id) : undefined;
    if (own && own.length > 0) {
      out.set(String(e.seq), own);
    } else {
      cityWide ??= await cityWidePaths(db);
      out.set(String(e.seq), cityWide);
    }
  }
  return out;
}
