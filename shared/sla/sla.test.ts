import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  KNOWN_CALENDAR_YEARS,
  SlaInputError,
  addOfficeTime,
  addWorkingTime,
  dayInfo,
  dayNumberOf,
  elapsedShare,
  formatDay,
  isCalendarYearKnown,
  isWorkingDate,
  knownCalendarRange,
  parseInstant,
  parseLimit,
  parseOfficeHours,
  warningAt,
  workingTimeBetween,
} from './index.ts';

const info = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return dayInfo(dayNumberOf(y!, m!, d!));
};

function assertInputError(fn: () => unknown, field: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof SlaInputError, `expected SlaInputError, got ${String(err)}`);
    assert.equal(err.code, 'VALIDATION_FAILED');
    assert.equal(err.field, field);
    assert.ok(err.message.startsWith(`${field}:`), err.message);
    return true;
  });
}

describe('holiday calendar (chinese-days data)', () => {
  it('knows 2004–2026 and no other year', () => {
    assert.deepEqual(knownCalendarRange(), { first: 2004, last: 2026 });
    assert.equal(KNOWN_CALENDAR_YEARS.length, 2026 - 2004 + 1, 'the range has no gaps');
    assert.equal(isCalendarYearKnown(2019), true);
    assert.equal(isCalendarYearKnown(2027), false);
    assert.equal(isCalendarYearKnown(2003), false);
    assert.equal(info('2027-01-04').known, false);
  });

  it('2019 National Day: Oct 1–7 off; Sun Sep 29 and Sat Oct 12 are make-up working days', () => {
    for (let d = 1; d <= 7; d++) {
      const day = `2019-10-0${d}`;
      assert.deepEqual([info(day).working, info(day).holiday], [false, true], day);
    }
    for (const day of ['2019-09-29', '2019-10-12']) {
      assert.deepEqual([info(day).working, info(day).makeUpWorkday], [true, true], day);
    }
    assert.equal(isWorkingDate('2019-09-28'), false, 'Sat Sep 28 stays a weekend');
    assert.equal(isWorkingDate('2019-09-30'), true);
    assert.equal(isWorkingDate('2019-10-08'), true);
    assert.equal(isWorkingDate('2019-10-13'), false, 'Sun Oct 13 stays a weekend');
  });

  it('2026 Spring Festival: Feb 15–23 off; Sat Feb 14 and Sat Feb 28 are make-up working days', () => {
    for (let d = 15; d <= 23; d++) {
      const day = `2026-02-${d}`;
      assert.equal(info(day).working, false, day);
      assert.equal(info(day).holiday, true, day);
    }
    assert.equal(isWorkingDate('2026-02-14'), true);
    assert.equal(info('2026-02-14').makeUpWorkday, true);
    assert.equal(isWorkingDate('2026-02-28'), true);
    assert.equal(info('2026-02-28').makeUpWorkday, true);
    assert.equal(isWorkingDate('2026-02-13'), true);
    assert.equal(isWorkingDate('2026-02-24'), true);
    assert.equal(isWorkingDate('2026-02-21'), false);
    assert.equal(isWorkingDate('2026-03-01'), false, 'Sun Mar 1 is an ordinary Sunday');
  });

  it('agrees with chinese-days isWorkday() for every day 2004–2026 (package run in China time)', () => {
    // The package's own functions are only right in a time zone at or east of UTC, so ask it in a child
    // process pinned to Asia/Shanghai and compare day by day.
    const script =
      "const c=require('chinese-days');const out=[];" +
      'for(let t=Date.UTC(2004,0,1);t<=Date.UTC(2026,11,31);t+=864e5){const d=new Date(t).toISOString().slice(0,10);' +
      'if(c.isWorkday(d))out.push(d)}process.stdout.write(JSON.stringify(out))';
    const theirs: string[] = JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, TZ: 'Asia/Shanghai' }, encoding: 'utf8' }));
    const ours: string[] = [];
    for (let day = dayNumberOf(2004, 1, 1); day <= dayNumberOf(2026, 12, 31); day++) if (dayInfo(day).working) ours.push(formatDay(day));
    assert.ok(ours.length > 5000);
    assert.deepEqual(ours, theirs);
  });
});

