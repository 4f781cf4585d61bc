import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chinaDate, fmtRate, pickBilingual, presetRange } from './format.ts';
import { queryString } from './api.ts';

describe('formatting helpers', () => {
  test('chinaDate counts days in China time (UTC+8)', () => {
    // 2026-03-31T16:30Z is 00:30 on 1 April in Beijing.
    const at = new Date('2026-03-31T16:30:00Z');
    assert.equal(chinaDate(at), '2026-04-01');
    assert.equal(chinaDate(at, -1), '2026-03-31');
    assert.equal(chinaDate(at, 1), '2026-04-02');
  });

  test('presetRange ends tomorrow so today counts; month and year start on the 1st', () => {
    const now = new Date('2026-04-15T02:00:00Z'); // 10:00 on 15 April, China time
    assert.deepEqual(presetRange('7', now), { from: '2026-04-09', to: '2026-04-16' }); // 15 − 6 = 9: seven days
    assert.deepEqual(presetRange('30', now), { from: '2026-03-17', to: '2026-04-16' }); // 15 April − 29 days
    assert.deepEqual(presetRange('month', now), { from: '2026-04-01', to: '2026-04-16' });
    assert.deepEqual(presetRange('year', now), { from: '2026-01-01', to: '2026-04-16' });
  });

  test('fmtRate shows one decimal, a dash when there is no basis', () => {
    assert.equal(fmtRate(0.875), '87.5%');
    assert.equal(fmtRate(null), '—');
    assert.equal(fmtRate(undefined), '—');
  });

  test('pickBilingual takes the half of "中文 / English" for the language', () => {
    assert.equal(pickBilingual('已处理 / already handled', true), 'already handled');
    assert.equal(pickBilingual('已处理 / already handled', false), '已处理');
    assert.equal(pickBilingual('only one', true), 'only one');
  });

  test('queryString drops empty values and sends true as 1', () => {
    assert.equal(queryString({ a: 'x', b: '', c: null, d: undefined, e: false, f: true, g: 0 }), '?a=x&f=1&g=0');
    assert.equal(queryString({ a: undefined }), '');
  });
});
