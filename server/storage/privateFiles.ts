import fs from 'node:fs';

/**
 * Modes for what wangge keeps on disk (issue #12 finding 11): the database, attachments, signing keys
 * and the demo password are personal or secret data, readable by the service account only. Directories
 * are created 0700 and files 0600 explicitly, whatever the process umask (a container's is often 0022).
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** mkdir -p with 0700 for every directory it creates (an existing directory keeps its mode). */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** As ensurePrivateDir, for async callers. */
export async function ensurePrivateDirAsync(dir: string): Promise<void> {
  await fs.promises.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Narrow an existing file to 0600 (files made by older versions were 0644). Missing files are skipped;
 * a file owned by another account (chmod answers EPERM) is left to its owner.
 */
export function tightenFileMode(file: string): void {
  try {
    const mode = fs.statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) fs.chmodSync(file, mode & 0o700);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw err;
  }
}
