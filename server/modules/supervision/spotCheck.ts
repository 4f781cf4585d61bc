import type { SpotCheckResult } from '../../../shared/supervision/wire.ts';
import type { SpotcheckBatchRow, SpotcheckItemRow } from '../../storage/schema.ts';

/** Presenters shared by the spot-check reads (抽查): one batch's header, one item's recorded result. */

const bool = (v: number | null) => (v === null ? null : v === 1);

/** The fields every view of a spot-check batch starts with: how it was drawn and how large it is. */
export function presentBatchHeader(b: Pick<SpotcheckBatchRow, 'id' | 'seed' | 'period_from' | 'period_to' | 'scope_code' | 'stratum_level' | 'confidence' | 'margin' | 'population' | 'sample_size'>) {
  return {
    id: b.id,
    seed: Number(b.seed),
    period: { from: new Date(b.period_from).toISOString(), to: new Date(b.period_to).toISOString() },
    scopeCode: b.scope_code,
    stratumLevel: b.stratum_level,
    confidence: b.confidence,
    margin: b.margin,
    population: b.population,
    sampleSize: b.sample_size,
  };
}

/** What an inspector recorded on one item (callback and re-check answers stored as 0/1/null). */
export function presentItemResult(i: Pick<SpotcheckItemRow, 'result' | 'callback_reached' | 'callback_satisfied' | 'callback_matches' | 'recheck_fixed' | 'note' | 'recorded_at'>) {
  return {
    result: i.result as SpotCheckResult,
    callbackReached: bool(i.callback_reached),
    callbackSatisfied: bool(i.callback_satisfied),
    callbackMatches: bool(i.callback_matches),
    recheckFixed: bool(i.recheck_fixed),
    note: i.note,
    recordedAt: i.recorded_at ? new Date(i.recorded_at).toISOString() : null,
  };
}
