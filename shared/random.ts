/**
 * The one seeded random generator (mulberry32): small, fast, well mixed for a 32-bit state, and the
 * same seed always gives the same sequence — in Node and in the browser. Spot-check samples, patrol
 * plans, rosters and the demo city are reproducible from their seeds through it; never Math.random.
 * Changing it changes every seeded result (stored demo data, published spot-check seeds).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
