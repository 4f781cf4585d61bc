import type { Actor } from '../../access/actor.ts';
import type { Executor } from '../../storage/db.ts';
import { findBatchesUnder, findItemsOfInspector } from './spotchecks.repository.ts';
import { presentBatchHeader, presentItemResult } from './spotCheck.ts';

/** Recorded spot checks under a territory path (newest first) with pending/passed/failed counts. */
export async function listSpotChecks(db: Executor, o: { prefix: string; limit: number }) {
  const { batches, counts } = await findBatchesUnder(db, o);
  return batches.map((b) => {
    const of = (result: string) => Number(counts.find((c) => c.batch_id === b.id && c.result === result)?.n ?? 0);
    const passed = of('passed');
    const failed = of('failed');
    return {
      ...presentBatchHeader(b),
      pending: of('pending'),
      passed,
      failed,
      passRate: passed + failed ? Math.round((passed / (passed + failed)) * 10_000) / 10_000 : null,
      createdAt: new Date(b.created_at).toISOString(),
    };
  });
}

/** The caller's own spot-check assignments (督查员的待办): pending first, then the newest recorded. */
export async function listMySpotCheckItems(db: Executor, o: { actor: Actor; limit: number }) {
  if (!o.actor.id) return [];
  const rows = await findItemsOfInspector(db, o.actor.id, o.limit);
  const items = rows.map((i) => ({
    id: i.id,
    batchId: i.batch_id,
    caseId: i.case_id,
    caseNo: i.case_no,
    caseState: i.case_state,
    categoryCode: i.category_code,
    description: i.description,
    gridCode: i.grid_code,
    stratum: i.stratum,
    ...presentItemResult(i),
  }));
  return [...items.filter((i) => i.result === 'pending'), ...items.filter((i) => i.result !== 'pending')];
}
