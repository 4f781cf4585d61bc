import { AppError } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import { parentCodeOf } from '../../../shared/territory/codes.ts';
import { getGridIndex, locatePoint } from './gridIndex.ts';
import { findNodes } from './territory.repository.ts';
import type { LocateResult } from '../../../shared/territory/wire.ts';

/** Ancestor codes of a node, from the province down (by the coding rule, not by reading the tree). */
export function ancestorCodes(code: string): string[] {
  const out: string[] = [];
  for (let c = parentCodeOf(code); c; c = parentCodeOf(c)) out.unshift(c);
  return out;
}

/**
 * The grid containing a WGS84 point, with its ancestors from the province down (public: the resident
 * portal uses it). OUTSIDE_TERRITORY when no grid contains the point.
 */
export async function locateGrid(db: Executor, options: { lat: number; lng: number }): Promise<LocateResult> {
  const index = await getGridIndex(db);
  const code = locatePoint(index, options.lat, options.lng);
  if (!code) throw new AppError('OUTSIDE_TERRITORY', `点 (${options.lat}, ${options.lng}) 不在任何网格内 / the point lies in no grid`);
  const rows = await findNodes(db, [code, ...ancestorCodes(code)]);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const grid = byCode.get(code);
  // The grid was deleted after the index was built: treat as outside rather than fail.
  if (!grid) throw new AppError('OUTSIDE_TERRITORY', 'the point lies in no grid');
  return {
    grid: { code: grid.code, name: grid.name_zh, nameEn: grid.name_en, level: grid.level },
    ancestors: ancestorCodes(code)
      .map((c) => byCode.get(c))
      .filter((r) => r !== undefined)
      .map((r) => ({ code: r.code, name: r.name_zh, level: r.level })),
  };
}
