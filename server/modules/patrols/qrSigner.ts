import fs from 'node:fs';
import path from 'node:path';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { formatQrPayload, qrSigningInput, type QrClaims } from '../../../shared/patrols/qr.ts';
import { ensurePrivateDir } from '../../storage/privateFiles.ts';

/**
 * HMAC-SHA256 signer for site QR codes. The key is 32 random bytes in `<dataDir>/patrol-qr.key`
 * (mode 0600), created on first use; every server process sharing the data dir (or a copy of the
 * file, behind a load balancer) verifies the same codes. Rotating the file voids every printed code.
 */
export class QrSigner {
  private constructor(private readonly key: Buffer) {}

  /** Load the key from the data dir, creating it atomically when missing. */
  static forDataDir(dataDir: string): QrSigner {
    const file = path.join(dataDir, 'patrol-qr.key');
    ensurePrivateDir(dataDir);
    try {
      fs.writeFileSync(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length < 32) throw new Error(`${file}: expected a base64 key of at least 32 bytes`);
    return new QrSigner(key);
  }

  /** base64url of the first 128 bits of the HMAC: short enough for a small printed code. */
  signature(c: QrClaims): string {
    return createHmac('sha256', this.key).update(qrSigningInput(c)).digest().subarray(0, 16).toString('base64url');
  }

  /** The printable payload for the claims. */
  payload(c: QrClaims): string {
    return formatQrPayload(c, this.signature(c));
  }

  /** Constant-time check of a presented signature. */
  verify(c: QrClaims, signature: string): boolean {
    const want = Buffer.from(this.signature(c));
    const got = Buffer.from(signature);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}
