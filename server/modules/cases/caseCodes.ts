import { randomInt } from 'node:crypto';
import { chinaDay } from '../../../shared/time/china.ts';

// Crockford-style alphabet without 0/O/1/I/L: codes are read out over the phone.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

function randomCode(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** Human-readable case number: AJ + China date + '-' + 6 random characters, e.g. AJ20261127-7KQ2MX (unique index backs it). */
export function newCaseNo(now: Date): string {
  const china = chinaDay(now).replace(/-/g, '');
  return `AJ${china}-${randomCode(6)}`;
}

/** Resident tracking code (查询码): 10 random characters, ~49 bits — not guessable, easy to type. */
export function newTrackingCode(): string {
  return randomCode(10);
}
