import type { Executor } from '../../storage/db.ts';
import { forEachChunk } from '../../storage/chunked.ts';
import type { SpotcheckBatchRow, SpotcheckItemRow } from '../../storage/schema.ts';
import { CLOSED_FOR_GOOD_STATES } from '../../../shared/cases/stateMachine.ts';

/** Closed (or closed then evaluated) cases whose closing time lies in [from, to), under a path prefix; id order. */
export async function findClosedCases(db: Executor, o: { prefix: string; from: string; to: string }) {
  return db
    .selectFrom('cases')
    .select(['id', 'case_no', 'grid_code', 'territory_path', 'department_id', 'handler_id', 'category_code', 'closed_at'])
    .where('state', 'in', CLOSED_FOR_GOOD_STATES)
    .where('closed_at', '>=', o.from)
    .where('closed_at', '<', o.to)
    .where('territory_path', 'like', `${o.prefix}%`)
    .orderBy('id')
    .execute();
}

/** Active people holding the inspector (督查员) role, with every scope path they hold it over; id order. */
export async function findInspectors(db: Executor): Promise<{ id: string; name: string; scopePaths: string[] }[]> {
  const rows = await db
    .selectFrom('role_assignments as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.display_name', 'r.scope_path'])
    .where('r.role', '=', 'inspector')
    .where('u.disabled', '=', 0)
    .orderBy('u.id')
    .execute();
  const out = new Map<string, { id: string; name: string; scopePaths: string[] }>();
  for (const r of rows) {
    const p = out.get(r.id) ?? { id: r.id, name: r.display_name, scopePaths: [] };
    p.scopePaths.push(r.scope_path);
    out.set(r.id, p);
  }
  return [...out.values()];
}

export async function insertBatch(db: Executor, row: SpotcheckBatchRow): Promise<void> {
  await db.insertInto('spotcheck_batches').values(row).execute();
}

export async function insertItems(db: Executor, rows: SpotcheckItemRow[]): Promise<void> {
  await forEachChunk(rows, (chunk) => db.insertInto('spotcheck_items').values(chunk).execute(), 200);
}

export async function findBatch(db: Executor, id: string): Promise<SpotcheckBatchRow | undefined> {
  return db.selectFrom('spotcheck_batches').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findItemsOfBatch(db: Executor, batchId: string) {
  return db
    .selectFrom('spotcheck_items as i')
    .innerJoin('cases as c', 'c.id', 'i.case_id')
    .leftJoin('users as u', 'u.id', 'i.inspector_id')
    .selectAll('i')
    .select(['c.case_no', 'c.grid_code', 'c.state as case_state', 'u.display_name as inspector_name'])
    .where('i.batch_id', '=', batchId)
    .orderBy('i.stratum')
    .orderBy('i.id')
    .execute();
}

export async function findItem(db: Executor, id: string): Promise<SpotcheckItemRow | undefined> {
  return db.selectFrom('spotcheck_items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Write a result only if none is recorded yet (two inspectors cannot both record). */
export async function recordItemIfPending(db: Executor, id: string, changes: Partial<SpotcheckItemRow>): Promise<boolean> {
  const r = await db.updateTable('spotcheck_items').set(changes).where('id', '=', id).where('result', '=', 'pending').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Recorded spot checks under a path prefix, newest first, with their item counts by result. */
export async function findBatchesUnder(db: Executor, o: { prefix: string; limit: number }) {
  const batches = await db
    .selectFrom('spotcheck_batches')
    .selectAll()
    .where('scope_path', 'like', `${o.prefix}%`)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(o.limit)
    .execute();
  const counts = batches.length
    ? await db
        .selectFrom('spotcheck_items')
        .select(['batch_id', 'result', (eb) => eb.fn.countAll<number>().as('n')])
        .where('batch_id', 'in', batches.map((b) => b.id))
        .groupBy(['batch_id', 'result'])
        .execute()
    : [];
  return { batches, counts };
}

/** Spot-check items assigned to one inspector, newest first (callers put pending ones first). */
export async function findItemsOfInspector(db: Executor, inspectorId: string, limit: number) {
  return db
    .selectFrom('spotcheck_items as i')
    .innerJoin('cases as c', 'c.id', 'i.case_id')
    .selectAll('i')
    .select(['c.case_no', 'c.grid_code', 'c.state as case_state', 'c.category_code', 'c.description'])
    .where('i.inspector_id', '=', inspectorId)
    .orderBy('i.id', 'desc')
    .limit(limit)
    .execute();
}