describe('parseLimit and parseInstant', () => {
  it('parses working hours, working days and natural hours', () => {
    assert.deepEqual(parseLimit('4wh'), { amount: 4, unit: 'wh' });
    assert.deepEqual(parseLimit('3wd'), { amount: 3, unit: 'wd' });
    assert.deepEqual(parseLimit('24h'), { amount: 24, unit: 'h' });
    assert.deepEqual(parseLimit('0.5wd'), { amount: 0.5, unit: 'wd' });
    assert.deepEqual(parseLimit(' 2WH '), { amount: 2, unit: 'wh' });
  });

  it('rejects bad limits naming the limit field', () => {
    for (const bad of ['', '4', 'wh', '4x', '-1wh', '0wh', '0h', '10001wd', '4 days', '1e3h']) assertInputError(() => parseLimit(bad), 'limit');
  });

  it('reads offsets, and a time without offset as China time', () => {
    const china = Date.UTC(2026, 2, 2, 1, 0, 0);
    assert.equal(parseInstant('2026-03-02T09:00:00+08:00'), china);
    assert.equal(parseInstant('2026-03-02T09:00'), china);
    assert.equal(parseInstant('2026-03-02T01:00:00Z'), china);
    assert.equal(parseInstant('2026-03-01T20:00:00-05:00'), china);
    assert.equal(parseInstant('2026-03-02T09:00:00.500+0800'), china + 500);
  });

  it('rejects malformed and impossible times naming the from field', () => {
    for (const bad of ['yesterday', '2026-03-02', '2026-02-30T10:00', '2026-03-02T25:00', '2026-03-02T10:61', '2026-13-01T10:00', '2026-03-02T10:00+25:00']) {
      assertInputError(() => parseInstant(bad), 'from');
    }
  });
});

describe('addWorkingTime: working hours (wh)', () => {
  const cases: Array<[string, string, string, string]> = [
    ['2019 National Day: Mon Sep 30 16:00 + 4wh skips Oct 1–7', '2019-09-30T16:00:00+08:00', '4wh', '2019-10-08T11:00:00+08:00'],
    ['2019 make-up Sunday Sep 29 counts', '2019-09-27T16:00:00+08:00', '4wh', '2019-09-29T11:00:00+08:00'],
    ['2019 make-up Saturday Oct 12 counts', '2019-10-11T16:00:00+08:00', '4wh', '2019-10-12T11:00:00+08:00'],
    ['2026 Spring Festival: Fri Feb 13 15:00 runs into make-up Sat Feb 14', '2026-02-13T15:00:00+08:00', '4wh', '2026-02-14T10:00:00+08:00'],
    ['2026 Spring Festival: Sat Feb 14 16:00 skips Feb 15–23', '2026-02-14T16:00:00+08:00', '4wh', '2026-02-24T11:00:00+08:00'],
    ['2026 make-up Sat Feb 28 counts', '2026-02-27T16:00:00+08:00', '4wh', '2026-02-28T11:00:00+08:00'],
    ['ordinary weekend: Fri 16:00 → Mon', '2026-03-06T16:00:00+08:00', '4wh', '2026-03-09T11:00:00+08:00'],
    ['start in the lunch break counts from 13:30', '2026-03-02T12:30:00+08:00', '1wh', '2026-03-02T14:30:00+08:00'],
    ['start at 12:00 sharp counts from 13:30', '2026-03-02T12:00:00+08:00', '1wh', '2026-03-02T14:30:00+08:00'],
    ['ending exactly at 12:00 stays at 12:00', '2026-03-02T08:30:00+08:00', '3.5wh', '2026-03-02T12:00:00+08:00'],
    ['a full 7.5 h day from 08:30 ends at 17:30', '2026-03-02T08:30:00+08:00', '7.5wh', '2026-03-02T17:30:00+08:00'],
    ['start at night counts from 08:30 next working day', '2026-03-02T23:00:00+08:00', '1wh', '2026-03-03T09:30:00+08:00'],
    ['start before dawn counts from 08:30 the same day', '2026-03-03T06:00:00+08:00', '1wh', '2026-03-03T09:30:00+08:00'],
    ['start at 17:30 sharp counts from next day', '2026-03-02T17:30:00+08:00', '0.5wh', '2026-03-03T09:00:00+08:00'],
    ['UTC input, China output', '2026-03-02T01:00:00Z', '1wh', '2026-03-02T10:00:00+08:00'],
    ['40 working hours = 5 × 7.5 h + 2.5 h, across a weekend', '2026-03-02T08:30:00+08:00', '40wh', '2026-03-09T11:00:00+08:00'],
  ];
  for (const [name, start, limit, due] of cases) {
    it(name, () => {
      const result = addWorkingTime(start, limit);
      assert.equal(result.dueAt, due);
      assert.equal(result.dueAtMs, parseInstant(due));
      assert.deepEqual(result.calendarUnknownYears, []);
    });
  }

  it('the working time between start and due is exactly the limit, for starts all around the 2019 National Day', () => {
    let checked = 0;
    for (let t = parseInstant('2019-09-25T00:00:00+08:00'); t < parseInstant('2019-10-15T00:00:00+08:00'); t += 37 * 60_000) {
      for (const hours of [1, 4, 7.5, 16]) {
        const due = addWorkingTime(t, `${hours}wh`);
        assert.equal(workingTimeBetween(t, due.dueAtMs).ms, hours * 3_600_000, `${new Date(t).toISOString()} + ${hours}wh`);
        checked++;
      }
    }
    assert.ok(checked > 3000);
  });
});

