import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

/**
 * Where attachment bytes live, addressed by their sha256. The filesystem store below is the default;
 * an object store (S3/OSS/MinIO) can implement the same five methods later without touching callers.
 */
export interface AttachmentStore {
  /** Store bytes (idempotent: the same content is stored once) and return its address and size. */
  put(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  /** The bytes, or null when nothing is stored under this hash. */
  get(sha256: string): Promise<Buffer | null>;
  /** A stream of the bytes (for HTTP responses), or null when absent. */
  stream(sha256: string): Promise<Readable | null>;
  has(sha256: string): Promise<boolean>;
  /** Delete the bytes (expired anonymous uploads); absent is fine. */
  remove(sha256: string): Promise<void>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** True for a lowercase hex sha256; anything else never reaches a file path. */
export function isSha256(value: string): boolean {
  return SHA256_HEX.test(value);
}

/** sha256 of bytes as lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Content-addressed files under `<dataDir>/attachments/ab/cd/<sha256>`. Writes go to a temp file in
 * the same filesystem, are fsynced, then renamed into place: a reader never sees a half-written file
 * and a crash leaves at most a stray temp file.
 */
export class FsAttachmentStore implements AttachmentStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'attachments');
  }

  /** Path of a stored object; throws on anything that is not a sha256 (no path traversal). */
  pathFor(sha256: string): string {
    if (!isSha256(sha256)) throw new Error(`not a sha256: ${JSON.stringify(sha256).slice(0, 80)}`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
    const sha256 = sha256Hex(bytes);
    const target = this.pathFor(sha256);
    if (fs.existsSync(target)) return { sha256, size: bytes.byteLength };
    const dir = path.dirname(target);
    await fs.promises.mkdir(dir, { recursive: true });
    const tmpDir = path.join(this.root, 'tmp');
    await fs.promises.mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${sha256}.${randomBytes(6).toString('hex')}.part`);
    const handle = await fs.promises.open(tmp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // rename is atomic; two writers of the same content both end with the same complete file.
    await fs.promises.rename(tmp, target);
    await syncDir(dir);
    return { sha256, size: bytes.byteLength };
  }

  async get(sha256: string): Promise<Buffer | null> {
    if (!isSha256(sha256)) return null;
    try {
      return await fs.promises.readFile(this.pathFor(sha256));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async stream(sha256: string): Promise<Readable | null> {
    if (!(await this.has(sha256))) return null;
    return fs.createReadStream(this.pathFor(sha256));
  }

  async remove(sha256: string): Promise<void> {
    if (!isSha256(sha256)) return;
    await fs.promises.rm(this.pathFor(sha256), { force: true });
  }

  async has(sha256: string): Promise<boolean> {
    if (!isSha256(sha256)) return false;
    try {
      await fs.promises.access(this.pathFor(sha256));
      return true;
    } catch {
      return false;
    }
  }
}

/** fsync a directory so the rename itself survives power loss (no-op where unsupported). */
async function syncDir(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms cannot fsync directories; the file itself is already synced.
  } finally {
    await handle?.close();
  }
}
