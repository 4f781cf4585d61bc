/**
 * Automatic duty-roster scheduler (自动排班). Method (see docs/rosters.md):
 *
 * 1. Capacity bound: per unit and role, the hours the period needs against the most the unit's
 *    qualified members could give under the weekly cap. A shortfall proves infeasibility up front.
 * 2. Greedy construction: shifts in time order, each role slot filled with the eligible person of
 *    lowest fairness-weighted load (hours, plus nights for a night shift, holidays for a holiday
 *    shift, plus stated preferences). Every hard rule is checked incrementally, so the construction
 *    never breaks one; a slot nobody can take is repaired by a one-step ejection (move one of a
 *    blocked person's shifts to someone else) or reported as uncovered with the reasons.
 * 3. Improvement: simulated annealing over "move" (give a slot to another qualified person) and
 *    "swap" (two people exchange shifts) neighbourhoods. A neighbour that would break any hard rule
 *    is never generated, so the roster stays valid; the objective is the variance of nights, holiday
 *    shifts and hours within each unit plus preference misses. Seeded: same input and seed, same roster.
 */
import { checkRoster, type Violation } from './checkRoster.ts';
import { measureFairness, peerGroupKey, type FairnessReport } from './fairness.ts';
import { dayOfDate, isoWeekdayOfDay, weekOfDay, type Assignment, type Roster, type RosterProblem } from './model.ts';
import { seededRandom } from '../random.ts';

export interface SolveOptions {
  /** PRNG seed for the improvement phase (default 1). */
  seed?: number;
  /** Skip the improvement phase: the greedy construction alone (the benchmark's baseline). */
  greedyOnly?: boolean;
  /** Improvement steps; default 60 × number of slots, at least 20,000. */
  iterations?: number;
  /** Assignments that must stay as they are (e.g. already published); the solver fills the rest. */
  fixed?: Assignment[];
}

/** A position the scheduler could not fill, with why each qualified member was unavailable. */
export interface UncoveredSlot {
  shiftId: string;
  date: string;
  shiftName: string;
  role: string;
  /** Count of qualified members blocked for each reason. */
  blockers: Partial<Record<BlockReason, number>>;
  messageZh: string;
  messageEn: string;
}

/** A proven shortfall: the role needs more hours than its members may work under the weekly cap. */
export interface CapacityShortfall {
  unitId: string;
  role: string;
  requiredHours: number;
  availableHours: number;
  messageZh: string;
  messageEn: string;
}

export interface SolveResult {
  roster: Roster;
  /** True when every position is filled with no hard-rule violation. */
  feasible: boolean;
  uncovered: UncoveredSlot[];
  shortfalls: CapacityShortfall[];
  /** checkRoster of the result, always run: empty except for coverage gaps listed in `uncovered`. */
  violations: Violation[];
  fairness: FairnessReport;
  stats: { greedyMs: number; improveMs: number; iterations: number; accepted: number; initialCost: number; finalCost: number; repaired: number };
}

export type BlockReason = 'unavailable' | 'same_or_overlapping_shift_or_rest' | 'consecutive_days' | 'weekly_hours';

const REASON_ZH: Record<BlockReason, string> = {
  unavailable: '请假或不可排班',
  same_or_overlapping_shift_or_rest: '已在班或休息不足',
  consecutive_days: '连续上班天数已满',
  weekly_hours: '本周工时已满',
};

const W_NIGHT = 4;
const W_HOLIDAY = 2;
const W_HOURS = 1 / 64; // hours², scaled so one 8-hour shift weighs like one night
const W_PREF = 3;

