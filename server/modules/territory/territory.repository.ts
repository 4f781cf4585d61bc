import type { Executor } from '../../storage/db.ts';
import type { TerritoryNodeRow } from '../../storage/schema.ts';

/** Queries over territory_nodes. Callers own the transaction. */

const INSERT_CHUNK = 200;

/** Insert or replace nodes by code (idempotent re-import). Rows must give every column. */
export async function upsertNodes(db: Executor, rows: readonly TerritoryNodeRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
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
  }
}

export async function findNode(db: Executor, code: string): Promise<TerritoryNodeRow | undefined> {
  return db.selectFrom('territory_nodes').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function countNodes(db: Executor): Promise<number> {
  const row = await db.selectFrom('territory_nodes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
