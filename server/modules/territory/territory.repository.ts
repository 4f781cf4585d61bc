import type { Executor } from '../../storage/db.ts';
import { forEachChunk, inChunks } from '../../storage/chunked.ts';
import type { TerritoryNodeRow } from '../../storage/schema.ts';

/** Queries over territory_nodes. Callers own the transaction. */

/** Rows per upsert: node rows carry geometry and 14 columns. */
const INSERT_CHUNK = 200;

/** Insert or replace nodes by code (idempotent re-import). Rows must give every column. */
export async function upsertNodes(db: Executor, rows: readonly TerritoryNodeRow[]): Promise<void> {
  await forEachChunk(rows, async (chunk) => {
    await db
      .insertInto('territory_nodes')
      .values(chunk)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          level: eb.ref('excluded.level'),
          name_zh: eb.ref('excluded.name_zh'),
          name_en: eb.ref('excluded.name_en'),
          parent_code: eb.ref('excluded.parent_code'),
          path: eb.ref('excluded.path'),
          geometry: eb.ref('excluded.geometry'),
          min_lng: eb.ref('excluded.min_lng'),
          min_lat: eb.ref('excluded.min_lat'),
          max_lng: eb.ref('excluded.max_lng'),
          max_lat: eb.ref('excluded.max_lat'),
          source: eb.ref('excluded.source'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }, INSERT_CHUNK);
}

export async function findNode(db: Executor, code: string): Promise<TerritoryNodeRow | undefined> {
  return db.selectFrom('territory_nodes').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Code, path, level and Chinese name of one node: what other modules need of a node, without its geometry. */
export async function findNodeSummary(db: Executor, code: string) {
  return db.selectFrom('territory_nodes').select(['code', 'path', 'level', 'name_zh']).where('code', '=', code).executeTakeFirst();
}

/** Chinese name and level of each code that exists, in chunked queries. */
export async function findNodeNames(db: Executor, codes: readonly string[]): Promise<Map<string, { name: string; level: string }>> {
  const unique = [...new Set(codes)];
  const out = new Map<string, { name: string; level: string }>();
  await forEachChunk(unique, async (chunk) => {
    const rows = await db.selectFrom('territory_nodes').select(['code', 'name_zh', 'level']).where('code', 'in', chunk).execute();
    for (const r of rows) out.set(r.code, { name: r.name_zh, level: r.level });
  });
  return out;
}

export async function countNodes(db: Executor): Promise<number> {
  const row = await db.selectFrom('territory_nodes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Code and geometry of every grid that has one: the input of the point → grid index. */
export async function gridRowsForIndex(db: Executor): Promise<{ code: string; geometry: string | null }[]> {
  return db
    .selectFrom('territory_nodes')
    .select(['code', 'geometry'])
    .where('level', '=', 'grid')
    .where('geometry', 'is not', null)
    .execute();
}

/** A cheap fingerprint of the grid rows (count and latest update): changes when grids change. */
export async function gridSignature(db: Executor): Promise<string> {
  const row = await db
    .selectFrom('territory_nodes')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('latest')])
    .where('level', '=', 'grid')
    .executeTakeFirstOrThrow();
  return `${Number(row.n)}|${String(row.latest ?? '')}`;
}

/** Nodes by code (any subset may be missing). */
export async function findNodes(db: Executor, codes: readonly string[]): Promise<TerritoryNodeRow[]> {
  return inChunks(codes, (chunk) => db.selectFrom('territory_nodes').selectAll().where('code', 'in', chunk).execute());
}

/** Direct children of a node, without geometry, ordered by code. */
export async function childrenOf(db: Executor, parentCode: string) {
  return db
    .selectFrom('territory_nodes')
    .select(['code', 'name_zh', 'name_en', 'level', 'path', 'parent_code'])
    .where('parent_code', '=', parentCode)
    .orderBy('code')
    .execute();
}

/** Grids (with geometry) whose path starts with `withinPath` and with one of `scopePaths`. */
export async function gridsWithin(db: Executor, withinPath: string, scopePaths: readonly string[]): Promise<TerritoryNodeRow[]> {
  if (scopePaths.length === 0) return [];
  return db
    .selectFrom('territory_nodes')
    .selectAll()
    .where('level', '=', 'grid')
    .where('path', 'like', `${withinPath}%`)
    .where((eb) => eb.or(scopePaths.map((p) => eb('path', 'like', `${p}%`))))
    .orderBy('code')
    .execute();
}

/** Every node (optionally one level), ordered by code: for export. */
export async function allNodes(db: Executor, level?: TerritoryNodeRow['level']): Promise<TerritoryNodeRow[]> {
  let q = db.selectFrom('territory_nodes').selectAll();
  if (level) q = q.where('level', '=', level);
  return q.orderBy('code').execute();
}

/** Set the 网格概况 fields of one node. */
export async function updateProfile(
  db: Executor,
  code: string,
  patch: Partial<Pick<TerritoryNodeRow, 'households' | 'residents' | 'description'>>,
  updatedAt: string,
): Promise<void> {
  await db.updateTable('territory_nodes').set({ ...patch, updated_at: updatedAt }).where('code', '=', code).execute();
}
