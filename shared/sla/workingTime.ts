/**
 * Working-time deadline arithmetic (工作时限) on the official Chinese holiday calendar, in China Standard
 * Time (UTC+8, no daylight saving) whatever the time zone of the machine or browser. Pure: runs on the
 * server, in the field app and in the CLI. The rules are written out in docs/sla.md.
 */
import { dayInfo, formatDay, type DayNumber } from './calendar.ts';
import { CHINA_OFFSET_MS } from '../time/china.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** No deadline walks further than this; protects a scan from a typo like 99999wd. */
const MAX_WALK_DAYS = 366 * 50;

/** A bad SLA input; `field` names the option (from, limit, multiplier, officeHours, share, …). */
export class SlaInputError extends Error {
  readonly code = 'VALIDATION_FAILED' as const;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'SlaInputError';
  }
}

// ---------------------------------------------------------------------------------------------------
// Instants

const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parse an ISO-8601 instant to epoch ms. An explicit offset (Z, +08:00, -05:00) is honoured; a time with
 * no offset is read as China time, because every rule here is stated in China time.
 */
export function parseInstant(value: string | number | Date, field = 'from'): number {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new SlaInputError(field, `${field}: invalid date`);
    return value.getTime();
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SlaInputError(field, `${field}: not a finite epoch time`);
    return value;
  }
  const m = INSTANT_RE.exec(String(value).trim());
  if (!m) {
    throw new SlaInputError(field, `${field}: "${value}" is not an ISO-8601 time such as 2026-03-02T09:00:00+08:00`);
  }
  const [year, month, date, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const second = Number(m[6] ?? 0);
  const milli = Number((m[7] ?? '0').padEnd(3, '0'));
  const zone = m[8];
  let offsetMs = CHINA_OFFSET_MS;
  if (zone && zone.toUpperCase() === 'Z') offsetMs = 0;
  else if (zone) {
    const digits = zone.replace(':', '');
    const sign = digits[0] === '-' ? -1 : 1;
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 18 || om > 59) throw new SlaInputError(field, `${field}: offset "${zone}" is out of range`);
    offsetMs = sign * (oh * HOUR_MS + om * MINUTE_MS);
  }
  const wall = Date.UTC(year!, month! - 1, date!, hour!, minute!, second, milli);
  const check = new Date(wall);
  // Date.UTC silently rolls 2026-02-30 into March: reject instead of guessing.
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month! - 1 ||
    check.getUTCDate() !== date ||
    hour! > 23 ||
    minute! > 59 ||
    second > 59
  ) {
    throw new SlaInputError(field, `${field}: "${value}" is not a real calendar time`);
  }
  return wall - offsetMs;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Format an instant as ISO-8601 China time with its offset: 2026-03-02T09:00:00+08:00. */
export function formatChinaTime(epochMs: number): string {
  const d = new Date(epochMs + CHINA_OFFSET_MS);
  const ms = d.getUTCMilliseconds();
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    (ms ? `.${pad(ms, 3)}` : '') +
    '+08:00'
  );
}

/** China day number and ms since China midnight of an instant. */
function chinaDayAndOffset(epochMs: number): { day: DayNumber; offset: number } {
  const shifted = epochMs + CHINA_OFFSET_MS;
  const day = Math.floor(shifted / DAY_MS);
  return { day, offset: shifted - day * DAY_MS };
}

const instantOf = (day: DayNumber, offset: number): number => day * DAY_MS + offset - CHINA_OFFSET_MS;

// ---------------------------------------------------------------------------------------------------
// Office hours

/** One office period of a working day, in minutes after China midnight. */
export interface OfficePeriod {
  startMinute: number;
  endMinute: number;
}

/**
 * Default office hours (作息时间) 08:30–12:00 and 13:30–17:30 = 7.5 working hours a day, the common
 * pattern of Chinese government offices; configure per deployment with parseOfficeHours().
 */
export const DEFAULT_OFFICE_HOURS: readonly OfficePeriod[] = Object.freeze([
  { startMinute: 8 * 60 + 30, endMinute: 12 * 60 },
  { startMinute: 13 * 60 + 30, endMinute: 17 * 60 + 30 },
]);

