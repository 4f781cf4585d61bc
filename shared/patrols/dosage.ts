/**
 * Patrol dosage (巡逻频次与驻留时长) for key sites, pure maths shared by server and field app.
 *
 * Research defaults (see docs/patrols.md): Koper (1995) found police presence of about 10–16 minutes
 * at a hot spot maximises the residual deterrence after the patrol leaves (the "Koper curve"); the
 * Minneapolis and Sacramento hot-spot experiments used unpredictable visits roughly every two hours.
 * So a default window asks for a visit at least every 120 min with a dwell of 10–16 min; lower risk
 * levels visit less often. An active campaign phase multiplies frequency (interval ÷ multiplier).
 *
 * Times of day are China Standard Time (UTC+8, no daylight saving), as the duty rota reads them.
 */
import { CHINA_OFFSET_MS, chinaDay } from '../time/china.ts';

export const SITE_CATEGORIES = [
  'transport_hub', // 交通枢纽
  'school', // 学校
  'hospital', // 医院
  'crowded_place', // 人员密集场所
  'construction_site', // 建筑工地
  'hazardous_chemicals', // 危化品场所
  'government', // 党政机关
  'commercial', // 商业街区
  'other', // 其他
] as const;
export type SiteCategory = (typeof SITE_CATEGORIES)[number];

export const SITE_CATEGORY_NAMES: Record<SiteCategory, { zh: string; en: string }> = {
  transport_hub: { zh: '交通枢纽', en: 'Transport hub' },
  school: { zh: '学校', en: 'School' },
  hospital: { zh: '医院', en: 'Hospital' },
  crowded_place: { zh: '人员密集场所', en: 'Crowded place' },
  construction_site: { zh: '建筑工地', en: 'Construction site' },
  hazardous_chemicals: { zh: '危化品场所', en: 'Hazardous chemicals' },
  government: { zh: '党政机关', en: 'Government' },
  commercial: { zh: '商业街区', en: 'Commercial street' },
  other: { zh: '其他', en: 'Other' },
};

/** 1 = low, 2 = medium, 3 = high (重点). */
export type RiskLevel = 1 | 2 | 3;

/** One key period (重点时段): a visit at least every `everyMinutes` between start and end, each dwelling dwellMin–dwellMax. */
export interface DosageWindow {
  /** 'HH:MM' local time (UTC+8). */
  start: string;
  /** 'HH:MM', '24:00' allowed; an end before the start crosses midnight. */
  end: string;
  everyMinutes: number;
  dwellMinMinutes: number;
  dwellMaxMinutes: number;
}

export const KOPER_DWELL = { min: 10, max: 16 } as const;
const INTERVAL_BY_RISK: Record<RiskLevel, number> = { 3: 120, 2: 180, 1: 240 };

const WINDOWS_BY_CATEGORY: Record<SiteCategory, [string, string][]> = {
  transport_hub: [['06:00', '24:00']],
  school: [['07:00', '09:00'], ['15:30', '18:30']],
  hospital: [['08:00', '22:00']],
  crowded_place: [['10:00', '24:00']],
  construction_site: [['18:00', '24:00']],
  hazardous_chemicals: [['00:00', '24:00']],
  government: [['08:00', '20:00']],
  commercial: [['10:00', '24:00']],
  other: [['18:00', '24:00']],
};

/** Research-based default dosage for a category and risk level. */
export function defaultDosage(category: SiteCategory, risk: RiskLevel): DosageWindow[] {
  return WINDOWS_BY_CATEGORY[category].map(([start, end]) => ({
    start,
    end,
    everyMinutes: INTERVAL_BY_RISK[risk],
    dwellMinMinutes: KOPER_DWELL.min,
    dwellMaxMinutes: KOPER_DWELL.max,
  }));
}

/** Minutes after local midnight of 'HH:MM' ('24:00' = 1440), or null when malformed. */
export function parseClock(value: string): number | null {
  const m = /^(\d\d):(\d\d)$/.exec(value);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return null;
  return h * 60 + min;
}

