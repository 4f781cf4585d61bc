import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import type { Trx } from '../../storage/db.ts';
import { forEachChunk } from '../../storage/chunked.ts';
import type { RosterUnitRow } from '../../storage/schema.ts';
import { dayOfDate, formatDate } from '../../../shared/rosters/model.ts';
import { solveRoster } from '../../../shared/rosters/solver.ts';
import { loadUnitProblem } from './rosterProblem.ts';
import type { GenerateBody } from '../../../shared/rosters/wire.ts';

/**
 * 自动排班: solve the unit's roster for `days` days from `from` and (unless dryRun) replace the stored
 * assignments of that period. The week before is loaded as fixed context so rest and consecutive-day
 * rules hold across the boundary. Positions nobody can take stay empty and are reported with reasons.
 */
export async function generateRoster(trx: Trx, o: GenerateBody & { actor: Actor; unit: RosterUnitRow; now: Date }) {
  const first = dayOfDate(o.from);
  const toDate = formatDate(first + o.days - 1);
  const loaded = await loadUnitProblem(trx, o.unit, formatDate(first - 7), toDate);
  const { problem } = loaded;
  // Context shifts (before `from`) need exactly what is already stored: the solver must not fill them.
  const fixed = loaded.assignments.filter((a) => a.shiftId.split('@')[1]! < o.from);
  for (const s of problem.shifts) {
    if (s.date >= o.from) continue;
    s.requirements = s.requirements.map((r) => ({ role: r.role, count: fixed.filter((a) => a.shiftId === s.id && a.role === r.role).length }));
  }
  const result = solveRoster(problem, { seed: o.seed ?? 1, fixed });
  const inPeriod = result.roster.assignments.filter((a) => a.shiftId.split('@')[1]! >= o.from);
  const shifts = new Map(problem.shifts.map((s) => [s.id, s]));
  if (!o.dryRun) {
    await trx.deleteFrom('roster_assignments').where('unit_id', '=', o.unit.id).where('shift_date', '>=', o.from).where('shift_date', '<=', toDate).execute();
    const rows = inPeriod.map((a) => {
      const s = shifts.get(a.shiftId)!;
      return {
        id: uuidv7(), unit_id: o.unit.id, template_id: s.templateId, shift_date: s.date, role: a.role, user_id: a.personId,
        starts_at: new Date(s.start).toISOString(), ends_at: new Date(s.end).toISOString(), source: 'solver', override_reason: null, created_at: o.now.toISOString(),
      };
    });
    await forEachChunk(rows, (chunk) => trx.insertInto('roster_assignments').values(chunk).execute(), 200);
  }
  const summary = {
    from: o.from, to: toDate, saved: !o.dryRun, assignments: inPeriod.length, feasible: result.feasible,
    uncovered: result.uncovered.length, nightSpread: result.fairness.nightSpread, holidaySpread: result.fairness.holidaySpread, hoursSpread: result.fairness.hoursSpread,
  };
  if (!o.dryRun) await appendAudit(trx, o.actor, { action: 'roster.generate', recordType: 'roster_unit', recordId: o.unit.id, after: summary });
  return {
    ...summary,
    uncoveredSlots: result.uncovered,
    shortfalls: result.shortfalls,
    // Violations in the period only (the context week is what it is).
    violations: result.violations.filter((v) => v.date >= o.from),
    fairness: result.fairness,
    stats: result.stats,
  };
}
