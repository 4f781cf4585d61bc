import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkRoster } from './checkRoster.ts';
import { measureFairness } from './fairness.ts';
import { DEFAULT_RULES, expandShifts, firstUnstartedDate, shiftHasStarted, type Assignment, type Member, type RosterProblem, type ShiftTemplate } from './model.ts';
import { solveRoster } from './solver.ts';

const day: ShiftTemplate = { id: 'day', unitId: 'u1', name: '白班', startTime: '08:00', durationMinutes: 480, night: false, requirements: [{ role: '值班员', count: 1 }] };
const night: ShiftTemplate = { id: 'night', unitId: 'u1', name: '夜班', startTime: '20:00', durationMinutes: 720, night: true, requirements: [{ role: '值班员', count: 1 }] };

function member(id: string, extra: Partial<Member> = {}): Member {
  return { personId: id, name: id, skills: ['值班员'], unitIds: ['u1'], unavailable: [], ...extra };
}

function problem(templates: ShiftTemplate[], days: number, members: Member[], from = '2026-03-02'): RosterProblem {
  return { shifts: expandShifts(templates, from, days), members, rules: { ...DEFAULT_RULES } };
}

const rules = (p: RosterProblem, a: Assignment[]) => checkRoster(p, { assignments: a }).map((v) => v.rule);

describe('expandShifts', () => {
  it('expands a template version only on the dates of [validFrom, retiredFrom)', () => {
    const old = { ...day, retiredFrom: '2026-03-04' };
    const next = { ...day, id: 'day2', startTime: '09:00', validFrom: '2026-03-04', retiredFrom: '2026-03-06' };
    const shifts = expandShifts([old, next], '2026-03-02', 6);
    assert.deepEqual(shifts.map((s) => s.id), ['day@2026-03-02', 'day@2026-03-03', 'day2@2026-03-04', 'day2@2026-03-05']);
    assert.equal(new Date(shifts[2]!.start).toISOString(), '2026-03-04T01:00:00.000Z');
  });

  it('finds the first date on which none of the given start times has begun', () => {
    const noonChina = Date.parse('2026-03-10T04:00:00Z');
    assert.equal(firstUnstartedDate(['08:00'], noonChina), '2026-03-11');
    assert.equal(firstUnstartedDate(['20:00'], noonChina), '2026-03-10');
    assert.equal(firstUnstartedDate(['20:00', '09:00'], noonChina), '2026-03-11');
    // 00:30 China time: the 23:00 shift of the day before has begun, today's has not.
    assert.equal(firstUnstartedDate(['23:00'], Date.parse('2026-03-09T16:30:00Z')), '2026-03-10');
  });

  it('treats a shift as started from its start instant on (history from then)', () => {
    const start = '2026-03-10T00:00:00.000Z';
    assert.equal(shiftHasStarted(start, Date.parse(start) - 1), false);
    assert.equal(shiftHasStarted(start, Date.parse(start)), true);
    assert.equal(shiftHasStarted(start, Date.parse(start) + 60_000), true);
  });

  it('places a 20:00 China-time shift at 12:00 UTC and marks weekends and public holidays', () => {
    const shifts = expandShifts([night], '2026-10-01', 1);
    assert.equal(new Date(shifts[0]!.start).toISOString(), '2026-10-01T12:00:00.000Z');
    assert.equal(shifts[0]!.publicHoliday, true);
    assert.equal(shifts[0]!.holiday, true);
    const weekday = expandShifts([day], '2026-03-03', 1)[0]!;
    assert.equal(weekday.holiday, false);
  });
});

