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

/**
 * Words anyone guessing a wangge password would try first: the product, the place (the demo city's
 * districts; a deployment elsewhere would add its own), the roles, and the usual suspects.
 */
export const CONTEXT_WORDS = [
  'wangge', 'wanggetong', 'grid', 'admin', 'administrator', 'password', 'passwd', 'demo', 'root', 'guest', 'welcome', 'qwerty', 'zhihui', 'zhongxin', 'shequ', 'jiedao',
  'jiangsu', 'nanjing', 'xuanwu', 'qinhuai', 'jianye', 'gulou', 'pukou', 'qixia', 'yuhuatai', 'jiangning', 'liuhe', 'lishui', 'gaochun',
  '网格', '网格通', '南京', '江苏', '玄武', '秦淮', '建邺', '鼓楼', '浦口', '栖霞', '雨花台', '江宁', '六合', '溧水', '高淳', '社区', '街道', '管理员', '密码', '指挥中心',
] as const;

/** Common character swaps (p@ssw0rd → password) undone before the checks. */
const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '1': 'i', '!': 'i', '3': 'e', '$': 's', '5': 's', '7': 't' };

/** Is `text` made only of the given words, in any order and number (wanggeadmin, nanjingnanjing)? */
function madeOfWords(text: string, words: readonly string[]): boolean {
  if (text === '') return false;
  const reach = new Array<boolean>(text.length + 1).fill(false);
  reach[0] = true;
  for (let i = 0; i < text.length; i++) {
    if (!reach[i]) continue;
    for (const w of words) if (w !== '' && text.startsWith(w, i)) reach[i + w.length] = true;
  }
  return reach[text.length]!;
}

/** Only digits, in a run anyone types: all the same, or counting up or down (1234567890…, 9876…). */
function digitRun(text: string): boolean {
  if (!/^\d+$/.test(text)) return false;
  const steps = new Set<number>();
  for (let i = 1; i < text.length; i++) steps.add((Number(text[i]) - Number(text[i - 1]) + 10) % 10);
  return steps.size === 1 && (steps.has(0) || steps.has(1) || steps.has(9));
}

/** Why this password may not be chosen, or null when it may. */
export function passwordProblem(password: string, username: string): string | null {
  const lower = password.trim().toLowerCase();
  if (lower === username.trim().toLowerCase()) return 'must not be the username';
  // Swaps are undone inside the word only: the digits padded around it (…2026) stay digits.
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const unleet = [...core].map((c) => LEET[c] ?? c).join('');
  if (COMMON.has(lower) || COMMON.has(unleet)) return 'is one of the most common passwords: choose another (a few unrelated words make a good one)';
  if (digitRun(lower.replace(/[\s-]/g, ''))) return 'is a run of digits anyone would try: choose another';
  // The letters alone, once digits, spaces and symbols are taken away (before and after undoing swaps).
  const name = username.trim().toLowerCase().replace(/[^\p{L}]/gu, '');
  const words: string[] = name === '' ? [...CONTEXT_WORDS] : [...CONTEXT_WORDS, name];
  for (const candidate of [lower, unleet]) {
    const letters = candidate.replace(/[^\p{L}]/gu, '');
    if (madeOfWords(letters, words)) {
      return 'is too easy to guess (names of the system, the place, a role or your account with digits added): choose another';
    }
  }
  return null;
}
