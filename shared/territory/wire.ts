import { z } from 'zod';
import { LEVELS } from './codes.ts';

/**
 * Wire shapes of the territory API (区划与网格): the routes in server/modules/territory declare them
 * as response schemas, and the web client imports their types.
 */

export const level = z.enum(LEVELS as unknown as ['province', 'city', 'county', 'street', 'community', 'grid']);
export type Level = z.infer<typeof level>;

/** A territory node named by another (parent, child, ancestor). */
export const nodeRef = z.object({ code: z.string(), name: z.string(), level });
export type NodeRef = z.infer<typeof nodeRef>;

/** GET /api/territory/locate: the grid containing a point and its ancestors, province first. */
export const locateResponse = z.object({
  grid: z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable(), level }),
  ancestors: z.array(nodeRef),
});
export type LocateResult = z.infer<typeof locateResponse>;

const bbox = z.object({ minLng: z.number(), minLat: z.number(), maxLng: z.number(), maxLat: z.number() }).nullable();

/** GET /api/territory/nodes/:code (and the answer of PATCH …/profile): one node, its grid profile (网格概况) and what the caller may do. */
export const nodeResponse = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  level,
  parent: nodeRef.nullable(),
  children: z.array(nodeRef),
  bbox,
  /** Only with ?geometry=1; null when the node has no boundary. Passed through unchecked (stored GeoJSON, WGS84). */
  geometry: z.custom<GeoJSON.Geometry | null>().optional().describe('GeoJSON geometry, WGS84 (only with ?geometry=1)'),
  profile: z.object({
    households: z.number().nullable(),
    residents: z.number().nullable(),
    description: z.string().nullable(),
  }),
  actions: z.array(z.string()),
});
export type NodeView = z.infer<typeof nodeResponse>;

/** GET /api/territory/nodes: the children the caller may read. */
export const childrenResponse = z.object({
  nodes: z.array(nodeRef.extend({ nameEn: z.string().nullable(), parent: z.string().nullable() })),
});
export type ChildrenResponse = z.infer<typeof childrenResponse>;

/** One grid of the map layer. */
export const gridFeature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  properties: z.object({ code: z.string(), name: z.string(), name_en: z.string().nullable(), parent: z.string().nullable(), level: z.string() }),
  geometry: z.custom<GeoJSON.Polygon | GeoJSON.MultiPolygon>().describe('GeoJSON Polygon or MultiPolygon, WGS84'),
});
export type GridFeature = z.infer<typeof gridFeature>;

/** GET /api/territory/grids.geojson (application/geo+json): the grids in scope as a FeatureCollection. */
export const gridCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(gridFeature) });
export type GridCollection = z.infer<typeof gridCollection>;
