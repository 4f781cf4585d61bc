import type { Executor } from '../storage/db.ts';
import type { TerritoryLevel } from '../storage/schema.ts';

/** Queries the demo builder needs beyond the territory and people repositories. Callers own the transaction. */

const CHUNK = 500;

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
  const ids: string[] = [];
  for (let i = 0; i < usernames.length; i += CHUNK) {
    const rows = await db.selectFrom('users').select('id').where('username', 'in', usernames.slice(i, i + CHUNK)).execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/** Remove people with their sessions, tokens and role assignments. */
export async function deleteUsers(db: Executor, userIds: readonly string[]): Promise<void> {
  for (let i = 0; i < userIds.length; i += CHUNK) {
    const chunk = userIds.slice(i, i + CHUNK);
    await db.deleteFrom('sessions').where('user_id', 'in', chunk).execute();
    await db.deleteFrom('api_tokens').where('user_id', 'in', chunk).execute();
    await db.deleteFrom('role_assignments').where('user_id', 'in', chunk).execute();
    await db.deleteFrom('users').where('id', 'in', chunk).execute();
  }
}

export async function deleteDepartmentsByCode(db: Executor, codes: readonly string[]): Promise<void> {
  for (let i = 0; i < codes.length; i += CHUNK) await db.deleteFrom('departments').where('code', 'in', codes.slice(i, i + CHUNK)).execute();
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
