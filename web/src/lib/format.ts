/**
 * Formatting helpers every face uses: the bilingual half of a server message and China-time calendar
 * dates (the KPI and wall screens count days in China time, as the server does).
 */

/**
 * The server writes some messages in both languages, "中文 / English" (e.g. STALE_TRANSITION: "案件已被 王芳 于
 * 14:02 执行「核查通过」… / already verify by 王芳 at 14:02"); pick the half for the person's language.
 */
export function pickBilingual(message: string, en: boolean): string {
  const i = message.indexOf(' / ');
  if (i < 0) return message;
  return en ? message.slice(i + 3) : message.slice(0, i);
}

/** China-time calendar date (YYYY-MM-DD) of an instant, offset by whole days. */
export function chinaDate(d: Date, addDays = 0): string {
  const t = new Date(d.getTime() + 8 * 3600_000 + addDays * 86_400_000);
  return t.toISOString().slice(0, 10);
}

/** A rate (0…1) as a percentage with one decimal, or a dash when there is none. */
export function fmtRate(r: number | null | undefined): string {
  return r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`;
}

/** The period pickers of the KPI and evaluation pages: last 7 or 30 days, this month, this year. */
export type PeriodPreset = '7' | '30' | 'month' | 'year';

/** [from, to) as China-time dates for a preset; `to` is tomorrow so today counts. */
export function presetRange(p: PeriodPreset, now = new Date()): { from: string; to: string } {
  const to = chinaDate(now, 1);
  if (p === '7') return { from: chinaDate(now, -6), to };
  if (p === '30') return { from: chinaDate(now, -29), to };
  const today = chinaDate(now);
  return { from: p === 'month' ? `${today.slice(0, 7)}-01` : `${today.slice(0, 4)}-01-01`, to };
}
