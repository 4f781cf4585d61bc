import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPolygonIndex, locatePoint } from './gridIndex.ts';

function box(minLng: number, minLat: number, maxLng: number, maxLat: number): GeoJSON.Position[] {
  return [[minLng, minLat], [maxLng, minLat], [maxLng, maxLat], [minLng, maxLat], [minLng, minLat]];
}

describe('polygon index', () => {
  it('finds the polygon containing a point and null outside all of them', () => {
    const index = buildPolygonIndex([
      { code: 'A', geometry: { type: 'Polygon', coordinates: [box(0, 0, 1, 1)] } },
      { code: 'B', geometry: JSON.stringify({ type: 'Polygon', coordinates: [box(1, 0, 2, 1)] }) },
      { code: 'NOGEOM', geometry: null },
    ]);
    assert.equal(index.codes.length, 2);
    assert.equal(locatePoint(index, 0.5, 0.5), 'A');
    assert.equal(locatePoint(index, 0.5, 1.5), 'B');
    assert.equal(locatePoint(index, 5, 5), null);
  });

  it('does not answer a point in a hole with the ring around it', () => {
    const index = buildPolygonIndex([
      { code: 'RING', geometry: { type: 'Polygon', coordinates: [box(0, 0, 3, 3), box(1, 1, 2, 2)] } },
      { code: 'ISLAND', geometry: { type: 'Polygon', coordinates: [box(1.2, 1.2, 1.8, 1.8)] } },
    ]);
    assert.equal(locatePoint(index, 0.5, 0.5), 'RING');
    assert.equal(locatePoint(index, 1.1, 1.1), null, 'inside the hole, outside the island');
    assert.equal(locatePoint(index, 1.5, 1.5), 'ISLAND');
  });

  it('handles MultiPolygons whose bbox covers a point none of its parts contain', () => {
    const index = buildPolygonIndex([
      { code: 'M', geometry: { type: 'MultiPolygon', coordinates: [[box(0, 0, 1, 1)], [[...box(4, 4, 5, 5)]]] } },
    ]);
    assert.equal(locatePoint(index, 4.5, 4.5), 'M');
    assert.equal(locatePoint(index, 2.5, 2.5), null);
  });

  it('answers a point on a shared edge with the smallest code whatever the load order', () => {
    const a = { code: '320106001001002', geometry: { type: 'Polygon' as const, coordinates: [box(0, 0, 1, 1)] } };
    const b = { code: '320106001001001', geometry: { type: 'Polygon' as const, coordinates: [box(1, 0, 2, 1)] } };
    assert.equal(locatePoint(buildPolygonIndex([a, b]), 0.5, 1), '320106001001001');
    assert.equal(locatePoint(buildPolygonIndex([b, a]), 0.5, 1), '320106001001001');
  });

  it('answers null on an empty index', () => {
    assert.equal(locatePoint(buildPolygonIndex([]), 0, 0), null);
  });
});
