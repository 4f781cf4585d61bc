import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import type { Trx } from '../../storage/db.ts';
import { drawSpotCheckSample, type DrawSpotCheckOptions } from './drawSpotCheckSample.ts';
import { insertBatch, insertItems } from './spotchecks.repository.ts';

/** Draw a spot-check sample and record it (batch with seed and parameters, one pending item per case). */
export async function createSpotCheck(trx: Trx, o: DrawSpotCheckOptions & { actor: Actor; now: Date }) {
  const draw = await drawSpotCheckSample(trx, o);
  const id = uuidv7();
  const nowIso = o.now.toISOString();
  await insertBatch(trx, {
    id,
    seed: o.seed,
    period_from: o.period.from,
    period_to: o.period.to,
    scope_code: o.scopeCode,
    scope_path: o.scopePath,
    stratum_level: o.stratumLevel,
    confidence: o.confidence,
    margin: o.margin,
    population: draw.population,
    sample_size: draw.sampleSize,
    strata_json: JSON.stringify(draw.strata),
    created_by: o.actor.id,
    created_at: nowIso,
  });
  await insertItems(
    trx,
    draw.items.map((i) => ({
      id: uuidv7(),
      batch_id: id,
      case_id: i.caseId,
      stratum: i.stratum,
      territory_path: i.territoryPath,
      department_id: i.departmentId,
      handler_id: i.handlerId,
      inspector_id: i.inspectorId,
      result: 'pending',
      callback_reached: null,
      callback_satisfied: null,
      callback_matches: null,
      recheck_fixed: null,
      note: null,
      photos_json: null,
      recorded_by: null,
      recorded_at: null,
      created_at: nowIso,
    })),
  );
  await appendAudit(trx, o.actor, {
    action: 'spotcheck.create',
    recordType: 'spotcheck',
    recordId: id,
    after: { seed: o.seed, period: o.period, scope: o.scopeCode, confidence: o.confidence, margin: o.margin, population: draw.population, sampleSize: draw.sampleSize, drawn: draw.drawn },
  });
  return { id, ...draw };
}
