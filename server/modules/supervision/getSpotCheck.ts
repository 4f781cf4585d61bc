import type { SpotCheckResult, SpotCheckStratum } from '../../../shared/supervision/wire.ts';
import type { Actor } from '../../access/actor.ts';
import { requireAccess } from '../../access/access.ts';
import { notFound } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import { findBatch, findItemsOfBatch } from './spotchecks.repository.ts';

const bool = (v: number | null) => (v === null ? null : v === 1);

/** A recorded spot check with its items and results; visible with spotcheck.manage over its scope. */
export async function getSpotCheck(db: Executor, o: { actor: Actor; id: string }) {
  await requireAccess(db, { actor: o.actor, action: 'spotcheck.manage', resource: 'spotCheck', ids: [o.id] });
  const batch = await findBatch(db, o.id);
  if (!batch) throw notFound('spot check');
  const items = await findItemsOfBatch(db, batch.id);
  const recorded = items.filter((i) => i.result !== 'pending');
  return {
    id: batch.id,
    seed: Number(batch.seed),
    period: { from: new Date(batch.period_from).toISOString(), to: new Date(batch.period_to).toISOString() },
    scopeCode: batch.scope_code,
    stratumLevel: batch.stratum_level,
    confidence: batch.confidence,
    margin: batch.margin,
    population: batch.population,
    sampleSize: batch.sample_size,
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
      result: i.result as SpotCheckResult,
      callbackReached: bool(i.callback_reached),
      callbackSatisfied: bool(i.callback_satisfied),
      callbackMatches: bool(i.callback_matches),
      recheckFixed: bool(i.recheck_fixed),
      note: i.note,
      recordedAt: i.recorded_at ? new Date(i.recorded_at).toISOString() : null,
    })),
  };
}