/** Problems with a dosage list, as [field, message] pairs (empty = valid). */
export function dosageProblems(windows: readonly DosageWindow[]): [string, string][] {
  const out: [string, string][] = [];
  windows.forEach((w, i) => {
    const s = parseClock(w.start);
    const e = parseClock(w.end);
    if (s === null || s === 1440) out.push([`dosage.${i}.start`, 'start must be HH:MM between 00:00 and 23:59']);
    if (e === null) out.push([`dosage.${i}.end`, 'end must be HH:MM between 00:00 and 24:00']);
    if (s !== null && e !== null && s === e) out.push([`dosage.${i}.end`, 'end must differ from start']);
    if (!(w.everyMinutes >= 15 && w.everyMinutes <= 1440)) out.push([`dosage.${i}.everyMinutes`, 'everyMinutes must be 15–1440']);
    if (!(w.dwellMinMinutes >= 1 && w.dwellMinMinutes <= w.dwellMaxMinutes)) out.push([`dosage.${i}.dwellMinMinutes`, 'dwellMinMinutes must be ≥ 1 and ≤ dwellMaxMinutes']);
    if (!(w.dwellMaxMinutes <= w.everyMinutes)) out.push([`dosage.${i}.dwellMaxMinutes`, 'dwellMaxMinutes must not exceed everyMinutes']);
  });
  return out;
}

/** China Standard Time offset: fixed, no daylight saving. */
export const CST_OFFSET_MS = CHINA_OFFSET_MS;

/** One required visit: a visit must START inside [start, end) and dwell at least dwellMin minutes. */
export interface VisitSlot {
  windowIndex: number;
  /** Local date (YYYY-MM-DD, UTC+8) the window instance starts on. */
  day: string;
  slotIndex: number;
  start: number; // epoch ms
  end: number; // epoch ms
  dwellMinMinutes: number;
  dwellMaxMinutes: number;
}

/** Local (UTC+8) date string of an instant. */
export function localDay(epochMs: number): string {
  return chinaDay(epochMs);
}

/**
 * The required visit slots of a site between `from` and `to` (epoch ms): each window instance is cut
 * into consecutive slots of everyMinutes ÷ multiplier, and each slot needs one visit that starts in
 * it ("at least one visit every interval"). Slots clipped by the range keep only the part inside it,
 * and are dropped when too short to start a visit in (< 1 minute).
 */
export function visitSlots(windows: readonly DosageWindow[], from: number, to: number, multiplier = 1): VisitSlot[] {
  const m = multiplier > 0 && Number.isFinite(multiplier) ? multiplier : 1;
  const out: VisitSlot[] = [];
  const firstDay = Math.floor((from + CST_OFFSET_MS) / 86400_000) - 1;
  const lastDay = Math.floor((to + CST_OFFSET_MS) / 86400_000);
  for (let d = firstDay; d <= lastDay; d++) {
    const midnight = d * 86400_000 - CST_OFFSET_MS;
    windows.forEach((w, windowIndex) => {
      const s = parseClock(w.start);
      let e = parseClock(w.end);
      if (s === null || e === null) return;
      if (e <= s) e += 1440;
      const ws = midnight + s * 60_000;
      const we = midnight + e * 60_000;
      if (we <= from || ws >= to) return;
      const interval = Math.max(1, Math.round((w.everyMinutes / m) * 60_000));
      let k = 0;
      for (let t = ws; t < we; t += interval, k++) {
        const start = Math.max(t, from);
        const end = Math.min(t + interval, we, to);
        if (end - start < 60_000) continue;
        out.push({ windowIndex, day: localDay(midnight + 1), slotIndex: k, start, end, dwellMinMinutes: w.dwellMinMinutes, dwellMaxMinutes: w.dwellMaxMinutes });
      }
    });
  }
  return out.sort((a, b) => a.start - b.start || a.windowIndex - b.windowIndex);
}
