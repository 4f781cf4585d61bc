import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syntheticPatrolInstance } from '../../../bench/patrol-plan.ts';
import { planGreedy, planPatrols, validatePlan } from './planner.ts';

describe('patrol planner (VRPTW: cheapest insertion + LNS)', () => {
  it('meets every required visit on a small feasible instance, within every constraint', () => {
    const { input } = syntheticPatrolInstance(11, 5, 4);
    const r = planPatrols({ ...input, iterations: 300 });
    assert.equal(validatePlan(input, r).length, 0, validatePlan(input, r).join('\n'));
    assert.equal(r.required, 4 * 5 * 6);
    assert.equal(r.planned, r.required);
    for (const s of r.sites) assert.equal(s.planned, s.required);
  });

  it('beats the greedy nearest-next baseline on a tight instance', () => {
    const { input } = syntheticPatrolInstance(3, 5, 25);
    const greedy = planGreedy(input);
    const lns = planPatrols({ ...input, iterations: 800 });
    assert.equal(validatePlan(input, greedy).length, 0);
    assert.equal(validatePlan(input, lns).length, 0);
    assert.ok(lns.planned > greedy.planned || (lns.planned === greedy.planned && lns.totalTravelMinutes < greedy.totalTravelMinutes), `lns ${lns.planned}/${lns.totalTravelMinutes} vs greedy ${greedy.planned}/${greedy.totalTravelMinutes}`);
  });

  it('is reproducible from its seed and varies with another seed (unpredictable to observers)', () => {
    const { input } = syntheticPatrolInstance(11, 5, 4);
    const a = planPatrols({ ...input, iterations: 100 });
    const b = planPatrols({ ...input, iterations: 100 });
    const c = planPatrols({ ...input, iterations: 100, seed: 999 });
    const times = (r: typeof a) => r.visits.map((v) => `${v.workerId}@${v.siteId}@${v.plannedStart}`).join(',');
    assert.equal(times(a), times(b));
    assert.notEqual(times(a), times(c));
  });
});