/** Parse office hours written as "08:30-12:00,13:30-17:30" (sorted, non-overlapping, within one day). */
export function parseOfficeHours(text: string): OfficePeriod[] {
  const periods: OfficePeriod[] = [];
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(part);
    if (!m) throw new SlaInputError('officeHours', `officeHours: "${part}" is not HH:MM-HH:MM`);
    const startMinute = Number(m[1]) * 60 + Number(m[2]);
    const endMinute = Number(m[3]) * 60 + Number(m[4]);
    periods.push({ startMinute, endMinute });
  }
  return validateOfficeHours(periods);
}

function validateOfficeHours(periods: readonly OfficePeriod[]): OfficePeriod[] {
  if (periods.length === 0) throw new SlaInputError('officeHours', 'officeHours: at least one period is needed');
  let previousEnd = -1;
  for (const p of periods) {
    if (
      !Number.isInteger(p.startMinute) ||
      !Number.isInteger(p.endMinute) ||
      p.startMinute < 0 ||
      p.endMinute > 24 * 60 ||
      p.endMinute <= p.startMinute
    ) {
      throw new SlaInputError('officeHours', `officeHours: period ${p.startMinute}–${p.endMinute} min is not a valid span of one day`);
    }
    if (p.startMinute < previousEnd) {
      throw new SlaInputError('officeHours', 'officeHours: periods must be in order and must not overlap');
    }
    previousEnd = p.endMinute;
  }
  return periods.map((p) => ({ ...p }));
}

// ---------------------------------------------------------------------------------------------------
// Limits

/** wh = working hours (工作小时), wd = working days (工作日), h = natural hours (自然小时). */
export type LimitUnit = 'wh' | 'wd' | 'h';

export interface Limit {
  amount: number;
  unit: LimitUnit;
}

const MAX_LIMIT_AMOUNT = 10_000;

/** Parse a time limit such as "4wh", "3wd", "24h", "0.5wd". */
export function parseLimit(text: string, field = 'limit'): Limit {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(wh|wd|h)\s*$/i.exec(String(text));
  if (!m) {
    throw new SlaInputError(field, `${field}: "${text}" is not a time limit; use e.g. 4wh (working hours), 3wd (working days) or 24h (natural hours)`);
  }
  const amount = Number(m[1]);
  if (!(amount > 0) || amount > MAX_LIMIT_AMOUNT) {
    throw new SlaInputError(field, `${field}: amount must be more than 0 and at most ${MAX_LIMIT_AMOUNT}`);
  }
  return { amount, unit: m[2]!.toLowerCase() as LimitUnit };
}

/** The canonical text of a limit: {amount: 3, unit: 'wd'} → "3wd". */
export function formatLimit(limit: Limit): string {
  return `${limit.amount}${limit.unit}`;
}

export interface SlaOptions {
  /** Office periods of a working day; DEFAULT_OFFICE_HOURS when absent. */
  officeHours?: readonly OfficePeriod[];
  /** Scales the limit, e.g. 0.5 in a campaign's key period (关键期时限减半). Default 1. */
  multiplier?: number;
}

export interface SlaInstant {
  /** ISO-8601 China time with offset, e.g. 2026-03-02T12:00:00+08:00. */
  at: string;
  /** The same instant as epoch ms. */
  atMs: number;
  /** Years the computation touched that the holiday calendar has no data for (weekend rule used). */
  calendarUnknownYears: number[];
}

export interface DueResult {
  /** ISO-8601 China time with offset, e.g. 2026-03-02T12:00:00+08:00. */
  dueAt: string;
  dueAtMs: number;
  calendarUnknownYears: number[];
}

interface Context {
  periods: readonly OfficePeriod[];
  dayLengthMs: number;
  multiplier: number;
  unknownYears: Set<number>;
}

