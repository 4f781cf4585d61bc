import { allowedIds, scopePathsFor } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { notFound } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import { findNode, gridsWithin } from './territory.repository.ts';
import type { GridCollection } from '../../../shared/territory/wire.ts';

/**
 * Grids inside `within` (default: everywhere) that the caller may read, as a GeoJSON
 * FeatureCollection for the map. A `within` node the caller cannot read and holds no readable
 * grid under answers 404, like a missing one.
 */
export async function listGridFeatures(
  db: Executor,
  options: { actor: Actor; within?: string | undefined },
): Promise<GridCollection> {
  let withinPath = '';
  let withinReadable = true;
  if (options.within !== undefined) {
    const node = await findNode(db, options.within);
    if (!node) throw notFound('territory node');
    withinPath = node.path;
    withinReadable = (await allowedIds(db, { actor: options.actor, action: 'territory.read', resource: 'territory', ids: [node.code] })).has(node.code);
  }
  const rows = await gridsWithin(db, withinPath, scopePathsFor(options.actor, 'territory.read'));
  if (rows.length === 0 && !withinReadable) throw notFound('territory node');
  return {
    type: 'FeatureCollection' as const,
    features: rows
      .filter((r) => r.geometry)
      .map((r) => ({
        type: 'Feature' as const,
        id: r.code,
        properties: { code: r.code, name: r.name_zh, name_en: r.name_en, parent: r.parent_code, level: r.level },
        // Grid boundaries are checked to be polygons on import (importTerritory.ts).
        geometry: JSON.parse(r.geometry!) as GeoJSON.Polygon | GeoJSON.MultiPolygon,
      })),
  };
}
