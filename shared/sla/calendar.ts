/**
 * The official Chinese working-day calendar (国务院办公厅 holiday arrangements with make-up working days
 * 调休上班), from the data the `chinese-days` package ships.
 *
 * Why the data file and not the package's isWorkday()/isHoliday(): those parse dates in the machine's
 * local time zone, so on a machine (or browser) west of UTC they look up the wrong day — measured:
 * under TZ=America/Los_Angeles, isWorkday(new Date(2019, 8, 29)) (a make-up Sunday) answers false.
 * The JSON maps are keyed by plain 'YYYY-MM-DD' China dates and mean the same thing everywhere.
 *
 * The package knows only the years it has arrangements for (2004–2026 in 1.5.7); for any other year its
 * functions silently fall back to "Monday–Friday work". We do the same fallback but report the year, so a
 * deadline is never guessed silently (see docs/sla.md, "Years the calendar does not know").
 */
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

interface CalendarData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays: Record<string, string>;
}

const calendar: CalendarData = data;

/** A calendar day in China, as the number of days since 1970-01-01 (China date, not UTC date). */
export type DayNumber = number;

const DAY_MS = 86_400_000;

function yearsOf(keys: string[]): number[] {
  return [...new Set(keys.map((k) => Number(k.slice(0, 4))))].sort((a, b) => a - b);
}

/**
 * Years the package has an official arrangement for. Derived from the data itself (a year with at least
 * one listed holiday), so upgrading chinese-days extends the range with no code change.
 */
export const KNOWN_CALENDAR_YEARS: readonly number[] = Object.freeze(yearsOf(Object.keys(calendar.holidays)));
const knownYears = new Set(KNOWN_CALENDAR_YEARS);

/** Is this year covered by the official holiday data? */
export function isCalendarYearKnown(year: number): boolean {
  return knownYears.has(year);
}

/** The first and last year the official holiday data covers, e.g. {first: 2004, last: 2026}. */
export function knownCalendarRange(): { first: number; last: number } {
  return { first: KNOWN_CALENDAR_YEARS[0]!, last: KNOWN_CALENDAR_YEARS[KNOWN_CALENDAR_YEARS.length - 1]! };
}

// Numeric keys (20191001) avoid building a string per lookup in the SLA scan's hot loop.
const dateKey = (key: string): number => Number(key.replaceAll('-', ''));
const holidaySet = new Set(Object.keys(calendar.holidays).map(dateKey));
const makeUpWorkdaySet = new Set(Object.keys(calendar.workdays).map(dateKey));

/** Calendar fields of a China day number (UTC getters on a shifted instant: independent of machine TZ). */
export function dayFields(day: DayNumber): { year: number; month: number; date: number; weekday: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate(), weekday: d.getUTCDay() };
}

/** Day number of a China calendar date (month 1–12). */
export function dayNumberOf(year: number, month: number, date: number): DayNumber {
  return Math.floor(Date.UTC(year, month - 1, date) / DAY_MS);
}

/** 'YYYY-MM-DD' of a China day number. */
export function formatDay(day: DayNumber): string {
  const { year, month, date } = dayFields(day);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
}

export interface DayInfo {
  /** Is this a working day (上班)? */
  working: boolean;
  /** Official holiday (法定节假日/调休放假). */
  holiday: boolean;
  /** Weekend day that is a make-up working day (调休上班). */
  makeUpWorkday: boolean;
  /** False when the year is outside the official data and the answer is the plain weekend rule. */
  known: boolean;
}

/** Everything the calendar says about one China day. */
export function dayInfo(day: DayNumber): DayInfo {
  const { year, month, date, weekday } = dayFields(day);
  const key = year * 10000 + month * 100 + date;
  const known = knownYears.has(year);
  const holiday = holidaySet.has(key);
  const makeUpWorkday = makeUpWorkdaySet.has(key);
  const working = makeUpWorkday || (weekday >= 1 && weekday <= 5 && !holiday);
  return { working, holiday, makeUpWorkday, known };
}

/**
 * Is a China calendar date ('YYYY-MM-DD') a working day? Unknown years use the weekend rule; call
 * dayInfo() when you need to know whether the answer is official.
 */
export function isWorkingDate(isoDate: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: "${isoDate}"`);
  return dayInfo(dayNumberOf(Number(m[1]), Number(m[2]), Number(m[3]))).working;
}
