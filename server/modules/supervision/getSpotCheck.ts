import type { SpotCheckStratum } from '../../../shared/supervision/wire.ts';
import type { Actor } from '../../access/actor.ts';
import { requireAccess } from '../../access/access.ts';
import { notFound } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import { findBatch, findItemsOfBatch } from './spotchecks.repository.ts';
import { presentBatchHeader, presentItemResult } from './spotCheck.ts';

/** A recorded spot check with its items and results; visible with spotcheck.manage over its scope. */
export async function getSpotCheck(db: Executor, o: { actor: Actor; id: string }) {
  await requireAccess(db, { actor: o.actor, action: 'spotcheck.manage', resource: 'spotCheck', ids: [o.id] });
  const batch = await findBatch(db, o.id);
  if (!batch) throw notFound('spot check');
  const items = await findItemsOfBatch(db, batch.id);
  const recorded = items.filter((i) => i.result !== 'pending');
  return {
    ...presentBatchHeader(batch),
    strata: JSON.parse(batch.strata_json) as SpotCheckStratum[],
    passRate: recorded.length ? Math.round((recorded.filter((i) => i.result === 'passed').length / recorded.length) * 10_000) / 10_000 : null,
    items: items.map((i) => ({
      id: i.id,
      caseId: i.case_id,
      caseNo: i.case_no,
      caseState: i.case_state,
      gridCode: i.grid_code,
      stratum: i.stratum,
      inspectorId: i.inspector_id,
      inspectorName: i.inspector_name,
      ...presentItemResult(i),
    })),
  };
}