describe('addWorkingTime: working days (wd)', () => {
  const cases: Array<[string, string, string, string]> = [
    ['start day does not count; due at 17:30 of the 3rd working day', '2026-03-02T10:00:00+08:00', '3wd', '2026-03-05T17:30:00+08:00'],
    ['a start before office hours still does not count its own day', '2026-03-02T06:00:00+08:00', '1wd', '2026-03-03T17:30:00+08:00'],
    ['a start on Saturday counts from Monday', '2026-03-07T10:00:00+08:00', '1wd', '2026-03-09T17:30:00+08:00'],
    ['2019 National Day: Mon Sep 30 + 3wd → Oct 8, 9, 10', '2019-09-30T10:00:00+08:00', '3wd', '2019-10-10T17:30:00+08:00'],
    ['2019 make-up Saturday Oct 12 is a working day', '2019-10-09T10:00:00+08:00', '3wd', '2019-10-12T17:30:00+08:00'],
    ['2019 make-up Sunday Sep 29 is a working day', '2019-09-27T10:00:00+08:00', '1wd', '2019-09-29T17:30:00+08:00'],
    ['2026 Spring Festival: Fri Feb 13 + 1wd → make-up Sat Feb 14', '2026-02-13T10:00:00+08:00', '1wd', '2026-02-14T17:30:00+08:00'],
    ['2026 Spring Festival: Sat Feb 14 + 1wd → Tue Feb 24', '2026-02-14T10:00:00+08:00', '1wd', '2026-02-24T17:30:00+08:00'],
    ['2026: Mon Feb 23 (last holiday) + 5wd → make-up Sat Feb 28', '2026-02-23T10:00:00+08:00', '5wd', '2026-02-28T17:30:00+08:00'],
    ['half a working day (3.75 h) counts from 08:30 of the next working day', '2026-03-02T10:00:00+08:00', '0.5wd', '2026-03-03T13:45:00+08:00'],
  ];
  for (const [name, start, limit, due] of cases) {
    it(name, () => {
      const result = addWorkingTime(start, limit);
      assert.equal(result.dueAt, due);
      assert.deepEqual(result.calendarUnknownYears, []);
    });
  }
});

