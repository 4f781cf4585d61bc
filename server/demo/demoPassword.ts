import fs from 'node:fs';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../storage/privateFiles.ts';

/**
 * The demo accounts' password (issue #12 finding 9): never a published constant. Each data dir gets its
 * own random one on first use, kept in `<dataDir>/demo-password.txt` (0600) so the next start of the same
 * data dir (or `wangge demo --reset`) prints and uses the same; WANGGE_DEMO_PASSWORD sets it explicitly
 * for scripted demos, CI and tests.
 */
export const DEMO_PASSWORD_FILE = 'demo-password.txt';

/** Letters and digits that cannot be mistaken for one another when read off a screen (no 0/o, 1/l/i). */
const READABLE = 'abcdefghjkmnpqrstuvwxyz23456789';

/** 12 readable characters in three groups, e.g. `k7mp-q2xa-9rtw`: ≈59 bits from crypto.randomInt. */
export function generateDemoPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 3; g++) {
    let group = '';
    for (let i = 0; i < 4; i++) group += READABLE[randomInt(READABLE.length)];
    groups.push(group);
  }
  return groups.join('-');
}

export interface DemoPassword {
  password: string;
  /** Where it came from: the environment, the data dir's file, or made just now (and written to the file). */
  source: 'env' | 'file' | 'new';
  /** The file in the data dir that holds it (absent with 'env'). */
  file: string | null;
}

/** Path of the demo password file of a data dir. */
export function demoPasswordFile(dataDir: string): string {
  return path.join(dataDir, DEMO_PASSWORD_FILE);
}

/**
 * The demo password for this data dir: the explicit one (WANGGE_DEMO_PASSWORD) if given, else the one in
 * the data dir's file, else a new random one written there 0600 (exclusively: two processes starting
 * together end up with the same password).
 */
export function resolveDemoPassword(options: { dataDir: string; explicit: string | null }): DemoPassword {
  if (options.explicit !== null) return { password: options.explicit, source: 'env', file: null };
  const file = demoPasswordFile(options.dataDir);
  const existing = readDemoPassword(file);
  if (existing !== null) return { password: existing, source: 'file', file };
  ensurePrivateDir(options.dataDir);
  const password = generateDemoPassword();
  try {
    fs.writeFileSync(file, `${password}\n`, { flag: 'wx', mode: PRIVATE_FILE_MODE });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const raced = readDemoPassword(file);
    if (raced !== null) return { password: raced, source: 'file', file };
    throw err;
  }
  return { password, source: 'new', file };
}

/** The password in the file, or null when the file is missing or empty. */
export function readDemoPassword(file: string): string | null {
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    return text === '' ? null : text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Forget a password made for a demo this process did not build after all (another process built it). */
export function discardNewDemoPassword(resolved: DemoPassword): void {
  if (resolved.source === 'new' && resolved.file) fs.rmSync(resolved.file, { force: true });
}
