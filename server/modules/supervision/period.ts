import { AppError } from '../../errors.ts';
import { parseInstant } from '../analytics/periods.ts';

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