function contextOf(options: SlaOptions | undefined): Context {
  const periods = options?.officeHours ? validateOfficeHours(options.officeHours) : DEFAULT_OFFICE_HOURS;
  const multiplier = options?.multiplier ?? 1;
  if (typeof multiplier !== 'number' || !Number.isFinite(multiplier) || multiplier <= 0 || multiplier > 100) {
    throw new SlaInputError('multiplier', 'multiplier: must be a number more than 0 and at most 100');
  }
  const dayLengthMs = periods.reduce((sum, p) => sum + (p.endMinute - p.startMinute) * MINUTE_MS, 0);
  return { periods, dayLengthMs, multiplier, unknownYears: new Set() };
}

function isWorkingDay(day: DayNumber, ctx: Context): boolean {
  const info = dayInfo(day);
  if (!info.known) ctx.unknownYears.add(Number(formatDay(day).slice(0, 4)));
  return info.working;
}

const sortedYears = (ctx: Context): number[] => [...ctx.unknownYears].sort((a, b) => a - b);

/**
 * The instant from which a limit's clock runs and its length in ms.
 * - wh: from the start itself (time outside office hours simply does not count).
 * - wd: the start's own day is not counted (民法典 第二百零一条: 开始的当日不计入); the clock starts
 *   at the first office period of the first working day after the start's China date.
 * - h: from the start, natural time.
 */
function clockOf(startMs: number, limit: Limit, ctx: Context): { fromMs: number; budgetMs: number } {
  if (limit.unit === 'wd') {
    let { day } = chinaDayAndOffset(startMs);
    let guard = 0;
    do {
      day += 1;
      if (++guard > MAX_WALK_DAYS) throw new SlaInputError('limit', 'limit: no working day found');
    } while (!isWorkingDay(day, ctx));
    return {
      fromMs: instantOf(day, ctx.periods[0]!.startMinute * MINUTE_MS),
      budgetMs: Math.round(limit.amount * ctx.multiplier * ctx.dayLengthMs),
    };
  }
  return { fromMs: startMs, budgetMs: Math.round(limit.amount * ctx.multiplier * HOUR_MS) };
}

/** Walk `budgetMs` of office time forward from `fromMs`; a budget ending exactly at a period's end stays there. */
function walkOfficeTime(fromMs: number, budgetMs: number, ctx: Context): number {
  let { day, offset } = chinaDayAndOffset(fromMs);
  let remaining = budgetMs;
  for (let walked = 0; walked <= MAX_WALK_DAYS; walked++, day++, offset = 0) {
    if (!isWorkingDay(day, ctx)) continue;
    // Whole working days in one step: the SLA scan computes many deadlines.
    if (offset === 0 && remaining > ctx.dayLengthMs) {
      remaining -= ctx.dayLengthMs;
      continue;
    }
    for (const p of ctx.periods) {
      const periodStart = p.startMinute * MINUTE_MS;
      const periodEnd = p.endMinute * MINUTE_MS;
      if (offset >= periodEnd) continue;
      const from = Math.max(offset, periodStart);
      const available = periodEnd - from;
      if (remaining <= available) return instantOf(day, from + remaining);
      remaining -= available;
      offset = periodEnd;
    }
  }
  throw new SlaInputError('limit', 'limit: deadline is too far in the future');
}

function endOfClock(startMs: number, limit: Limit, share: number, ctx: Context): number {
  const { fromMs, budgetMs } = clockOf(startMs, limit, ctx);
  const budget = Math.round(budgetMs * share);
  return limit.unit === 'h' ? fromMs + budget : walkOfficeTime(fromMs, budget, ctx);
}

const toLimit = (limit: string | Limit): Limit => (typeof limit === 'string' ? parseLimit(limit) : parseLimit(formatLimit(limit)));

/**
 * When a case started at `start` with this limit is due, as China time with offset. Years outside the
 * holiday data that the computation touched are listed in calendarUnknownYears (never guessed silently).
 */
export function addWorkingTime(start: string | number | Date, limit: string | Limit, options?: SlaOptions): DueResult {
  const startMs = parseInstant(start, 'from');
  const parsed = toLimit(limit);
  const ctx = contextOf(options);
  const dueAtMs = endOfClock(startMs, parsed, 1, ctx);
  return { dueAt: formatChinaTime(dueAtMs), dueAtMs, calendarUnknownYears: sortedYears(ctx) };
}

