/**
 * Official division codes (GB/T 2260 and the statistical division codes) and 15-digit grid codes.
 * province 2, city 4, county 6, street/town 9, community/village 12 digits; a grid is
 * county 6 + street 3 + community 3 + grid 3 = 15 digits, so a grid's parent community is its first 12.
 */
export type Level = 'province' | 'city' | 'county' | 'street' | 'community' | 'grid';

export const LEVELS: readonly Level[] = ['province', 'city', 'county', 'street', 'community', 'grid'];

export const CODE_LENGTH: Record<Level, number> = {
  province: 2,
  city: 4,
  county: 6,
  street: 9,
  community: 12,
  grid: 15,
};

export const LEVEL_NAMES: Record<Level, { zh: string; en: string }> = {
  province: { zh: '省', en: 'Province' },
  city: { zh: '市', en: 'City' },
  county: { zh: '区县', en: 'District/County' },
  street: { zh: '街道/乡镇', en: 'Street/Town' },
  community: { zh: '社区/村', en: 'Community/Village' },
  grid: { zh: '网格', en: 'Grid' },
};

/** Level implied by a code's length, or null if the length is not an official one. */
export function levelOfCode(code: string): Level | null {
  if (!/^\d+$/.test(code)) return null;
  for (const level of LEVELS) if (CODE_LENGTH[level] === code.length) return level;
  return null;
}

/** Parent code implied by the coding rule (null for a province). */
export function parentCodeOf(code: string): string | null {
  const level = levelOfCode(code);
  if (!level || level === 'province') return null;
  const idx = LEVELS.indexOf(level);
  return code.slice(0, CODE_LENGTH[LEVELS[idx - 1]!]);
}

/** Why a code is not valid for a level, or null when it is. */
export function codeProblem(code: string, level: Level): string | null {
  if (!/^\d+$/.test(code)) return `code "${code}" must contain digits only`;
  const want = CODE_LENGTH[level];
  if (code.length !== want) return `a ${level} code has ${want} digits, "${code}" has ${code.length}`;
  const tail = code.slice(CODE_LENGTH[LEVELS[Math.max(0, LEVELS.indexOf(level) - 1)]!]);
  if (level !== 'province' && /^0+$/.test(tail)) return `code "${code}" ends in an all-zero ${level} part`;
  return null;
}

/** Materialised path of a code: every ancestor code then itself, '/'-terminated. */
export function pathOfCode(code: string): string {
  const out: string[] = [];
  for (const level of LEVELS) {
    const len = CODE_LENGTH[level];
    if (len > code.length) break;
    out.push(code.slice(0, len));
  }
  return `${out.join('/')}/`;
}
