/** Small helpers shared by the supervision tabs. */

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
