import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { RosterUnitRow } from '../../storage/schema.ts';
import { dayOfDate, firstUnstartedDate, formatDate } from '../../../shared/rosters/model.ts';
import type { RetireTemplateBody } from '../../../shared/rosters/wire.ts';
import { assignmentsOfTemplateFrom, findTemplate } from './rosters.repository.ts';

/**
 * Retire a shift template (停用班次模板): from `retiredFrom` on it generates no shift, so the scheduler
 * stops filling it. Nothing is deleted: the row stays (active = 0, retired_from) and owns the shifts
 * before that date, so past and already-rostered shifts keep their times, name and assignments.
 * Default `retiredFrom`: the first date after every shift that has started or is already rostered.
 * An explicit earlier date is refused: SHIFT_STARTED if a shift of that date has begun, CONFLICT if
 * people are rostered on or after it (remove those assignments first).
 */
export async function retireShiftTemplate(trx: Trx, o: RetireTemplateBody & { actor: Actor; unit: RosterUnitRow; templateId: string; now: Date }) {
  const tpl = await findTemplate(trx, o.unit.id, o.templateId);
  if (!tpl) throw new AppError('NOT_FOUND', 'shift template not found in this unit', 'templateId');
  if (tpl.active !== 1) throw new AppError('INVALID_TRANSITION', '班次模板已停用或已被新版本取代 / the template is already retired or was replaced', 'templateId');
  const unstarted = firstUnstartedDate([tpl.start_time], o.now.getTime());
  const upcoming = await assignmentsOfTemplateFrom(trx, tpl.id, unstarted);
  const afterRostered = upcoming.length > 0 ? formatDate(dayOfDate(upcoming.at(-1)!.shift_date) + 1) : unstarted;
  let retiredFrom = o.from ?? afterRostered;
  if (o.from !== undefined) {
    if (o.from < unstarted) throw new AppError('SHIFT_STARTED', `${o.from} 的班次已开始，最早可从 ${unstarted} 停用 / the shift of ${o.from} has already started; the earliest is ${unstarted}`, 'from', { earliest: unstarted });
    const cut = upcoming.filter((a) => a.shift_date >= o.from!);
    if (cut.length > 0) {
      throw new AppError('CONFLICT', `${o.from} 起还排有 ${cut.length} 个班次（至 ${cut.at(-1)!.shift_date}），请先移除，或从 ${afterRostered} 起停用 / ${cut.length} shifts are rostered on or after ${o.from}`, 'from', { assignments: cut.length, firstDate: cut[0]!.shift_date, lastDate: cut.at(-1)!.shift_date, earliest: afterRostered });
    }
  }
  // A version that has not begun yet (valid_from later) simply never generates.
  if (tpl.valid_from && tpl.valid_from > retiredFrom) retiredFrom = tpl.valid_from;
  await trx.updateTable('roster_shift_templates').set({ active: 0, retired_from: retiredFrom }).where('id', '=', tpl.id).execute();
  await appendAudit(trx, o.actor, {
    action: 'roster.template.retire', recordType: 'roster_unit', recordId: o.unit.id,
    before: { templateId: tpl.id, active: tpl.active, retired_from: tpl.retired_from },
    after: { templateId: tpl.id, active: 0, retired_from: retiredFrom, keptAssignments: upcoming.length },
  });
  return { id: tpl.id, retiredFrom, keptAssignments: upcoming.length };
}
