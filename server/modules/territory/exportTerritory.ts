import type { Executor } from '../../storage/db.ts';
import type { Level } from '../../../shared/territory/codes.ts';
import { allNodes } from './territory.repository.ts';

/**
 * What is stored, as a GeoJSON FeatureCollection whose properties (code, name, name_en, parent,
 * level) are the import format: exporting and re-importing changes nothing.
 */
export async function exportTerritory(db: Executor, options: { level?: Level | undefined }): Promise<GeoJSON.FeatureCollection> {
  const rows = await allNodes(db, options.level);
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      properties: { code: r.code, name: r.name_zh, name_en: r.name_en, parent: r.parent_code, level: r.level },
      geometry: r.geometry ? (JSON.parse(r.geometry) as GeoJSON.Geometry) : (null as unknown as GeoJSON.Geometry),
    })),
  };
}
