/**
 * Duty roster (值班排班) model shared by server and console: shift templates expand into concrete
 * shift instances; a roster is a list of (shift, role, person) assignments. Pure TypeScript with no
 * I/O, so the console can check a manual edit before sending it and the server re-checks it.
 *
 * Time: instants are milliseconds since the epoch (UTC). Shift templates are written in China time
 * (UTC+8, no daylight saving), so a template "20:00 for 12 h" on 2026-10-01 starts at 12:00 UTC.
 */
import { dayInfo, dayNumberOf } from '../sla/calendar.ts';
import { CHINA_OFFSET_MS } from '../time/china.ts';

export { CHINA_OFFSET_MS };
export const DAY_MS = 86_400_000;

/** Hard-rule limits of a unit (值班规则). Defaults follow common practice for command centres. */
export interface RosterRules {
  /** Minimum rest between the end of one shift and the start of the next (hours). */
  minRestHours: number;
  /** Maximum number of consecutive calendar days with a shift start. */
  maxConsecutiveDays: number;
  /** Maximum hours per calendar week (Monday–Sunday, China time), counted by shift start date. */
  maxWeeklyHours: number;
}

export const DEFAULT_RULES: RosterRules = { minRestHours: 11, maxConsecutiveDays: 6, maxWeeklyHours: 44 };

/** How many people of which role/skill a shift needs: e.g. [{role:'带班领导',count:1},{role:'值班员',count:2}]. */
export interface RoleRequirement {
  role: string;
  count: number;
}

/** 班次模板: repeats every day of a period. */
export interface ShiftTemplate {
  id: string;
  unitId: string;
  name: string;
  /** 'HH:MM' China time. */
  startTime: string;
  durationMinutes: number;
  night: boolean;
  requirements: RoleRequirement[];
  /** First China date this template generates a shift on ('YYYY-MM-DD'); absent/null = since ever. */
  validFrom?: string | null;
  /** First China date it no longer generates a shift on (retired or replaced by a newer version); absent/null = open-ended. */
  retiredFrom?: string | null;
}

/** One concrete shift on one date. */
export interface ShiftInstance {
  /** `${templateId}@${date}`: stable, so assignments can name it. */
  id: string;
  templateId: string;
  unitId: string;
  name: string;
  /** China calendar date the shift starts on ('YYYY-MM-DD'). */
  date: string;
  start: number;
  end: number;
  night: boolean;
  /** Starts on a non-working day per the official calendar (weekend or 法定节假日, not 调休上班). */
  holiday: boolean;
  /** Starts on an official public holiday (法定节假日) proper. */
  publicHoliday: boolean;
  requirements: RoleRequirement[];
}

/** A period of leave (请假/休假) or other unavailability: [start, end). */
export interface Unavailability {
  start: number;
  end: number;
  kind: 'leave' | 'unavailable';
  reason?: string;
}

/** Optional wishes; the solver honours them when it can (soft). */
export interface Preferences {
  /** Prefers not to work night shifts. */
  avoidNights?: boolean;
  /** ISO weekdays (1 = Monday … 7 = Sunday) the person prefers not to work. */
  avoidWeekdays?: number[];
}

/** A person who can be rostered in one or more units. */
export interface Member {
  personId: string;
  name: string;
  /** Roles/skills the person can fill (matches RoleRequirement.role). */
  skills: string[];
  unitIds: string[];
  unavailable: Unavailability[];
  preferences?: Preferences;
  /** A personal weekly cap below the unit's (e.g. part-time); null/undefined = the unit's rule. */
  maxWeeklyHours?: number | null;
}

export interface Assignment {
  shiftId: string;
  role: string;
  personId: string;
}

/** Everything checkRoster and the solver need. Rules apply to every unit in the problem. */
export interface RosterProblem {
  shifts: ShiftInstance[];
  members: Member[];
  rules: RosterRules;
}

export interface Roster {
  assignments: Assignment[];
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Is 'HH:MM' a valid 24-hour time? */
export function isTimeOfDay(value: string): boolean {
  return TIME.test(value);
}

/** Day number (days since 1970-01-01) of a 'YYYY-MM-DD' China date; throws RangeError when not a real date. */
export function dayOfDate(date: string): number {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: "${date}"`);
  const day = dayNumberOf(Number(m[1]), Number(m[2]), Number(m[3]));
  if (formatDate(day) !== date) throw new RangeError(`not a real calendar date: "${date}"`);
  return day;
}

/** 'YYYY-MM-DD' of a day number. */
export function formatDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** China calendar day number of an instant. */
export function chinaDayOf(instant: number): number {
  return Math.floor((instant + CHINA_OFFSET_MS) / DAY_MS);
}

/** Monday-based week number of a day number (1970-01-01 was a Thursday). */
export function weekOfDay(day: number): number {
  return Math.floor((day + 3) / 7);
}

/** ISO weekday 1–7 of a day number. */
export function isoWeekdayOfDay(day: number): number {
  return ((day + 3) % 7) + 1;
}

/** 'HH:MM' China time of an instant. */
export function chinaTimeOf(instant: number): string {
  return new Date(instant + CHINA_OFFSET_MS).toISOString().slice(11, 16);
}

/**
 * A shift that has begun by `now` (epoch ms) is history: it can no longer be removed or change hands.
 * One rule for the server (SHIFT_STARTED) and the console (which hides those actions).
 */
export function shiftHasStarted(startsAt: string, now: number): boolean {
  return Date.parse(startsAt) <= now;
}

/** Start instant of a shift beginning at 'HH:MM' China time on China day number `day`; throws RangeError on a bad time. */
export function shiftStartOf(day: number, startTime: string): number {
  const m = TIME.exec(startTime);
  if (!m) throw new RangeError(`startTime must be HH:MM, got "${startTime}"`);
  return day * DAY_MS + (Number(m[1]) * 60 + Number(m[2])) * 60_000 - CHINA_OFFSET_MS;
}

/**
 * The first China date on which a shift starting at each of `startTimes` has not yet started at
 * `now`: every shift of those templates dated before it has begun (it is history and must not change).
 */
export function firstUnstartedDate(startTimes: readonly string[], now: number): string {
  let day = chinaDayOf(now) - 1;
  while (startTimes.some((t) => shiftStartOf(day, t) <= now)) day++;
  return formatDate(day);
}

/** Expand templates over `days` days from `fromDate` into shift instances, ordered by start. */
export function expandShifts(templates: readonly ShiftTemplate[], fromDate: string, days: number): ShiftInstance[] {
  const first = dayOfDate(fromDate);
  const out: ShiftInstance[] = [];
  for (let d = first; d < first + days; d++) {
    const date = formatDate(d);
    const info = dayInfo(d);
    for (const t of templates) {
      // Template versions generate only inside their validity range (an edit or retirement closes it).
      if ((t.validFrom && date < t.validFrom) || (t.retiredFrom && date >= t.retiredFrom)) continue;
      const start = shiftStartOf(d, t.startTime);
      out.push({
        id: `${t.id}@${date}`,
        templateId: t.id,
        unitId: t.unitId,
        name: t.name,
        date,
        start,
        end: start + t.durationMinutes * 60_000,
        night: t.night,
        holiday: !info.working,
        publicHoliday: info.holiday,
        requirements: t.requirements.map((r) => ({ ...r })),
      });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
}