/**
 * Continue an interrupted clock: `ms` of office time (working hours) from `start`, or natural time when
 * `natural` is set. Used when a suspended case (缓办) resumes with the working time it had left: the
 * same walk as addWorkingTime, but with an exact budget in ms instead of a limit.
 */
export function addOfficeTime(
  start: string | number | Date,
  ms: number,
  options?: Pick<SlaOptions, 'officeHours'> & { natural?: boolean },
): DueResult {
  const startMs = parseInstant(start, 'from');
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_LIMIT_AMOUNT * HOUR_MS * 24) {
    throw new SlaInputError('ms', 'ms: must be a finite, non-negative duration');
  }
  const ctx = contextOf({ officeHours: options?.officeHours });
  const dueAtMs = options?.natural ? startMs + ms : ms === 0 ? startMs : walkOfficeTime(startMs, ms, ctx);
  return { dueAt: formatChinaTime(dueAtMs), dueAtMs, calendarUnknownYears: sortedYears(ctx) };
}

/** When the warning (预警) fires: the instant `share` (default 75%) of the limit has been used. */
export function warningAt(
  start: string | number | Date,
  limit: string | Limit,
  share = 0.75,
  options?: SlaOptions,
): SlaInstant {
  if (typeof share !== 'number' || !(share > 0) || share > 1) {
    throw new SlaInputError('share', 'share: must be more than 0 and at most 1');
  }
  const startMs = parseInstant(start, 'from');
  const parsed = toLimit(limit);
  const ctx = contextOf(options);
  const atMs = endOfClock(startMs, parsed, share, ctx);
  return { at: formatChinaTime(atMs), atMs, calendarUnknownYears: sortedYears(ctx) };
}

/** Office time on working days between two instants (negative when b is before a). */
export function workingTimeBetween(
  a: string | number | Date,
  b: string | number | Date,
  options?: Pick<SlaOptions, 'officeHours'>,
): { ms: number; hours: number; calendarUnknownYears: number[] } {
  const aMs = parseInstant(a, 'from');
  const bMs = parseInstant(b, 'to');
  const ctx = contextOf({ officeHours: options?.officeHours });
  const sign = bMs < aMs ? -1 : 1;
  const ms = sign * officeTimeBetween(Math.min(aMs, bMs), Math.max(aMs, bMs), ctx);
  return { ms, hours: ms / HOUR_MS, calendarUnknownYears: sortedYears(ctx) };
}

function officeTimeBetween(fromMs: number, toMs: number, ctx: Context): number {
  const first = chinaDayAndOffset(fromMs);
  const last = chinaDayAndOffset(toMs);
  if (last.day - first.day > MAX_WALK_DAYS) throw new SlaInputError('to', 'to: span is too long');
  let total = 0;
  for (let day = first.day; day <= last.day; day++) {
    if (!isWorkingDay(day, ctx)) continue;
    const lo = day === first.day ? first.offset : 0;
    const hi = day === last.day ? last.offset : DAY_MS;
    for (const p of ctx.periods) {
      const overlap = Math.min(hi, p.endMinute * MINUTE_MS) - Math.max(lo, p.startMinute * MINUTE_MS);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/**
 * Share of the limit used by `now` (0 before the clock starts; above 1 when overdue), measured on the
 * limit's own clock: office time for wh/wd, natural time for h.
 */
export function elapsedShare(
  start: string | number | Date,
  limit: string | Limit,
  now: string | number | Date,
  options?: SlaOptions,
): { share: number; calendarUnknownYears: number[] } {
  const startMs = parseInstant(start, 'from');
  const nowMs = parseInstant(now, 'now');
  const parsed = toLimit(limit);
  const ctx = contextOf(options);
  const { fromMs, budgetMs } = clockOf(startMs, parsed, ctx);
  let used = 0;
  if (nowMs > fromMs) used = parsed.unit === 'h' ? nowMs - fromMs : officeTimeBetween(fromMs, nowMs, ctx);
  return { share: used / budgetMs, calendarUnknownYears: sortedYears(ctx) };
}