/** Build a roster for the problem's shifts; see the file comment for the method. */
export function solveRoster(problem: RosterProblem, options: SolveOptions = {}): SolveResult {
  const t0 = performance.now();
  const { shifts, members, rules } = problem;
  const S = shifts.length;
  const P = members.length;
  const restMs = rules.minRestHours * 3_600_000;
  const firstDay = S ? Math.min(...shifts.map((s) => dayOfDate(s.date))) : 0;
  const lastDay = S ? Math.max(...shifts.map((s) => dayOfDate(s.date))) : 0;
  const nDays = lastDay - firstDay + 1;
  const firstWeek = weekOfDay(firstDay);
  const nWeeks = weekOfDay(lastDay) - firstWeek + 1;
  const unitIds = [...new Set(shifts.map((s) => s.unitId))].sort();
  const unitIndex = new Map(unitIds.map((u, i) => [u, i]));
  const U = unitIds.length;

  const sDay = shifts.map((s) => dayOfDate(s.date) - firstDay);
  const sWeek = shifts.map((s) => weekOfDay(dayOfDate(s.date)) - firstWeek);
  const sDur = shifts.map((s) => s.end - s.start);
  const sUnit = shifts.map((s) => unitIndex.get(s.unitId)!);
  const sWeekday = shifts.map((s) => isoWeekdayOfDay(dayOfDate(s.date)));
  const capMs = members.map((m) => Math.min(rules.maxWeeklyHours, m.maxWeeklyHours ?? Infinity) * 3_600_000);
  const memberUnits = members.map((m) => m.unitIds.map((u) => unitIndex.get(u)).filter((u): u is number => u !== undefined));
  const prefMiss = (p: number, s: number): number => {
    const pref = members[p]!.preferences;
    if (!pref) return 0;
    return (pref.avoidNights && shifts[s]!.night ? 1 : 0) + (pref.avoidWeekdays?.includes(sWeekday[s]!) ? 1 : 0);
  };

  // Slots: one per required person per role per shift.
  const slotShift: number[] = [];
  const slotRole: string[] = [];
  shifts.forEach((s, i) => s.requirements.forEach((r) => { for (let k = 0; k < r.count; k++) { slotShift.push(i); slotRole.push(r.role); } }));
  const K = slotShift.length;
  const slotPerson = new Int32Array(K).fill(-1);
  const slotFixed = new Uint8Array(K);

  // Qualified people per (unit, role): the only candidates a slot ever considers.
  const qualified = new Map<string, number[]>();
  const qualifiedFor = (s: number, role: string): number[] => {
    const key = `${sUnit[s]}\u0000${role}`;
    let list = qualified.get(key);
    if (!list) {
      const unitId = shifts[s]!.unitId;
      list = [];
      for (let p = 0; p < P; p++) if (members[p]!.unitIds.includes(unitId) && members[p]!.skills.includes(role)) list.push(p);
      qualified.set(key, list);
    }
    return list;
  };

  // Incremental per-person state.
  const personShifts: number[][] = Array.from({ length: P }, () => []);
  const dayCount = Array.from({ length: P }, () => new Int16Array(nDays));
  const weekMs = Array.from({ length: P }, () => new Float64Array(nWeeks));
  const unavailable = members.map((m) => m.unavailable);

  /** 0 when person p may take shift s (after giving up shift `exclude`, if ≥ 0), else why not. */
  const blockOf = (p: number, s: number, exclude = -1): BlockReason | null => {
    const sh = shifts[s]!;
    for (const u of unavailable[p]!) if (u.start < sh.end && sh.start < u.end) return 'unavailable';
    // Rest and overlap in one test: intervals widened by the minimum rest must not meet.
    for (const t of personShifts[p]!) {
      if (t === exclude) continue;
      const o = shifts[t]!;
      if (o.start < sh.end + restMs && sh.start < o.end + restMs) return 'same_or_overlapping_shift_or_rest';
    }
    const w = sWeek[s]!;
    const week = weekMs[p]![w]! - (exclude >= 0 && sWeek[exclude] === w ? sDur[exclude]! : 0) + sDur[s]!;
    if (week > capMs[p]!) return 'weekly_hours';
    const d = sDay[s]!;
    const days = dayCount[p]!;
    const ex = exclude >= 0 ? sDay[exclude]! : -1;
    const worked = (x: number) => days[x]! - (x === ex ? 1 : 0) > 0;
    if (!worked(d)) {
      let run = 1;
      for (let x = d - 1; x >= 0 && worked(x); x--) run++;
      for (let x = d + 1; x < nDays && worked(x); x++) run++;
      if (run > rules.maxConsecutiveDays) return 'consecutive_days';
    }
    return null;
  };

  // Fairness is measured within peer groups (same unit, same set of roles: see fairness.ts), so a
  // shift leader is compared with other shift leaders. Counts per (person, unit) in flat arrays
  // [p * U + u]; running sums and sums of squares per group give each variance in O(1).
  const nights = new Float64Array(P * U);
  const hols = new Float64Array(P * U);
  const hrs = new Float64Array(P * U);
  const groupKeys = new Map<string, number>();
  const groupOf = new Int32Array(P * U).fill(-1);
  for (let p = 0; p < P; p++) {
    for (const u of memberUnits[p]!) {
      const key = peerGroupKey(members[p]!, unitIds[u]!);
      if (!groupKeys.has(key)) groupKeys.set(key, groupKeys.size);
      groupOf[p * U + u] = groupKeys.get(key)!;
    }
  }
  const G = groupKeys.size;
  // Night fairness is measured among members who accept nights: an opt-out (avoidNights) is not unfairness.
  const nightPool = members.map((m) => !m.preferences?.avoidNights);
  const groupN = new Float64Array(G);
  const groupNightN = new Float64Array(G);
  const sum = { n: new Float64Array(G), h: new Float64Array(G), t: new Float64Array(G) };
  const sq = { n: new Float64Array(G), h: new Float64Array(G), t: new Float64Array(G) };
  for (let p = 0; p < P; p++) {
    for (const u of memberUnits[p]!) {
      const g = groupOf[p * U + u]!;
      groupN[g]!++;
      if (nightPool[p]) groupNightN[g]!++;
    }
  }
  let prefTotal = 0;

  const variance = (g: number) => {
    const v = (s: Float64Array, q: Float64Array, m: number) => (m === 0 ? 0 : q[g]! / m - (s[g]! / m) ** 2);
    return W_NIGHT * v(sum.n, sq.n, groupNightN[g]!) + W_HOLIDAY * v(sum.h, sq.h, groupN[g]!) + W_HOURS * v(sum.t, sq.t, groupN[g]!);
  };
  const bump = (arr: Float64Array, s: Float64Array, q: Float64Array, p: number, u: number, delta: number) => {
    const i = p * U + u;
    const a = arr[i]!;
    const b = a + delta;
    arr[i] = b;
    const g = groupOf[i]!;
    if (g >= 0 && (arr !== nights || nightPool[p])) {
      s[g]! += b - a;
      q[g]! += b * b - a * a;
    }
  };
  const apply = (p: number, s: number, sign: 1 | -1) => {
    const sh = shifts[s]!;
    if (sign === 1) personShifts[p]!.push(s);
    else personShifts[p]!.splice(personShifts[p]!.indexOf(s), 1);
    dayCount[p]![sDay[s]!]! += sign;
    weekMs[p]![sWeek[s]!]! += sign * sDur[s]!;
    const u = sUnit[s]!;
    if (sh.night) bump(nights, sum.n, sq.n, p, u, sign);
    if (sh.holiday) bump(hols, sum.h, sq.h, p, u, sign);
    bump(hrs, sum.t, sq.t, p, u, (sign * sDur[s]!) / 3_600_000);
    prefTotal += sign * prefMiss(p, s);
  };
  const totalCost = () => {
    let c = W_PREF * prefTotal;
    for (let g = 0; g < G; g++) c += variance(g);
    return c;
  };

  // Fixed assignments first (taken as given; checkRoster reports any rule they break).
  const shiftIndex = new Map(shifts.map((s, i) => [s.id, i]));
  const personIndex = new Map(members.map((m, i) => [m.personId, i]));
  for (const f of options.fixed ?? []) {
    const s = shiftIndex.get(f.shiftId);
    const p = personIndex.get(f.personId);
    if (s === undefined || p === undefined) continue;
    const k = slotShift.findIndex((x, i) => x === s && slotRole[i] === f.role && slotPerson[i] === -1);
    if (k < 0) continue;
    slotPerson[k] = p;
    slotFixed[k] = 1;
    apply(p, s, 1);
  }

  // Capacity bound per (unit, role): needed hours vs members' weekly caps over the period's weeks.
  const shortfalls: CapacityShortfall[] = [];
  const need = new Map<string, number>();
  for (let k = 0; k < K; k++) {
    const key = `${sUnit[slotShift[k]!]}\u0000${slotRole[k]}`;
    need.set(key, (need.get(key) ?? 0) + sDur[slotShift[k]!]!);
  }
  for (const [key, ms] of need) {
    const [u, role] = key.split('\u0000') as [string, string];
    const unit = Number(u);
    const anyShift = sUnit.indexOf(unit);
    const people = qualifiedFor(anyShift, role);
    // Upper bound: every qualified person at their weekly cap in every (possibly partial) week.
    const available = people.reduce((acc, p) => acc + Math.min(capMs[p]! * nWeeks, 24 * 3_600_000 * nDays), 0);
    if (ms > available) {
      const unitId = unitIds[unit]!;
      const requiredHours = Math.round(ms / 3_600_000);
      const availableHours = Math.round(available / 3_600_000);
      shortfalls.push({
        unitId, role, requiredHours, availableHours,
        messageZh: `单位 ${unitId} 的“${role}”岗位本期需要 ${requiredHours} 小时，${people.length} 名合格人员在每周上限内最多 ${availableHours} 小时，无法排满`,
        messageEn: `unit ${unitId} role "${role}" needs ${requiredHours} h this period; its ${people.length} qualified members can give at most ${availableHours} h under the weekly cap`,
      });
    }
  }

  // Greedy construction in time order (slots are already in shift order).
  const loadOf = (p: number, s: number) => {
    const i = p * U + sUnit[s]!;
    const sh = shifts[s]!;
    return hrs[i]! / 8 + (sh.night ? 2 * nights[i]! : 0) + (sh.holiday ? hols[i]! : 0) + 2 * prefMiss(p, s);
  };
  const uncoveredSlots: number[] = [];
  let repaired = 0;
  for (let k = 0; k < K; k++) {
    if (slotPerson[k] !== -1) continue;
    const s = slotShift[k]!;
    let best = -1;
    let bestLoad = Infinity;
    for (const p of qualifiedFor(s, slotRole[k]!)) {
      if (blockOf(p, s) !== null) continue;
      const load = loadOf(p, s);
      if (load < bestLoad) { bestLoad = load; best = p; }
    }
    if (best >= 0) { slotPerson[k] = best; apply(best, s, 1); continue; }
    if (repairByEjection(k)) { repaired++; continue; }
    uncoveredSlots.push(k);
  }

  /** Free a qualified person for slot k by handing one of their shifts to someone else. */
  function repairByEjection(k: number): boolean {
    const s = slotShift[k]!;
    for (const p of qualifiedFor(s, slotRole[k]!)) {
      for (const t of [...personShifts[p]!]) {
        if (blockOf(p, s, t) !== null) continue;
        const kt = findSlot(t, p);
        if (kt < 0 || slotFixed[kt]) continue;
        for (const q of qualifiedFor(t, slotRole[kt]!)) {
          if (q === p || blockOf(q, t) !== null) continue;
          apply(p, t, -1);
          // q must still fit t, and p must fit s, with each other's change in place.
          apply(q, t, 1);
          if (blockOf(p, s) === null) {
            slotPerson[kt] = q;
            slotPerson[k] = p;
            apply(p, s, 1);
            return true;
          }
          apply(q, t, -1);
          apply(p, t, 1);
        }
      }
    }
    return false;
  }
  function findSlot(s: number, p: number): number {
    for (let k = 0; k < K; k++) if (slotShift[k] === s && slotPerson[k] === p) return k;
    return -1;
  }

  const greedyMs = performance.now() - t0;
  const initialCost = totalCost();
  let iterations = 0;
  let accepted = 0;
  const t1 = performance.now();
  const movable: number[] = [];
  for (let k = 0; k < K; k++) if (slotPerson[k] !== -1 && !slotFixed[k]) movable.push(k);

  if (!options.greedyOnly && movable.length > 0) {
    const rand = seededRandom(options.seed ?? 1);
    iterations = options.iterations ?? Math.max(20_000, 60 * K);
    let cost = initialCost;
    // Temperature from the scale of the objective: start where a typical worsening is often accepted.
    const t0Temp = Math.max(0.05, initialCost / Math.max(1, G) / 20);
    const tEnd = 1e-4;
    const alpha = Math.pow(tEnd / t0Temp, 1 / iterations);
    let temp = t0Temp;
    const pick = <T,>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
    for (let it = 0; it < iterations; it++, temp *= alpha) {
      const k1 = pick(movable);
      const s1 = slotShift[k1]!;
      const p1 = slotPerson[k1]!;
      if (rand() < 0.5) {
        // Move: give slot k1 to another qualified person.
        const q = pick(qualifiedFor(s1, slotRole[k1]!));
        if (q === p1 || blockOf(q, s1) !== null) continue;
        apply(p1, s1, -1);
        apply(q, s1, 1);
        const next = totalCost();
        if (next <= cost || rand() < Math.exp((cost - next) / temp)) { slotPerson[k1] = q; cost = next; accepted++; }
        else { apply(q, s1, -1); apply(p1, s1, 1); }
      } else {
        // Swap: p1 takes k2's shift and p2 takes k1's, within the same unit.
        const k2 = pick(movable);
        const s2 = slotShift[k2]!;
        const p2 = slotPerson[k2]!;
        if (p1 === p2 || s1 === s2 || sUnit[s1] !== sUnit[s2]) continue;
        if (!members[p1]!.skills.includes(slotRole[k2]!) || !members[p2]!.skills.includes(slotRole[k1]!)) continue;
        if (blockOf(p1, s2, s1) !== null || blockOf(p2, s1, s2) !== null) continue;
        // Each person's rules depend only on their own shifts, so the two checks above suffice.
        apply(p1, s1, -1);
        apply(p2, s2, -1);
        apply(p1, s2, 1);
        apply(p2, s1, 1);
        const next = totalCost();
        if (next <= cost || rand() < Math.exp((cost - next) / temp)) { slotPerson[k1] = p2; slotPerson[k2] = p1; cost = next; accepted++; }
        else { apply(p1, s2, -1); apply(p2, s1, -1); apply(p1, s1, 1); apply(p2, s2, 1); }
      }
    }
  }
  const improveMs = performance.now() - t1;

  const assignments: Assignment[] = [];
  for (let k = 0; k < K; k++) {
    const p = slotPerson[k]!;
    if (p >= 0) assignments.push({ shiftId: shifts[slotShift[k]!]!.id, role: slotRole[k]!, personId: members[p]!.personId });
  }
  const roster = { assignments };
  const uncovered: UncoveredSlot[] = uncoveredSlots.map((k) => {
    const s = slotShift[k]!;
    const sh = shifts[s]!;
    const blockers: Partial<Record<BlockReason, number>> = {};
    const people = qualifiedFor(s, slotRole[k]!);
    for (const p of people) {
      const why = blockOf(p, s);
      if (why) blockers[why] = (blockers[why] ?? 0) + 1;
    }
    const zh = people.length === 0 ? '无人具备该资格' : Object.entries(blockers).map(([r, n]) => `${n} 人${REASON_ZH[r as BlockReason]}`).join('，');
    const en = people.length === 0 ? 'nobody holds this role' : Object.entries(blockers).map(([r, n]) => `${n} blocked by ${r.replaceAll('_', ' ')}`).join(', ');
    return {
      shiftId: sh.id, date: sh.date, shiftName: sh.name, role: slotRole[k]!, blockers,
      messageZh: `${sh.date} ${sh.name} 的“${slotRole[k]}”岗位无法排人：${people.length} 名合格人员中${zh}`,
      messageEn: `${sh.date} ${sh.name}: no one can take the "${slotRole[k]}" position (${people.length} qualified; ${en})`,
    };
  });
  const violations = checkRoster(problem, roster);
  return {
    roster,
    feasible: uncovered.length === 0 && violations.length === 0,
    uncovered,
    shortfalls,
    violations,
    fairness: measureFairness(problem, roster),
    stats: {
      greedyMs: Math.round(greedyMs * 10) / 10,
      improveMs: Math.round(improveMs * 10) / 10,
      iterations,
      accepted,
      initialCost: Math.round(initialCost * 1000) / 1000,
      finalCost: Math.round(totalCost() * 1000) / 1000,
      repaired,
    },
  };
}
