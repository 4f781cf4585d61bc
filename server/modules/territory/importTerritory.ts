import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { forEachChunk } from '../../storage/chunked.ts';
import type { TerritoryNodeRow } from '../../storage/schema.ts';
import { codeProblem, LEVELS, levelOfCode, parentCodeOf, pathOfCode, type Level } from '../../../shared/territory/codes.ts';
import { bboxOf, checkGeometry, toWgs84, type Crs } from '../../../shared/territory/geo.ts';
import type { ImportProblem, ParsedFile } from './parseTerritoryFile.ts';
import { findNodes, upsertNodes } from './territory.repository.ts';

/** At most this many problems are listed; the rest are counted. */
export const MAX_REPORTED_PROBLEMS = 100;

// Level words used by common data sources (DataV/echarts use 'district'; statistics tables 'town', 'village').
const LEVEL_ALIASES: Record<string, Level> = {
  province: 'province',
  city: 'city',
  county: 'county',
  district: 'county',
  street: 'street',
  town: 'street',
  township: 'street',
  subdistrict: 'street',
  community: 'community',
  village: 'community',
  grid: 'grid',
};

export interface ImportOptions {
  actor: Actor;
  parsed: ParsedFile;
  crs: Crs;
  repair: boolean;
  now: Date;
  /** Called as rows are written (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportSummary {
  file: string;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  repairs: string[];
}

/** Format problems as 'file: at: reason' lines, capped, for messages and the CLI. */
export function formatProblems(problems: readonly ImportProblem[]): string[] {
  const lines = problems.slice(0, MAX_REPORTED_PROBLEMS).map((p) => `${p.file}: ${p.at}: ${p.reason}`);
  if (problems.length > MAX_REPORTED_PROBLEMS) lines.push(`… and ${problems.length - MAX_REPORTED_PROBLEMS} more problem(s)`);
  return lines;
}

// Source is not compared: the same content from a renamed file is not a change.
function sameStored(a: TerritoryNodeRow, b: TerritoryNodeRow): boolean {
  return (
    a.level === b.level &&
    a.name_zh === b.name_zh &&
    a.name_en === b.name_en &&
    a.parent_code === b.parent_code &&
    a.path === b.path &&
    a.geometry === b.geometry
  );
}

/**
 * Import territory nodes (administrative units and grids) from a parsed file in one transaction:
 * every record is validated first (code per level, parent exists and matches the prefix rule,
 * geometry valid), every problem is collected, and nothing is written if there is any. Existing
 * nodes are updated in place (re-importing the same file changes nothing); 网格概况 is kept.
 * Geometry is converted from `crs` to WGS84 and its bbox stored alongside.
 */
export async function importTerritory(trx: Trx, options: ImportOptions): Promise<ImportSummary> {
  const { parsed } = options;
  const file = parsed.file;
  const problems: ImportProblem[] = [...parsed.problems];
  const repairs: string[] = [];
  const add = (at: string, reason: string) => problems.push({ file, at, reason });
  const nowIso = options.now.toISOString();

  const seen = new Map<string, string>();
  const candidates: TerritoryNodeRow[] = [];
  for (const rec of parsed.records) {
    if (!rec.code) {
      add(rec.at, 'missing code');
      continue;
    }
    let level: Level | null;
    if (rec.level) {
      level = LEVEL_ALIASES[rec.level.toLowerCase()] ?? null;
      if (!level) {
        add(rec.at, `unknown level "${rec.level}" (use one of ${LEVELS.join(', ')})`);
        continue;
      }
    } else {
      level = levelOfCode(rec.code);
      if (!level) {
        add(rec.at, `code "${rec.code}" must be digits with 2, 4, 6, 9, 12 or 15 digits (province…grid)`);
        continue;
      }
    }
    const codeIssue = codeProblem(rec.code, level);
    if (codeIssue) {
      add(rec.at, codeIssue);
      continue;
    }
    const dup = seen.get(rec.code);
    if (dup) {
      add(rec.at, `code ${rec.code} appears twice (also at ${dup})`);
      continue;
    }
    seen.set(rec.code, rec.at);
    if (!rec.name) add(rec.at, `code ${rec.code}: missing name`);
    const expectedParent = parentCodeOf(rec.code);
    if (rec.parent !== null && rec.parent !== expectedParent) {
      add(rec.at, `parent ${rec.parent} does not match code ${rec.code} (its parent by the coding rule is ${expectedParent ?? 'none'})`);
    }
    let geometry: string | null = null;
    let bbox = { min_lng: null as number | null, min_lat: null as number | null, max_lng: null as number | null, max_lat: null as number | null };
    if (rec.geometry !== null && rec.geometry !== undefined) {
      const check = checkGeometry(rec.geometry, options.repair);
      for (const p of check.problems) add(rec.at, `code ${rec.code}: ${p}`);
      for (const r of check.repairs) repairs.push(`${file}: ${rec.at}: ${r}`);
      if (check.geometry) {
        const wgs = toWgs84(check.geometry, options.crs);
        const b = bboxOf(wgs);
        geometry = JSON.stringify(wgs);
        bbox = { min_lng: b.minLng, min_lat: b.minLat, max_lng: b.maxLng, max_lat: b.maxLat };
      }
    }
    candidates.push({
      code: rec.code,
      level,
      name_zh: rec.name,
      name_en: rec.nameEn,
      parent_code: expectedParent,
      path: pathOfCode(rec.code),
      geometry,
      ...bbox,
      households: null,
      residents: null,
      description: null,
      source: `import:${file}`,
      created_at: nowIso,
      updated_at: nowIso,
    });
  }

  // Parents must exist in the database or somewhere in this file.
  const parentCodes = [...new Set(candidates.map((c) => c.parent_code).filter((p): p is string => p !== null && !seen.has(p)))];
  const existingParents = new Set((await findNodes(trx, parentCodes)).map((r) => r.code));
  for (const c of candidates) {
    if (c.parent_code && !seen.has(c.parent_code) && !existingParents.has(c.parent_code)) {
      add(seen.get(c.code)!, `parent ${c.parent_code} of ${c.code} is neither in the database nor in this file`);
    }
  }

  if (problems.length > 0) {
    const lines = formatProblems(problems);
    throw new AppError('VALIDATION_FAILED', `${file}: ${problems.length} problem(s), nothing imported:\n${lines.join('\n')}`, 'file', {
      problems: lines,
      count: problems.length,
    });
  }

  const existing = new Map((await findNodes(trx, candidates.map((c) => c.code))).map((r) => [r.code, r]));
  const toWrite: TerritoryNodeRow[] = [];
  let created = 0;
  let updated = 0;
  for (const c of candidates) {
    const old = existing.get(c.code);
    if (!old) {
      created += 1;
      toWrite.push(c);
      continue;
    }
    // A file without geometry (CSV) renames and re-parents but keeps the stored shape.
    const merged: TerritoryNodeRow =
      c.geometry === null
        ? { ...c, geometry: old.geometry, min_lng: old.min_lng, min_lat: old.min_lat, max_lng: old.max_lng, max_lat: old.max_lat }
        : c;
    if (sameStored(old, merged)) continue;
    updated += 1;
    toWrite.push({ ...merged, created_at: old.created_at, households: old.households, residents: old.residents, description: old.description });
  }
  // Parents before children, so the parent_code foreign key holds on every insert.
  toWrite.sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
  // 200 nodes per step: progress reports stay frequent on a city-sized import.
  await forEachChunk(toWrite, async (chunk, done) => {
    await upsertNodes(trx, chunk);
    options.onProgress?.(done, toWrite.length);
  }, 200);
  const summary: ImportSummary = { file, total: candidates.length, created, updated, unchanged: candidates.length - created - updated, repairs };
  await appendAudit(trx, options.actor, {
    action: 'territory.import',
    recordType: 'territory',
    recordId: null,
    after: { file, crs: options.crs, repair: options.repair, total: summary.total, created, updated, unchanged: summary.unchanged, repairs: repairs.length },
  });
  return summary;
}