describe('checkRoster hard rules', () => {
  it('detects rest shorter than 11 hours between a night shift and the next morning', () => {
    const p = problem([day, night], 2, [member('a')]);
    // Night 03-02 20:00 → 03-03 08:00, then day 03-03 08:00: zero rest (and it ends exactly as the next starts).
    const v = checkRoster(p, { assignments: [{ shiftId: 'night@2026-03-02', role: '值班员', personId: 'a' }, { shiftId: 'day@2026-03-03', role: '值班员', personId: 'a' }] });
    const rest = v.find((x) => x.rule === 'rest');
    assert.ok(rest, 'rest violation expected');
    assert.equal(rest.personId, 'a');
    assert.equal(rest.date, '2026-03-03');
    assert.match(rest.messageZh, /休息 0 小时，少于 11 小时/);
    assert.match(rest.messageEn, /minimum 11 h/);
  });

  it('detects two overlapping shifts and the same shift twice', () => {
    const long: ShiftTemplate = { ...day, id: 'long', name: '长班', startTime: '07:00', durationMinutes: 600 };
    const p = problem([day, long], 1, [member('a')]);
    assert.ok(rules(p, [{ shiftId: 'day@2026-03-02', role: '值班员', personId: 'a' }, { shiftId: 'long@2026-03-02', role: '值班员', personId: 'a' }]).includes('overlap'));
    const p2 = problem([{ ...day, requirements: [{ role: '值班员', count: 2 }] }], 1, [member('a')]);
    assert.ok(rules(p2, [{ shiftId: 'day@2026-03-02', role: '值班员', personId: 'a' }, { shiftId: 'day@2026-03-02', role: '值班员', personId: 'a' }]).includes('overlap'));
  });

  it('detects a seventh consecutive working day', () => {
    const short: ShiftTemplate = { ...day, durationMinutes: 240 };
    const p = problem([short], 7, [member('a')]);
    const seven = p.shifts.map((s) => ({ shiftId: s.id, role: '值班员', personId: 'a' }));
    const v = checkRoster(p, { assignments: seven }).filter((x) => x.rule === 'consecutive_days');
    assert.equal(v.length, 1);
    assert.equal(v[0]!.date, '2026-03-08');
    assert.deepEqual(rules(p, seven.slice(0, 6)).filter((r) => r !== 'coverage'), []);
  });

  it('detects more than the weekly hours (per calendar week, Monday to Sunday)', () => {
    const p = problem([{ ...day, durationMinutes: 600 }], 5, [member('a')]);
    const all = p.shifts.map((s) => ({ shiftId: s.id, role: '值班员', personId: 'a' }));
    const v = checkRoster(p, { assignments: all }).find((x) => x.rule === 'weekly_hours');
    assert.ok(v);
    assert.equal(v.date, '2026-03-02');
    assert.equal(v.details?.['hours'], 50);
    // A personal cap below the unit's applies too.
    const p2 = problem([day], 3, [member('a', { maxWeeklyHours: 20 })]);
    assert.ok(rules(p2, p2.shifts.map((s) => ({ shiftId: s.id, role: '值班员', personId: 'a' }))).includes('weekly_hours'));
  });

  it('detects understaffing, a missing skill, a non-member and leave', () => {
    const p = problem([{ ...day, requirements: [{ role: '带班', count: 1 }, { role: '值班员', count: 1 }] }], 1, [
      member('a'),
      member('b', { unitIds: ['other'] }),
      member('c', { unavailable: [{ start: Date.parse('2026-03-01T16:00:00Z'), end: Date.parse('2026-03-03T16:00:00Z'), kind: 'leave', reason: '病假' }] }),
    ]);
    const got = checkRoster(p, { assignments: [
      { shiftId: 'day@2026-03-02', role: '带班', personId: 'a' },
      { shiftId: 'day@2026-03-02', role: '值班员', personId: 'b' },
      { shiftId: 'day@2026-03-02', role: '值班员', personId: 'c' },
    ] });
    assert.ok(got.some((v) => v.rule === 'skill' && v.personId === 'a'));
    assert.ok(got.some((v) => v.rule === 'not_member' && v.personId === 'b'));
    assert.ok(got.some((v) => v.rule === 'unavailable' && v.personId === 'c' && v.messageZh.includes('请假')));
    const p2 = problem([day], 1, [member('a')]);
    const cov = checkRoster(p2, { assignments: [] });
    assert.equal(cov.length, 1);
    assert.equal(cov[0]!.rule, 'coverage');
    assert.equal(cov[0]!.personId, null);
  });
});

describe('solveRoster', () => {
  const threeShifts: ShiftTemplate[] = [
    { id: 'a', unitId: 'u1', name: '早班', startTime: '08:00', durationMinutes: 480, night: false, requirements: [{ role: '带班', count: 1 }, { role: '值班员', count: 1 }] },
    { id: 'b', unitId: 'u1', name: '中班', startTime: '16:00', durationMinutes: 480, night: false, requirements: [{ role: '值班员', count: 2 }] },
    { id: 'c', unitId: 'u1', name: '夜班', startTime: '00:00', durationMinutes: 480, night: true, requirements: [{ role: '值班员', count: 1 }] },
  ];
  const crew = Array.from({ length: 12 }, (_, i) => member(`p${i}`, { skills: i < 4 ? ['带班', '值班员'] : ['值班员'], ...(i === 5 ? { preferences: { avoidNights: true } } : {}) }));
  crew[7]!.unavailable.push({ start: Date.parse('2026-09-30T16:00:00Z'), end: Date.parse('2026-10-04T16:00:00Z'), kind: 'leave' });

  it('covers a feasible 24/7 instance over 4 weeks with zero hard violations, reproducibly', () => {
    const p = problem(threeShifts, 28, crew, '2026-09-28');
    const r = solveRoster(p, { seed: 7 });
    assert.equal(r.feasible, true);
    assert.deepEqual(r.uncovered, []);
    assert.deepEqual(checkRoster(p, r.roster), []);
    assert.equal(r.roster.assignments.length, 28 * 5);
    const again = solveRoster(p, { seed: 7 });
    assert.deepEqual(again.roster, r.roster);
    // Improvement never makes the objective worse than the greedy start.
    assert.ok(r.stats.finalCost <= r.stats.initialCost);
    assert.equal(r.roster.assignments.some((a) => a.personId === 'p7' && a.shiftId.endsWith('2026-10-02')), false);
  });

  it('reports infeasibility honestly for 24/7 with two people instead of breaking rules', () => {
    const p = problem(threeShifts.map((t) => ({ ...t, requirements: [{ role: '值班员', count: 1 }] })), 7, [member('x'), member('y')]);
    const r = solveRoster(p);
    assert.equal(r.feasible, false);
    assert.ok(r.uncovered.length > 0);
    assert.match(r.uncovered[0]!.messageZh, /无法排人/);
    assert.ok(r.shortfalls.some((s) => s.role === '值班员' && s.requiredHours === 168 && s.availableHours === 88));
    // The only violations are the positions left open: no rest, overlap or hours rule is broken.
    assert.deepEqual([...new Set(r.violations.map((v) => v.rule))], ['coverage']);
    assert.equal(r.violations.length, r.uncovered.length);
  });

  it('measures night fairness among peers and improves on the greedy spread', () => {
    const p = problem(threeShifts, 28, crew, '2026-09-28');
    const greedy = solveRoster(p, { greedyOnly: true });
    const improved = solveRoster(p, { seed: 3 });
    const f = measureFairness(p, improved.roster);
    assert.equal(f.groups.length, 2);
    assert.ok(improved.stats.finalCost <= greedy.stats.initialCost);
    assert.ok(improved.fairness.preferenceMisses <= greedy.fairness.preferenceMisses);
  });
});
