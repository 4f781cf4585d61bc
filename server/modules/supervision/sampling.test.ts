import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocateProportional, cochranSampleSize, sampleWithoutReplacement, zForConfidence } from './sampling.ts';
import { seededRandom } from '../../../shared/random.ts';

describe('spot-check sampling maths', () => {
  it('z for the usual confidence levels', () => {
    assert.equal(zForConfidence(0.95).toFixed(4), '1.9600');
    assert.equal(zForConfidence(0.99).toFixed(4), '2.5758');
    assert.equal(zForConfidence(0.9).toFixed(4), '1.6449');
  });

  it('Cochran with finite population correction matches the documented figures', () => {
    // n0 = 1.96² · 0.25 / 0.05² = 384.15; n = 384.15 / (1 + 383.15 / 1000) = 277.7 → 278
    assert.equal(cochranSampleSize(1000, 0.95, 0.05).n, 278);
    assert.equal(Math.round(cochranSampleSize(1000, 0.95, 0.05).n0), 384);
    assert.equal(cochranSampleSize(10_000, 0.95, 0.05).n, 370);
    assert.equal(cochranSampleSize(100, 0.95, 0.05).n, 80);
    assert.equal(cochranSampleSize(1_000_000, 0.95, 0.05).n, 384);
    assert.equal(cochranSampleSize(1000, 0.99, 0.03).n, 649);
    assert.equal(cochranSampleSize(20, 0.95, 0.2).n, 12);
    assert.equal(cochranSampleSize(3, 0.95, 0.05).n, 3, 'never more than the population');
    assert.equal(cochranSampleSize(0, 0.95, 0.05).n, 0);
  });

  it('allocates proportionally with at least one per non-empty stratum', () => {
    const a = allocateProportional(12, [{ key: 'A', size: 15 }, { key: 'B', size: 5 }]);
    assert.deepEqual([...a.entries()], [['A', 9], ['B', 3]]);
    const b = allocateProportional(10, [{ key: 'A', size: 990 }, { key: 'B', size: 5 }, { key: 'C', size: 5 }, { key: 'D', size: 0 }]);
    assert.equal(b.get('A'), 10);
    assert.equal(b.get('B'), 1);
    assert.equal(b.get('C'), 1);
    assert.equal(b.get('D'), 0);
    const c = allocateProportional(278, [{ key: 'X', size: 500 }, { key: 'Y', size: 300 }, { key: 'Z', size: 200 }]);
    assert.deepEqual([c.get('X'), c.get('Y'), c.get('Z')], [139, 83, 56]);
  });

  it('the same seed gives the same sample, another seed another', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const a = sampleWithoutReplacement(items, 10, seededRandom(42));
    const b = sampleWithoutReplacement(items, 10, seededRandom(42));
    const c = sampleWithoutReplacement(items, 10, seededRandom(43));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.equal(new Set(a).size, 10, 'no case twice');
  });
});
