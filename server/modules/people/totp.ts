import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { sha256Hex } from './secrets.ts';

/**
 * RFC 6238 time-based one-time passwords through the kept `otpauth` library, with the parameters
 * every authenticator app understands: SHA-1, 6 digits, 30-second steps. A code is accepted one
 * step either side (clock drift) and only once: the caller stores the accepted step and refuses
 * codes at or before it (RFC 6238 §5.2).
 */
export const TOTP_PERIOD_SECONDS = 30;
const ISSUER = 'wangge 网格';

function totpOf(secretBase32: string, label = 'wangge'): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

/** A new random 160-bit shared secret (RFC 4226 §4 recommends 160 bits), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app scans (shown as a QR code). */
export function totpUri(secretBase32: string, username: string): string {
  return totpOf(secretBase32, username).toString();
}

/** The time step a code is valid for (±1 step around now), or null when it is not valid. */
export function matchTotpStep(secretBase32: string, code: string, now: Date): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpOf(secretBase32).validate({ token, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

/** The code of a secret at an instant (tests and the CLI compute codes with it). */
export function totpCodeAt(secretBase32: string, at: Date): string {
  return totpOf(secretBase32).generate({ timestamp: at.getTime() });
}

/** How many recovery codes an enrolment hands out. */
export const RECOVERY_CODE_COUNT = 10;

/** A one-time recovery code: 80 random bits as 16 base32 characters in groups of four (ABCD-EFGH-…). */
export function newRecoveryCode(): string {
  const b32 = new Secret({ buffer: randomBytes(10).buffer }).base32;
  return b32.match(/.{4}/g)!.join('-');
}

/** Normalise a typed recovery code (case, dashes, spaces) and hash it; 80 random bits make sha256 enough. */
export function recoveryCodeHash(code: string): string {
  return sha256Hex(code.toUpperCase().replace(/[^A-Z2-7]/g, ''));
}

/** Does the input look like a recovery code rather than a 6-digit TOTP code? */
export function looksLikeRecoveryCode(code: string): boolean {
  return code.toUpperCase().replace(/[^A-Z2-7]/g, '').length === 16;
}
