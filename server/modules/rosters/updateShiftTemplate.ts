import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { RosterUnitRow } from '../../storage/schema.ts';
import type { Violation } from '../../../shared/rosters/checkRoster.ts';
import { checkRoster } from '../../../shared/rosters/checkRoster.ts';
import { dayOfDate, firstUnstartedDate, formatDate, shiftStartOf } from '../../../shared/rosters/model.ts';
import type { TemplateBody } from '../../../shared/rosters/wire.ts';
import { assignmentsOfTemplateFrom, countAssignmentsOfTemplateBefore, findTemplate } from './rosters.repository.ts';
import { loadUnitProblem } from './rosterProblem.ts';

/**
 * Edit a shift template (修改班次模板). History stays as it was worked: the change applies from the
 * first date on which neither the old nor the new shift has started (`effectiveFrom`). When shifts of
 * the template were already rostered before that date, the old row is closed there (retired_from) and
 * a new version opens (valid_from, replaces_id), so past shifts keep their times, name and staffing
 * requirement; otherwise the row is changed in place. Assignments from `effectiveFrom` on move to the
 * edited template with re-computed times. Refused (409 CONFLICT) when a rostered role disappears from
 * the requirements, or when the new times would break a person's rule (rest, overlap, weekly hours…);
 * new coverage gaps (a higher count) are allowed and returned.
 */
export async function updateShiftTemplate(trx: Trx, o: TemplateBody & { actor: Actor; unit: RosterUnitRow; templateId: string; now: Date }) {
  const old = await findTemplate(trx, o.unit.id, o.templateId);
  if (!old) throw new AppError('NOT_FOUND', 'shift template not found in this unit', 'templateId');
  if (old.active !== 1) throw new AppError('INVALID_TRANSITION', '班次模板已停用或已被新版本取代 / the template is retired or was replaced by a newer version', 'templateId');
  const next = { name_zh: o.nameZh, start_time: o.startTime, duration_minutes: o.durationMinutes, night: o.night ? 1 : 0, requirements_json: JSON.stringify(o.requirements) };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => old[k] !== next[k]);
  const shape = (id: string, effectiveFrom: string | null) => ({ id, nameZh: o.nameZh, startTime: o.startTime, durationMinutes: o.durationMinutes, night: o.night, requirements: o.requirements, effectiveFrom });
  if (changed.length === 0) return { ...shape(old.id, null), replaces: null, movedAssignments: 0, coverageGaps: [] as Violation[] };

  let effectiveFrom = firstUnstartedDate([old.start_time, o.startTime], o.now.getTime());
  if (old.valid_from && old.valid_from > effectiveFrom) effectiveFrom = old.valid_from;
  const history = await countAssignmentsOfTemplateBefore(trx, old.id, effectiveFrom);
  const moving = await assignmentsOfTemplateFrom(trx, old.id, effectiveFrom);
  const roles = new Set(o.requirements.map((r) => r.role));
  const orphaned = moving.filter((a) => !roles.has(a.role));
  if (orphaned.length > 0) {
    throw new AppError('CONFLICT', `岗位“${orphaned[0]!.role}”已排有 ${orphaned.length} 个班次（最早 ${orphaned[0]!.shift_date}），不能从需求中删去 / role "${orphaned[0]!.role}" is rostered on ${orphaned.length} upcoming shifts`, 'requirements', { role: orphaned[0]!.role, assignments: orphaned.length, firstDate: orphaned[0]!.shift_date });
  }
  // The rule check sees the week either side of every moved shift.
  const window = moving.length > 0 ? { fromDate: formatDate(dayOfDate(effectiveFrom) - 7), toDate: formatDate(dayOfDate(moving.at(-1)!.shift_date) + 7) } : null;
  const before = window ? await loadUnitProblem(trx, o.unit, window.fromDate, window.toDate) : null;

  let id = old.id;
  if (history > 0) {
    id = uuidv7();
    await trx.updateTable('roster_shift_templates').set({ active: 0, retired_from: effectiveFrom }).where('id', '=', old.id).execute();
    await trx.insertInto('roster_shift_templates').values({ id, unit_id: o.unit.id, ...next, active: 1, created_at: o.now.toISOString(), valid_from: effectiveFrom, retired_from: null, replaces_id: old.id }).execute();
  } else {
    await trx.updateTable('roster_shift_templates').set(next).where('id', '=', old.id).execute();
  }
  for (const a of moving) {
    const start = shiftStartOf(dayOfDate(a.shift_date), o.startTime);
    await trx.updateTable('roster_assignments').set({ template_id: id, starts_at: new Date(start).toISOString(), ends_at: new Date(start + o.durationMinutes * 60_000).toISOString() }).where('id', '=', a.id).execute();
  }

  let coverageGaps: Violation[] = [];
  if (window && before) {
    // A new version renames its shifts (`newId@date`): compare them under the old id.
    const key = (v: Violation) => `${v.rule}|${v.personId}|${v.date}|${v.shiftId?.startsWith(`${id}@`) ? `${old.id}${v.shiftId.slice(id.length)}` : v.shiftId}`;
    const existing = new Set(checkRoster(before.problem, { assignments: before.assignments }).map(key));
    const after = await loadUnitProblem(trx, o.unit, window.fromDate, window.toDate);
    const introduced = checkRoster(after.problem, { assignments: after.assignments }).filter((v) => !existing.has(key(v)) && v.date >= effectiveFrom);
    const broken = introduced.filter((v) => v.rule !== 'coverage');
    if (broken.length > 0) {
      throw new AppError('CONFLICT', `修改后的班次违反排班规则 / the changed shift breaks roster rules: ${broken.map((v) => v.messageZh).join('；')}`, changed.includes('start_time') ? 'startTime' : 'durationMinutes', { violations: broken });
    }
    coverageGaps = introduced;
  }
  await appendAudit(trx, o.actor, {
    action: 'roster.template.update', recordType: 'roster_unit', recordId: o.unit.id,
    before: { templateId: old.id, ...Object.fromEntries(changed.map((k) => [k, old[k]])) },
    after: { templateId: id, ...Object.fromEntries(changed.map((k) => [k, next[k]])), version: history > 0 ? 'new' : 'in_place', effectiveFrom, movedAssignments: moving.length },
  });
  return { ...shape(id, effectiveFrom), replaces: history > 0 ? old.id : null, movedAssignments: moving.length, coverageGaps };
}