describe('addWorkingTime: natural hours (h), multiplier, office hours', () => {
  it('natural hours ignore weekends, holidays and office hours', () => {
    assert.equal(addWorkingTime('2026-02-14T10:00:00+08:00', '24h').dueAt, '2026-02-15T10:00:00+08:00');
    assert.equal(addWorkingTime('2026-03-02T23:00:00+08:00', '2h').dueAt, '2026-03-03T01:00:00+08:00');
  });

  it('a multiplier scales every kind of limit (campaign key period ×0.5)', () => {
    const opts = { multiplier: 0.5 };
    assert.equal(addWorkingTime('2026-03-02T08:30:00+08:00', '4wh', opts).dueAt, '2026-03-02T10:30:00+08:00');
    // 1.5 working days: all of Tue, then 3.75 h of Wed (08:30–12:00 + 13:30–13:45)
    assert.equal(addWorkingTime('2026-03-02T10:00:00+08:00', '3wd', opts).dueAt, '2026-03-04T13:45:00+08:00');
    assert.equal(addWorkingTime('2026-03-02T10:00:00+08:00', '24h', opts).dueAt, '2026-03-02T22:00:00+08:00');
    assert.equal(addWorkingTime('2026-03-02T08:30:00+08:00', '4wh', { multiplier: 2 }).dueAt, '2026-03-03T09:00:00+08:00');
  });

  it('rejects a bad multiplier naming it', () => {
    for (const multiplier of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 101]) {
      assertInputError(() => addWorkingTime('2026-03-02T08:30:00+08:00', '4wh', { multiplier }), 'multiplier');
    }
  });

  it('uses configurable office hours', () => {
    const officeHours = parseOfficeHours('09:00-17:00');
    assert.equal(addWorkingTime('2026-03-02T08:00:00+08:00', '8wh', { officeHours }).dueAt, '2026-03-02T17:00:00+08:00');
    assert.equal(addWorkingTime('2026-03-02T10:00:00+08:00', '1wd', { officeHours }).dueAt, '2026-03-03T17:00:00+08:00');
    assert.deepEqual(parseOfficeHours('08:30-12:00, 13:30-17:30'), [
      { startMinute: 510, endMinute: 720 },
      { startMinute: 810, endMinute: 1050 },
    ]);
    for (const bad of ['', 'abc', '17:00-09:00', '08:00-12:00,11:00-13:00', '08:00-25:00']) assertInputError(() => parseOfficeHours(bad), 'officeHours');
  });

  it('gives the same answer whatever the machine time zone', () => {
    const script =
      "import('./shared/sla/index.ts').then(m=>process.stdout.write(JSON.stringify([" +
      "m.addWorkingTime('2019-09-27T16:00:00+08:00','4wh').dueAt,m.addWorkingTime('2026-02-13T10:00:00+08:00','1wd').dueAt])))";
    for (const TZ of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, TZ }, encoding: 'utf8' });
      assert.deepEqual(JSON.parse(out), ['2019-09-29T11:00:00+08:00', '2026-02-14T17:30:00+08:00'], TZ);
    }
  });
});

describe('years past the calendar', () => {
  it('flags 2027 when a working-day deadline runs into it (weekend rule used, not guessed silently)', () => {
    const result = addWorkingTime('2026-12-30T10:00:00+08:00', '3wd');
    // Thu Dec 31, then Fri Jan 1 2027 by the plain weekend rule, then Mon Jan 4
    assert.equal(result.dueAt, '2027-01-04T17:30:00+08:00');
    assert.deepEqual(result.calendarUnknownYears, [2027]);
  });

  it('flags 2027 for working hours that cross New Year 2027', () => {
    const result = addWorkingTime('2026-12-31T16:00:00+08:00', '2wh');
    assert.deepEqual(result.calendarUnknownYears, [2027]);
  });

  it('does not flag when the computation stays inside the known calendar', () => {
    assert.deepEqual(addWorkingTime('2026-12-31T09:00:00+08:00', '1wh').calendarUnknownYears, []);
  });

  it('lists every unknown year touched, in order', () => {
    assert.deepEqual(addWorkingTime('2027-12-30T10:00:00+08:00', '3wd').calendarUnknownYears, [2027, 2028]);
    assert.deepEqual(workingTimeBetween('2026-12-31T00:00:00+08:00', '2027-01-02T00:00:00+08:00').calendarUnknownYears, [2027]);
  });

  it('natural hours never consult the calendar, so flag nothing', () => {
    assert.deepEqual(addWorkingTime('2027-03-01T10:00:00+08:00', '24h').calendarUnknownYears, []);
  });
});

