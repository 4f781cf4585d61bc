/**
 * checkRoster: the one implementation of the hard roster rules (值班硬性规则), used by the solver's
 * tests, by manual edits and swap approvals on the server, by the console before it sends an edit, and
 * by the benchmark. It never throws on a bad roster: every problem becomes a Violation.
 */
import {
  chinaTimeOf,
  dayOfDate,
  formatDate,
  weekOfDay,
  type Member,
  type Roster,
  type RosterProblem,
  type ShiftInstance,
} from './model.ts';

export type RosterRule =
  /** A shift has fewer people in a role than its template requires. */
  | 'coverage'
  /** The person does not hold the role/skill they were assigned to. */
  | 'skill'
  /** The person is not a member of the shift's unit. */
  | 'not_member'
  /** The same person holds two overlapping shifts (or the same shift twice). */
  | 'overlap'
  /** Less than the minimum rest between two of the person's shifts. */
  | 'rest'
  /** More consecutive working days than allowed. */
  | 'consecutive_days'
  /** More hours in one calendar week than allowed. */
  | 'weekly_hours'
  /** The shift overlaps the person's leave or unavailability. */
  | 'unavailable'
  /** The assignment names a shift, role or person the problem does not know. */
  | 'unknown';

export interface Violation {
  rule: RosterRule;
  /** Null for shift-level problems (coverage). */
  personId: string | null;
  /** China date the problem is on ('YYYY-MM-DD'): the shift date, or the Monday of the week. */
  date: string;
  shiftId: string | null;
  messageZh: string;
  messageEn: string;
  details?: Record<string, number | string>;
}

const hours = (ms: number) => Math.round((ms / 3_600_000) * 100) / 100;

/** Every hard-rule violation of a roster, ordered by date then rule. Empty = the roster is valid. */
export function checkRoster(problem: RosterProblem, roster: Roster): Violation[] {
  const { rules } = problem;
  const shifts = new Map(problem.shifts.map((s) => [s.id, s]));
  const members = new Map(problem.members.map((m) => [m.personId, m]));
  const out: Violation[] = [];
  const byPerson = new Map<string, ShiftInstance[]>();
  const filled = new Map<string, number>();

  for (const a of roster.assignments) {
    const shift = shifts.get(a.shiftId);
    const member = members.get(a.personId);
    if (!shift || !member) {
      out.push({
        rule: 'unknown',
        personId: a.personId,
        date: shift?.date ?? a.shiftId.split('@')[1] ?? '',
        shiftId: a.shiftId,
        messageZh: !shift ? `班次 ${a.shiftId} 不存在` : `人员 ${a.personId} 不在排班名单中`,
        messageEn: !shift ? `shift ${a.shiftId} does not exist` : `person ${a.personId} is not on the roster's member list`,
      });
      continue;
    }
    const label = `${shift.date} ${shift.name}`;
    if (!shift.requirements.some((r) => r.role === a.role)) {
      out.push({
        rule: 'unknown', personId: a.personId, date: shift.date, shiftId: shift.id,
        messageZh: `${label} 没有“${a.role}”岗位`, messageEn: `${label} has no "${a.role}" position`,
      });
    } else {
      const key = `${shift.id}\u0000${a.role}`;
      filled.set(key, (filled.get(key) ?? 0) + 1);
    }
    if (!member.unitIds.includes(shift.unitId)) {
      out.push({
        rule: 'not_member', personId: a.personId, date: shift.date, shiftId: shift.id,
        messageZh: `${member.name} 不是该单位的值班人员（${label}）`, messageEn: `${member.name} is not a member of the unit of ${label}`,
      });
    }
    if (!member.skills.includes(a.role)) {
      out.push({
        rule: 'skill', personId: a.personId, date: shift.date, shiftId: shift.id,
        messageZh: `${member.name} 不具备“${a.role}”资格（${label}）`, messageEn: `${member.name} does not hold the role "${a.role}" (${label})`,
      });
    }
    for (const u of member.unavailable) {
      if (u.start < shift.end && shift.start < u.end) {
        const kindZh = u.kind === 'leave' ? '请假' : '不可排班';
        out.push({
          rule: 'unavailable', personId: a.personId, date: shift.date, shiftId: shift.id,
          messageZh: `${member.name} 在${kindZh}期间被排入 ${label}`, messageEn: `${member.name} is on ${u.kind === 'leave' ? 'leave' : 'unavailable'} during ${label}`,
          ...(u.reason ? { details: { reason: u.reason } } : {}),
        });
        break;
      }
    }
    const list = byPerson.get(a.personId) ?? [];
    list.push(shift);
    byPerson.set(a.personId, list);
  }

  for (const shift of problem.shifts) {
    for (const r of shift.requirements) {
      const have = filled.get(`${shift.id}\u0000${r.role}`) ?? 0;
      if (have < r.count) {
        out.push({
          rule: 'coverage', personId: null, date: shift.date, shiftId: shift.id,
          messageZh: `${shift.date} ${shift.name} 需要“${r.role}” ${r.count} 人，实排 ${have} 人`,
          messageEn: `${shift.date} ${shift.name} needs ${r.count} × "${r.role}", has ${have}`,
          details: { role: r.role, required: r.count, assigned: have },
        });
      }
    }
  }

  for (const [personId, list] of byPerson) {
    out.push(...personViolations(members.get(personId)!, list, problem));
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.rule.localeCompare(b.rule));
}

