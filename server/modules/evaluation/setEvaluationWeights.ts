import type { Actor } from '../../access/actor.ts';
import type { WeightsBody } from './evaluation.schemas.ts';
import { requireAccess } from '../../access/access.ts';
import { EVALUATION_WEIGHTS_ID } from '../../access/resources.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { COMPONENTS, loadWeights, type ComponentKey } from './components.ts';

/** Change evaluation weights (evaluation.manage over the deployment); at least one weight must stay positive. Audited. */
export async function setEvaluationWeights(trx: Trx, o: WeightsBody & { actor: Actor; now: Date }) {
  // The weights are one deployment-wide record: evaluation.manage over the whole deployment (a city
  // leader), not anywhere (a district leader may read them but gets 403; see resource evaluationWeights).
  await requireAccess(trx, { actor: o.actor, action: 'evaluation.manage', resource: 'evaluationWeights', ids: [EVALUATION_WEIGHTS_ID], now: o.now });
  const before = await loadWeights(trx);
  const after = { ...before };
  for (const [k, v] of Object.entries(o.weights)) if (v !== undefined) after[k as ComponentKey] = v;
  if (Object.values(after).every((w) => w === 0)) throw new AppError('VALIDATION_FAILED', 'weights: 至少一项权重须大于 0 / at least one weight must be positive', 'weights');
  const nowIso = o.now.toISOString();
  for (const def of COMPONENTS) {
    const updated = await trx.updateTable('evaluation_weights').set({ weight: after[def.key], updated_at: nowIso }).where('component', '=', def.key).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) await trx.insertInto('evaluation_weights').values({ component: def.key, label_zh: def.labelZh, weight: after[def.key], updated_at: nowIso }).execute();
  }
  await appendAudit(trx, o.actor, { action: 'evaluation.setWeights', recordType: 'evaluation_weights', before, after });
  return after;
}
