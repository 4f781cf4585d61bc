import type { Actor } from '../../access/actor.ts';
import { actorHasAction } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { COMPONENTS, loadWeights, type ComponentKey } from './components.ts';

/** Change evaluation weights (evaluation.manage); at least one weight must stay positive. Audited. */
export async function setEvaluationWeights(trx: Trx, o: { actor: Actor; weights: Partial<Record<string, number>>; now: Date }) {
  if (!actorHasAction(o.actor, 'evaluation.manage')) throw new AppError('FORBIDDEN', '你的角色无权修改评价权重 / your role may not change evaluation weights');
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
