import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';

/**
 * Turn an import file's text into uniform records (no validation of codes or geometry yet — that is
 * importTerritory's job, so every problem is reported together).
 */

export type ImportFormat = 'geojson' | 'csv';

export interface ImportRecord {
  /** Where the record came from, for error messages: 'feature 3' or 'row 5' (1-based file line). */
  at: string;
  code: string;
  name: string;
  nameEn: string | null;
  parent: string | null;
  /** Level as written in the file (aliases allowed), or null to derive it from the code length. */
  level: string | null;
  geometry: unknown;
}

export interface ImportProblem {
  file: string;
  at: string;
  reason: string;
}

export interface ParsedFile {
  file: string;
  records: ImportRecord[];
  problems: ImportProblem[];
}

/** Format from an explicit choice or the file extension (.geojson/.json → geojson, .csv → csv). */
export function formatOf(fileName: string, explicit?: string): ImportFormat | null {
  if (explicit === 'geojson' || explicit === 'csv') return explicit;
  if (explicit) return null;
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.geojson' || ext === '.json') return 'geojson';
  if (ext === '.csv') return 'csv';
  return null;
}

/**
 * Official GB/T 2260 tables pad every code to 6 digits (江苏省 320000, 南京市 320100); our tree uses
 * the unpadded 2/4-digit forms, so a padded province or city code is shortened.
 */
export function normaliseCode(value: unknown): string {
  let code = typeof value === 'number' && Number.isInteger(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (/^\d{2}0000$/.test(code)) code = code.slice(0, 2);
  else if (/^\d{4}00$/.test(code)) code = code.slice(0, 4);
  return code;
}

function text(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return null;
}

function parentValue(value: unknown): string | null {
  // DataV/echarts files carry parent as {adcode: 320100}.
  if (value && typeof value === 'object' && 'adcode' in value) return normaliseCode((value as { adcode: unknown }).adcode) || null;
  return normaliseCode(value) || null;
}

/** Parse a GeoJSON FeatureCollection or a CSV (code,name,parent,level[,name_en]) into records. */
export function parseTerritoryFile(content: string, fileName: string, format: ImportFormat): ParsedFile {
  const file = path.basename(fileName);
  const problems: ImportProblem[] = [];
  const records: ImportRecord[] = [];
  if (format === 'geojson') {
    let doc: unknown;
    try {
      doc = JSON.parse(content.replace(/^\uFEFF/, ''));
    } catch (err) {
      problems.push({ file, at: 'file', reason: `not valid JSON: ${(err as Error).message}` });
      return { file, records, problems };
    }
    const fc = doc as { type?: unknown; features?: unknown };
    if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
      problems.push({ file, at: 'file', reason: 'GeoJSON must be a FeatureCollection with a features array' });
      return { file, records, problems };
    }
    fc.features.forEach((f: unknown, i: number) => {
      const at = `feature ${i}`;
      const feature = f as { type?: unknown; properties?: Record<string, unknown> | null; geometry?: unknown };
      if (!feature || feature.type !== 'Feature') {
        problems.push({ file, at, reason: 'not a GeoJSON Feature' });
        return;
      }
      const p = feature.properties ?? {};
      records.push({
        at,
        code: normaliseCode(p['code'] ?? p['adcode']),
        name: text(p['name']) ?? '',
        nameEn: text(p['name_en']),
        parent: p['parent'] === undefined || p['parent'] === null ? null : parentValue(p['parent']),
        level: text(p['level']),
        geometry: feature.geometry ?? null,
      });
    });
    return { file, records, problems };
  }
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(content, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), bom: true, trim: true, skip_empty_lines: true });
  } catch (err) {
    problems.push({ file, at: 'file', reason: `not valid CSV: ${(err as Error).message}` });
    return { file, records, problems };
  }
  const header = rows.length > 0 ? Object.keys(rows[0]!) : [];
  for (const required of ['code', 'name']) {
    if (rows.length > 0 && !header.includes(required)) problems.push({ file, at: 'header', reason: `missing column "${required}" (expected code,name,parent,level[,name_en])` });
  }
  if (problems.length) return { file, records, problems };
  rows.forEach((r, i) => {
    records.push({
      at: `row ${i + 2}`,
      code: normaliseCode(r['code']),
      name: text(r['name']) ?? '',
      nameEn: text(r['name_en']),
      parent: text(r['parent']) ? parentValue(r['parent']) : null,
      level: text(r['level']),
      geometry: null,
    });
  });
  return { file, records, problems };
}
