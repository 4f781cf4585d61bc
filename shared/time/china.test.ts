import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CHINA_OFFSET_MS, chinaDay, chinaMinute } from './china.ts';

it('reads instants on the China calendar, across the UTC day boundary', () => {
  assert.equal(CHINA_OFFSET_MS, 8 * 3_600_000);
  // 15:59 UTC is 23:59 in China; 16:00 UTC is already the next day there.
  assert.equal(chinaDay('2026-11-27T15:59:00.000Z'), '2026-11-27');
  assert.equal(chinaDay(Date.parse('2026-11-27T16:00:00.000Z')), '2026-11-28');
  assert.equal(chinaDay(new Date('2026-12-31T16:30:00.000Z')), '2027-01-01');
  assert.equal(chinaMinute('2026-11-27T16:05:59.000Z'), '2026-11-28 00:05');
});
