import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * Password checks a schema cannot make alone (the length rule is in people.schemas.ts), shared by every
 * way a password is chosen: account creation (HTTP, CLI, setup) and password change.
 *
 * - not the username;
 * - not one of the ~49,000 most common passwords (the ranked list kept by zxcvbn-ts, which covers the
 *   top 3,000 that ASVS 5.0 6.2.4 asks for), compared case-insensitively;
 * - not a context-specific word (the product, the place, the role) padded with digits or symbols, such as
 *   `wangge2026!` or `Admin@12345` (ASVS 5.0 6.1.2 / 6.2.11).
 * No composition rules (ASVS 6.2.5): any character is allowed.
 */
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/** Words anyone guessing a wangge password would try first. */
export const CONTEXT_WORDS = ['wangge', 'wanggetong', 'grid', 'nanjing', 'jiangsu', 'admin', 'administrator', 'password', 'demo', 'zhihui', 'zhongxin', 'root', 'guest', 'welcome', 'qwerty'] as const;

/** Why this password may not be chosen, or null when it may. */
export function passwordProblem(password: string, username: string): string | null {
  const lower = password.trim().toLowerCase();
  if (lower === username.trim().toLowerCase()) return 'must not be the username';
  if (COMMON.has(lower)) return 'is one of the most common passwords: choose another (a few unrelated words make a good one)';
  // The letters alone, once digits, spaces and symbols are taken away.
  const letters = lower.replace(/[^\p{L}]/gu, '');
  const name = username.trim().toLowerCase().replace(/[^\p{L}]/gu, '');
  // Guessable: nothing but one context word (or the account's name), once or repeated, plus digits/symbols.
  const words: string[] = name === '' ? [...CONTEXT_WORDS] : [...CONTEXT_WORDS, name];
  if (letters !== '' && words.some((w) => letters.split(w).join('') === '')) {
    return 'is too easy to guess (a name of the system, the place or your account with digits added): choose another';
  }
  return null;
}
