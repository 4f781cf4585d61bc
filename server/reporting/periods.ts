import { AppError } from '../errors.ts';
import { CHINA_OFFSET_MS } from '../../shared/time/china.ts';

/** China Standard Time has no daylight saving: a fixed +08:00 offset. */
/** More buckets than this makes a table nobody reads; narrow the period or use a coarser unit. */
export const MAX_BUCKETS = 400;

/**
 * Parse a period bound: an ISO-8601 instant with an offset ("2026-11-01T00:00:00+08:00", "…Z") or a
 * calendar date ("2026-11-01", meaning 00:00 China time). Returns the UTC ISO string.
 */
export function parseInstant(value: string, field: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const text = dateOnly ? `${value}T00:00:00+08:00` : value;
  if (!dateOnly && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw new AppError('VALIDATION_FAILED', `${field}: 须为日期 YYYY-MM-DD 或带时区的 ISO-8601 时间 / must be a date or an ISO-8601 time with offset`, field);
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new AppError('VALIDATION_FAILED', `${field}: 不是有效时间 / not a valid time`, field);
  return new Date(ms).toISOString();
}

/** The half-open period [from, to) as UTC ISO strings; to must be after from. */
export function parsePeriod(from: string, to: string): { from: string; to: string } {
  const f = parseInstant(from, 'from');
  const t = parseInstant(to, 'to');
  if (t <= f) throw new AppError('VALIDATION_FAILED', 'to: 结束时间须晚于开始时间 / must be after from', 'to');
  return { from: f, to: t };
}

export type PeriodUnit = 'day' | 'week' | 'month';

/** One time bucket: [start, end) in UTC ISO, labelled by its China-time start date (or month). */
export interface Bucket {
  key: string;
  start: string;
  end: string;
}

function chinaParts(ms: number) {
  const d = new Date(ms + CHINA_OFFSET_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth(), day: d.getUTCDate(), weekday: (d.getUTCDay() + 6) % 7 };
}

/** UTC instant of 00:00 China time on the given China calendar date. */
function chinaMidnight(y: number, m: number, day: number): number {
  return Date.UTC(y, m, day) - CHINA_OFFSET_MS;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Cut [from, to) into China-time days, ISO weeks (Monday) or months. The first and last buckets are
 * clipped to the period; each is labelled by the calendar start of its day/week/month.
 */
export function bucketsOf(period: { from: string; to: string }, unit: PeriodUnit): Bucket[] {
  const fromMs = Date.parse(period.from);
  const toMs = Date.parse(period.to);
  const out: Bucket[] = [];
  let cursor = fromMs;
  while (cursor < toMs) {
    const p = chinaParts(cursor);
    let startMs: number;
    let nextMs: number;
    let key: string;
    if (unit === 'day') {
      startMs = chinaMidnight(p.y, p.m, p.day);
      nextMs = chinaMidnight(p.y, p.m, p.day + 1);
      key = `${p.y}-${pad(p.m + 1)}-${pad(p.day)}`;
    } else if (unit === 'week') {
      startMs = chinaMidnight(p.y, p.m, p.day - p.weekday);
      nextMs = chinaMidnight(p.y, p.m, p.day - p.weekday + 7);
      const s = chinaParts(startMs);
      key = `${s.y}-${pad(s.m + 1)}-${pad(s.day)}`;
    } else {
      startMs = chinaMidnight(p.y, p.m, 1);
      nextMs = chinaMidnight(p.y, p.m + 1, 1);
      key = `${p.y}-${pad(p.m + 1)}`;
    }
    const end = Math.min(nextMs, toMs);
    out.push({ key, start: new Date(Math.max(startMs, cursor)).toISOString(), end: new Date(end).toISOString() });
    cursor = end;
    if (out.length > MAX_BUCKETS) {
      throw new AppError('VALIDATION_FAILED', `groupBy: 时段过多（>${MAX_BUCKETS}）/ more than ${MAX_BUCKETS} ${unit}s in the period; narrow it or use a coarser unit`, 'groupBy');
    }
  }
  return out;
}

/** One calendar day in ms (China time has no daylight saving). */
const DAY_MS = 86_400_000;

/**
 * A period given as one China-time date `2026-11-20` (that day) or an inclusive range
 * `2026-11-01..2026-11-30` (first day 00:00 to the day after the last, China time), as [from, to) UTC ISO.
 */
export function parseDateOrRange(value: string, field = 'period'): { from: string; to: string } {
  const m = /^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$/.exec(value.trim());
  if (!m) throw new AppError('VALIDATION_FAILED', `${field}: 须为日期 YYYY-MM-DD 或区间 YYYY-MM-DD..YYYY-MM-DD / must be a date or a date range`, field);
  const from = parseInstant(m[1]!, field);
  const last = parseInstant(m[2] ?? m[1]!, field);
  if (last < from) throw new AppError('VALIDATION_FAILED', `${field}: 结束日期早于开始日期 / the range ends before it starts`, field);
  return { from, to: new Date(Date.parse(last) + DAY_MS).toISOString() };
}
