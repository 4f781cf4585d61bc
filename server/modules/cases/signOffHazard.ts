import type { Actor } from '../../access/actor.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { applyCaseAction } from './applyCaseAction.ts';
import { rolesOnCase } from './caseAccess.ts';
import { findCaseById } from './cases.repository.ts';
import { actionsFor } from './getCase.ts';
import { hazardOf, loadCaseOfKind, recordCaseStep, SIGNOFF_ROLES } from './hazard.ts';
import { findHazard, updateHazard } from './hazards.repository.ts';

/**
 * 销号: a supervisor or leader signs a hazard off, only after a passed re-inspection. The sign-off is
 * always recorded on the register; when the case itself is `verified` and the signer's roles may
 * `close` it (shared state machine), the case is closed in the same transaction. Otherwise (e.g. a
 * leader, who may not close, or a case not yet verified) the sign-off stands alongside the workflow and
 * the case closes through its normal steps — the register never bends the state machine.
 */
export async function signOffHazard(trx: Trx, o: { actor: Actor; now: Date; caseId: string; note: string | null }) {
  const row = await loadCaseOfKind(trx, o.caseId, 'hazard', 'hazard_signoff');
  if (row.state === 'rejected' || row.state === 'voided') {
    throw new AppError('INVALID_TRANSITION', `案件已${row.state === 'rejected' ? '不予立案' : '作废'} / the case is ${row.state}`, 'action', { state: row.state, action: 'hazard_signoff' });
  }
  const roles = rolesOnCase(o.actor, row).filter((r) => (SIGNOFF_ROLES as readonly string[]).includes(r));
  if (roles.length === 0) throw new AppError('FORBIDDEN', '销号须由监督员或领导审批 / only a supervisor or leader may sign a hazard off', 'action');
  const hazard = await hazardOf(trx, row);
  if (hazard.status !== 'awaiting_signoff') {
    throw new AppError('INVALID_TRANSITION', `复查通过后方可销号（当前 ${hazard.status}）/ sign-off needs a passed re-inspection (hazard is ${hazard.status})`, 'action', {
      state: hazard.status,
      action: 'hazard_signoff',
    });
  }
  const at = o.now.toISOString();
  await updateHazard(trx, row.id, { status: 'signed_off', signed_off_by: o.actor.displayName, signed_off_at: at, updated_at: at });
  await recordCaseStep(trx, {
    actor: o.actor,
    now: o.now,
    row,
    action: 'hazard_signoff',
    note: o.note,
    data: { status: 'signed_off' },
    before: { status: hazard.status },
    after: { status: 'signed_off', signedOffBy: o.actor.displayName },
  });
  let current = (await findCaseById(trx, row.id))!;
  let caseClosed = false;
  if (current.state === 'verified' && actionsFor(o.actor, current).includes('close')) {
    current = await applyCaseAction(trx, { actor: o.actor, now: o.now, caseId: row.id, action: 'close', note: o.note ?? '隐患销号 / hazard signed off' });
    caseClosed = true;
  }
  return { row: current, hazard: (await findHazard(trx, row.id))!, caseClosed };
}