describe('workingTimeBetween, warningAt and elapsedShare', () => {
  it('counts only office time on working days', () => {
    assert.equal(workingTimeBetween('2026-03-02T00:00:00+08:00', '2026-03-09T00:00:00+08:00').hours, 37.5);
    assert.equal(workingTimeBetween('2026-03-02T11:00:00+08:00', '2026-03-02T14:00:00+08:00').hours, 1.5);
    assert.equal(workingTimeBetween('2019-09-30T00:00:00+08:00', '2019-10-08T12:00:00+08:00').hours, 11);
    assert.equal(workingTimeBetween('2026-03-02T14:00:00+08:00', '2026-03-02T11:00:00+08:00').hours, -1.5);
    assert.equal(workingTimeBetween('2026-03-07T09:00:00+08:00', '2026-03-08T17:00:00+08:00').ms, 0);
  });

  it('warns at 75% of the limit by default', () => {
    assert.equal(warningAt('2026-03-02T08:30:00+08:00', '4wh').at, '2026-03-02T11:30:00+08:00');
    // 2.25 of 3 working days: Tue and Wed, then 1.875 h of Thu
    assert.equal(warningAt('2026-03-02T10:00:00+08:00', '3wd').at, '2026-03-05T10:22:30+08:00');
    assert.equal(warningAt('2026-03-02T10:00:00+08:00', '24h').at, '2026-03-03T04:00:00+08:00');
    assert.equal(warningAt('2026-03-02T08:30:00+08:00', '4wh', 0.5).at, '2026-03-02T10:30:00+08:00');
    assert.equal(warningAt('2019-09-30T16:00:00+08:00', '4wh', 1).at, addWorkingTime('2019-09-30T16:00:00+08:00', '4wh').dueAt);
    for (const share of [0, -0.1, 1.5, Number.NaN]) assertInputError(() => warningAt('2026-03-02T08:30:00+08:00', '4wh', share), 'share');
  });

  it('measures the share of the limit used on the limit\'s own clock', () => {
    assert.equal(elapsedShare('2026-03-02T08:30:00+08:00', '4wh', '2026-03-02T11:30:00+08:00').share, 0.75);
    assert.equal(elapsedShare('2026-03-02T08:30:00+08:00', '4wh', '2026-03-02T15:30:00+08:00').share, 1.375);
    // the start day of a working-day limit is not counted
    assert.equal(elapsedShare('2026-03-02T10:00:00+08:00', '1wd', '2026-03-02T17:00:00+08:00').share, 0);
    assert.equal(elapsedShare('2026-03-02T10:00:00+08:00', '1wd', '2026-03-03T13:45:00+08:00').share, 0.5);
    assert.equal(elapsedShare('2026-03-02T10:00:00+08:00', '24h', '2026-03-02T16:00:00+08:00').share, 0.25);
    const warn = warningAt('2026-02-13T15:00:00+08:00', '3wd');
    assert.ok(Math.abs(elapsedShare('2026-02-13T15:00:00+08:00', '3wd', warn.atMs).share - 0.75) < 1e-9);
  });

  it('continues an interrupted clock with an exact budget of office time (缓办 resume), across holidays', () => {
    const H = 3_600_000;
    // Resumed in the 2026 Spring Festival holiday: counting starts Tue Feb 24 08:30.
    assert.equal(addOfficeTime('2026-02-18T10:00:00+08:00', 4 * H).dueAt, '2026-02-24T14:00:00+08:00');
    // Resumed on the make-up Saturday Feb 14 at 16:00: 1.5 h that day, then Feb 24.
    assert.equal(addOfficeTime('2026-02-14T16:00:00+08:00', 4 * H).dueAt, '2026-02-24T11:00:00+08:00');
    // The same walk as a working-hour limit, to the millisecond.
    assert.equal(addOfficeTime('2019-10-12T10:00:00+08:00', 27.5 * H).dueAtMs, addWorkingTime('2019-10-12T10:00:00+08:00', '27.5wh').dueAtMs);
    assert.equal(addOfficeTime('2019-09-30T16:00:00+08:00', 12_345_678).dueAtMs - parseInstant('2019-10-08T08:30:00+08:00'), 12_345_678 - 1.5 * H);
    // Natural time ignores the calendar; unknown years are reported.
    assert.equal(addOfficeTime('2026-02-18T10:00:00+08:00', 2 * H, { natural: true }).dueAt, '2026-02-18T12:00:00+08:00');
    assert.deepEqual(addOfficeTime('2026-12-31T17:00:00+08:00', 2 * H).calendarUnknownYears, [2027]);
    for (const ms of [-1, Number.NaN, Number.POSITIVE_INFINITY]) assertInputError(() => addOfficeTime('2026-02-18T10:00:00+08:00', ms), 'ms');
  });
});
