/**
 * China Standard Time (UTC+8, no daylight saving): the calendar every date in wangge is read in —
 * working days, patrol windows, bulletin days, the times printed in reports. One definition here;
 * modules import it instead of writing `8 * 3600_000` again.
 */
export const CHINA_OFFSET_MS = 8 * 3_600_000;

const ms = (at: number | string | Date): number => (typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime());

/** The China calendar day of an instant, `YYYY-MM-DD`. */
export function chinaDay(at: number | string | Date): string {
  return new Date(ms(at) + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as China wall-clock time to the minute, `YYYY-MM-DD HH:mm` (reports, notices). */
export function chinaMinute(at: number | string | Date): string {
  return new Date(ms(at) + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
