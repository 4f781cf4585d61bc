/**
 * The printable QR code of a key site (重点部位巡逻二维码), format only — signing happens on the server
 * with a secret the client never holds, so the field app can parse and show a code offline but
 * cannot mint one.
 *
 * Payload: `WGP1.<siteId>.<validFrom>.<validDays>.<signature>`
 *   validFrom  local (UTC+8) date YYYYMMDD from which the printed code is valid
 *   validDays  1–31: the code stops working after this many days (the "rotating" element) — an old
 *              printed sheet, or a photo of it, goes stale and the site gets a freshly printed code
 *   signature  base64url HMAC-SHA256 (first 128 bits) over `wangge.patrol.qr.v1|siteId|validFrom|validDays`
 */
import { CHINA_OFFSET_MS } from '../time/china.ts';

export const QR_PREFIX = 'WGP1';

export interface QrClaims {
  siteId: string;
  /** YYYYMMDD (local date). */
  validFrom: string;
  validDays: number;
}

export interface ParsedQr extends QrClaims {
  signature: string;
}

/** The exact bytes the signature covers. */
export function qrSigningInput(c: QrClaims): string {
  return `wangge.patrol.qr.v1|${c.siteId}|${c.validFrom}|${c.validDays}`;
}

/** Assemble a payload from claims and a signature. */
export function formatQrPayload(c: QrClaims, signature: string): string {
  return `${QR_PREFIX}.${c.siteId}.${c.validFrom}.${c.validDays}.${signature}`;
}

/** Parse a scanned payload; null when it is not a wangge patrol code at all. */
export function parseQrPayload(text: string): ParsedQr | null {
  const parts = text.trim().split('.');
  if (parts.length !== 5 || parts[0] !== QR_PREFIX) return null;
  const [, siteId, validFrom, days, signature] = parts as [string, string, string, string, string];
  if (!/^[0-9A-Za-z-]{1,64}$/.test(siteId)) return null;
  if (!/^\d{8}$/.test(validFrom)) return null;
  if (!/^\d{1,2}$/.test(days)) return null;
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(signature)) return null;
  const validDays = Number(days);
  if (validDays < 1 || validDays > 31) return null;
  return { siteId, validFrom, validDays, signature };
}

/** [start, end) epoch ms during which a code is valid (local UTC+8 days). */
export function qrValidity(c: QrClaims): { from: number; until: number } {
  const y = Number(c.validFrom.slice(0, 4));
  const m = Number(c.validFrom.slice(4, 6));
  const d = Number(c.validFrom.slice(6, 8));
  const from = Date.UTC(y, m - 1, d) - CHINA_OFFSET_MS;
  return { from, until: from + c.validDays * 86400_000 };
}
