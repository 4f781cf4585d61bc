/**
 * Sampling maths for random spot checks (随机抽查), pure and deterministic. Formulas: docs/supervision.md.
 *   Cochran:                      n0 = z² · p(1 − p) / e²,  p = 0.5 (the most conservative proportion)
 *   finite population correction: n  = n0 / (1 + (n0 − 1) / N), rounded up, never more than N
 *   proportional allocation:      n_h = n · N_h / N (largest remainder), at least 1 per non-empty stratum
 */

/** Two-sided z for a confidence level, from the inverse normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function zForConfidence(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError('confidence must be between 0 and 1');
  return inverseNormal(1 - (1 - confidence) / 2);
}

function inverseNormal(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Sample size for a population of N at a confidence level and margin of error (Cochran with finite population correction). */
export function cochranSampleSize(population: number, confidence: number, margin: number): { z: number; n0: number; n: number } {
  const z = zForConfidence(confidence);
  const n0 = (z * z * 0.25) / (margin * margin);
  if (population <= 0) return { z, n0, n: 0 };
  const corrected = n0 / (1 + (n0 - 1) / population);
  return { z, n0, n: Math.min(population, Math.ceil(corrected - 1e-9)) };
}

/**
 * Split n across strata in proportion to their sizes (largest remainder, ties by stratum key), then give
 * every non-empty stratum at least one case and no stratum more than it has. The minimum of one can make
 * the total exceed n by at most the number of strata that would otherwise get none (documented).
 */
export function allocateProportional(n: number, strata: readonly { key: string; size: number }[]): Map<string, number> {
  const total = strata.reduce((s, x) => s + x.size, 0);
  const out = new Map<string, number>();
  if (total === 0) {
    for (const s of strata) out.set(s.key, 0);
    return out;
  }
  const exact = strata.map((s) => ({ key: s.key, size: s.size, share: (n * s.size) / total }));
  for (const e of exact) out.set(e.key, Math.floor(e.share));
  let left = n - [...out.values()].reduce((a, b) => a + b, 0);
  const byRemainder = [...exact].sort((x, y) => y.share - Math.floor(y.share) - (x.share - Math.floor(x.share)) || (x.key < y.key ? -1 : 1));
  for (const e of byRemainder) {
    if (left <= 0) break;
    out.set(e.key, out.get(e.key)! + 1);
    left -= 1;
  }
  for (const e of exact) {
    if (e.size > 0 && out.get(e.key)! < 1) out.set(e.key, 1);
    out.set(e.key, Math.min(e.size, out.get(e.key)!));
  }
  return out;
}

/** k items chosen without replacement by a partial Fisher–Yates shuffle driven by `random`; input order matters, so sort it first. */
export function sampleWithoutReplacement<T>(items: readonly T[], k: number, random: () => number): T[] {
  const pool = [...items];
  const take = Math.min(k, pool.length);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, take);
}
