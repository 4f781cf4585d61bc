import type { Actor } from '../../access/actor.ts';
import type { AccountabilityDecisionBody } from './supervision.schemas.ts';
import { requireAccess } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';

/** Measures (处理方式) a supervisor may confirm a record with. */
export const MEASURES = { reminder: '提醒', criticism: '通报批评', referral: '移交' } as const;

/**
 * A supervisor confirms a pending record with a measure, or waives it with a written reason (免责);
 * decided once (a second decision is CONFLICT). Audited with the reason.
 */
export async function decideAccountability(trx: Trx, o: AccountabilityDecisionBody & { actor: Actor; id: string; now: Date }) {
  // Unreadable → 404 like a missing record; readable but the role may not decide → 403.
  try {
    await requireAccess(trx, { actor: o.actor, action: 'accountability.decide', resource: 'accountabilityRecord', ids: [o.id] });
  } catch (e) {
    if (e instanceof AppError && e.code === 'FORBIDDEN') throw new AppError('FORBIDDEN', '你的角色无权处理责任追究 / your role may not decide accountability records');
    throw e;
  }
  const row = await trx.selectFrom('accountability_records').selectAll().where('id', '=', o.id).executeTakeFirst();
  if (!row) throw notFound('accountability record');
  if (o.decision === 'waive' && !(o.reason && o.reason.trim().length >= 4)) throw new AppError('VALIDATION_FAILED', 'reason: 免责须写明理由 / a waiver needs a written reason', 'reason');
  const state: 'confirmed' | 'waived' = o.decision === 'confirm' ? 'confirmed' : 'waived';
  const nowIso = o.now.toISOString();
  const r = await trx
    .updateTable('accountability_records')
    .set({ state, measure: o.decision === 'confirm' ? o.measure! : null, reason: o.reason ?? null, decided_by: o.actor.id, decided_at: nowIso })
    .where('id', '=', row.id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '该记录已处理 / this record was already decided', 'id');
  await appendAudit(trx, o.actor, {
    action: `accountability.${o.decision}`,
    recordType: 'accountability',
    recordId: row.id,
    before: { state: row.state },
    after: { state, measure: o.decision === 'confirm' ? o.measure : null, reason: o.reason ?? null },
  });
  return { id: row.id, state, measure: o.decision === 'confirm' ? o.measure! : null, reason: o.reason ?? null, decidedAt: nowIso };
}