/** Rest, overlap, consecutive-day and weekly-hour rules for one person's shifts. */
function personViolations(member: Member, list: ShiftInstance[], problem: RosterProblem): Violation[] {
  const { rules } = problem;
  const out: Violation[] = [];
  const restMs = rules.minRestHours * 3_600_000;
  list.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
  // Compare each shift with the one ending latest so far, so a long shift overlapping two later ones is caught.
  let latest: ShiftInstance | null = null;
  for (const s of list) {
    if (latest) {
      if (s.start < latest.end) {
        const same = s.id === latest.id;
        out.push({
          rule: 'overlap', personId: member.personId, date: s.date, shiftId: s.id,
          messageZh: same ? `${member.name} 被重复排入 ${s.date} ${s.name}` : `${member.name} 的 ${latest.date} ${latest.name} 与 ${s.date} ${s.name} 时间重叠`,
          messageEn: same ? `${member.name} is assigned twice to ${s.date} ${s.name}` : `${member.name}: ${latest.date} ${latest.name} overlaps ${s.date} ${s.name}`,
          details: { otherShiftId: latest.id },
        });
      } else if (s.start - latest.end < restMs) {
        const gap = hours(s.start - latest.end);
        out.push({
          rule: 'rest', personId: member.personId, date: s.date, shiftId: s.id,
          messageZh: `${member.name} 在 ${latest.date} ${latest.name}（${chinaTimeOf(latest.end)} 下班）与 ${s.date} ${s.name} 之间只休息 ${gap} 小时，少于 ${rules.minRestHours} 小时`,
          messageEn: `${member.name} rests only ${gap} h between ${latest.date} ${latest.name} and ${s.date} ${s.name} (minimum ${rules.minRestHours} h)`,
          details: { restHours: gap, minRestHours: rules.minRestHours, previousShiftId: latest.id },
        });
      }
    }
    if (!latest || s.end > latest.end) latest = s;
  }

  const days = [...new Set(list.map((s) => dayOfDate(s.date)))].sort((a, b) => a - b);
  let runStart = 0;
  for (let i = 0; i < days.length; i++) {
    if (i > 0 && days[i] !== days[i - 1]! + 1) runStart = i;
    const run = i - runStart + 1;
    // Report once per run, on the first day that breaks the limit.
    if (run === rules.maxConsecutiveDays + 1) {
      const date = formatDate(days[i]!);
      out.push({
        rule: 'consecutive_days', personId: member.personId, date, shiftId: null,
        messageZh: `${member.name} 自 ${formatDate(days[runStart]!)} 起连续上班超过 ${rules.maxConsecutiveDays} 天（${date} 为第 ${run} 天）`,
        messageEn: `${member.name} works more than ${rules.maxConsecutiveDays} consecutive days from ${formatDate(days[runStart]!)} (${date} is day ${run})`,
        details: { maxConsecutiveDays: rules.maxConsecutiveDays, runStart: formatDate(days[runStart]!) },
      });
    }
  }

  const cap = Math.min(rules.maxWeeklyHours, member.maxWeeklyHours ?? Infinity);
  const weekMs = new Map<number, number>();
  for (const s of list) {
    const w = weekOfDay(dayOfDate(s.date));
    weekMs.set(w, (weekMs.get(w) ?? 0) + (s.end - s.start));
  }
  for (const [w, ms] of [...weekMs].sort((a, b) => a[0] - b[0])) {
    if (ms > cap * 3_600_000) {
      const monday = formatDate(w * 7 - 3);
      out.push({
        rule: 'weekly_hours', personId: member.personId, date: monday, shiftId: null,
        messageZh: `${member.name} 在 ${monday} 起的一周排班 ${hours(ms)} 小时，超过上限 ${cap} 小时`,
        messageEn: `${member.name} is rostered ${hours(ms)} h in the week of ${monday}, above the ${cap} h limit`,
        details: { hours: hours(ms), maxWeeklyHours: cap },
      });
    }
  }
  return out;
}
