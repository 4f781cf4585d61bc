import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bboxOf, checkGeometry, pointToWgs84, toWgs84 } from './geo.ts';

const square = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] } as const;

describe('checkGeometry', () => {
  it('accepts a closed simple polygon unchanged', () => {
    const r = checkGeometry(square, false);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.geometry, square);
  });

  it('refuses an unclosed ring unless repair closes it', () => {
    const open = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] };
    const refused = checkGeometry(open, false);
    assert.equal(refused.geometry, null);
    assert.match(refused.problems[0]!, /ring 0: ring is not closed/);
    const repaired = checkGeometry(open, true);
    assert.deepEqual(repaired.problems, []);
    assert.deepEqual((repaired.geometry as GeoJSON.Polygon).coordinates[0]!.at(-1), [0, 0]);
    assert.match(repaired.repairs[0]!, /closed the ring/);
  });

  it('refuses a self-intersecting bow-tie unless repair splits it into simple parts', () => {
    const bowtie = { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] };
    const refused = checkGeometry(bowtie, false);
    assert.equal(refused.geometry, null);
    assert.match(refused.problems[0]!, /intersects itself at 1 point\(s\), first near \[0\.500000, 0\.500000\]/);
    const repaired = checkGeometry(bowtie, true);
    assert.deepEqual(repaired.problems, []);
    assert.equal(repaired.geometry!.type, 'MultiPolygon');
    assert.equal((repaired.geometry as GeoJSON.MultiPolygon).coordinates.length, 2);
  });

  it('refuses wrong types, too few positions and out-of-range numbers even with repair', () => {
    assert.match(checkGeometry({ type: 'Point', coordinates: [0, 0] }, true).problems[0]!, /Polygon or MultiPolygon, got Point/);
    assert.match(checkGeometry({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }, true).problems[0]!, /at least 4 positions/);
    assert.match(checkGeometry({ type: 'Polygon', coordinates: [[[0, 0], [1, 'x'], [1, 1], [0, 0]]] }, true).problems[0]!, /position 1 is not/);
    assert.match(checkGeometry({ type: 'Polygon', coordinates: [[[0, 0], [200, 0], [1, 1], [0, 0]]] }, true).problems[0]!, /outside longitude/);
    assert.match(checkGeometry(null, true).problems[0]!, /missing/);
  });

  it('does not call touching MultiPolygon parts a self-intersection', () => {
    const touching = {
      type: 'MultiPolygon',
      coordinates: [square.coordinates, [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]],
    };
    assert.deepEqual(checkGeometry(touching, false).problems, []);
  });
});

describe('coordinates', () => {
  it('computes the bbox over every part', () => {
    const mp: GeoJSON.MultiPolygon = { type: 'MultiPolygon', coordinates: [square.coordinates as unknown as GeoJSON.Position[][], [[[5, -2], [6, -2], [6, -1], [5, -2]]]] };
    assert.deepEqual(bboxOf(mp), { minLng: 0, minLat: -2, maxLng: 6, maxLat: 1 });
  });

  it('shifts GCJ-02 coordinates in Nanjing by a few hundred metres to WGS84, leaving the input untouched', () => {
    const [lng, lat] = pointToWgs84(118.7784, 32.0418, 'gcj02');
    // GCJ-02 in Nanjing is offset roughly +0.005° lng / -0.002° lat from WGS84.
    assert.ok(lng < 118.7784 - 0.003 && lng > 118.7784 - 0.008, `lng ${lng}`);
    assert.ok(Math.abs(lat - 32.0418) < 0.004 && lat !== 32.0418, `lat ${lat}`);
    const poly: GeoJSON.Polygon = { type: 'Polygon', coordinates: [[[118.7, 32], [118.8, 32], [118.8, 32.1], [118.7, 32]]] };
    const converted = toWgs84(poly, 'gcj02');
    assert.equal(poly.coordinates[0]![0]![0], 118.7);
    assert.notEqual(converted.coordinates[0]![0]![0], 118.7);
    assert.deepEqual(toWgs84(poly, 'wgs84'), poly);
  });
});
