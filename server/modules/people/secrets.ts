import { createHash, randomBytes } from 'node:crypto';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'wangge_session';

/** Prefix of API tokens: lets secret scanners and people recognise a leaked wangge token. */
export const API_TOKEN_PREFIX = 'wgt_';

/** A new random 256-bit secret, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** sha256 hex of a token: the only form stored, so a copied database yields no live credentials. */
export function sha256Hex(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
