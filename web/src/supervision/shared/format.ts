/** Small helpers shared by the supervision tabs. */

/** China-time date (YYYY-MM-DD), offset by days. */
export function chinaToday(addDays = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + addDays * 86_400_000).toISOString().slice(0, 10);
}

/** A rate as a percentage with one decimal, or a dash. */
export function pct(r: number | null | undefined): string {
  return r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`;
}

/** A random seed in the range the server accepts (0 … 2³²−1). */
export function randomSeed(): number {
  const a = new Uint32Array(1);
  crypto.getRandomValues(a);
  return a[0]! % 1_000_000;
}

/** Validate an antd form; null when a field is invalid (the form shows why) instead of a rejected promise. */
export async function validated<T>(form: { validateFields: () => Promise<T> }): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}
