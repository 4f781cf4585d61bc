import type { Executor } from '../../storage/db.ts';

/**
 * 就地化解率 (KPI "resolved at grid level", 矛盾不上交): disputes closed in [from, to) under the scope
 * whose ladder never left the grid level ÷ all disputes closed in that period under the scope.
 * rate is null when nothing was closed.
 */
export async function resolvedAtGridLevelRate(db: Executor, scope: { territoryPath: string }, period: { from: string; to: string }) {
  const rows = await db
    .selectFrom('cases')
    .select(['dispute_level', (eb) => eb.fn.countAll<number>().as('n')])
    .where('kind', '=', 'dispute')
    .where('territory_path', 'like', `${scope.territoryPath}%`)
    .where('closed_at', '>=', period.from)
    .where('closed_at', '<', period.to)
    .groupBy('dispute_level')
    .execute();
  const closed = rows.reduce((s, r) => s + Number(r.n), 0);
  const atGrid = Number(rows.find((r) => r.dispute_level === 'grid')?.n ?? 0);
  return { closed, resolvedAtGrid: atGrid, rate: closed === 0 ? null : atGrid / closed };
}
