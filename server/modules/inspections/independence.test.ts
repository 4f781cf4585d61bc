import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { belongsToTarget, isFullyIndependent, type InspectedTarget, type InspectorCandidate } from './independence.ts';

const GRID = '32/3201/320106/320106001/320106001001/320106001001001/';
const gridTarget: InspectedTarget = { territoryPath: GRID, unitPath: GRID, departmentId: null };
const unitTarget: InspectedTarget = { territoryPath: '32/3201/320106/', unitPath: null, departmentId: 'dept-urban' };
const person = (...assignments: [InspectorCandidate['assignments'][number]['role'], string, string | null][]): Pick<InspectorCandidate, 'assignments'> => ({
  assignments: assignments.map(([role, scopePath, departmentId]) => ({ role, scopePath, departmentId })),
});

describe('inspection independence (回避)', () => {
  it('someone scoped in the inspected grid belongs to it, whatever the role', () => {
    assert.equal(belongsToTarget(person(['inspector', GRID, null]), gridTarget), true);
    // A city inspector who is also a grid worker of the grid.
    assert.equal(belongsToTarget(person(['inspector', '32/3201/', null], ['grid_worker', GRID, null]), gridTarget), true);
  });

  it('upper-level and other-district people do not belong; only the latter are fully independent', () => {
    const county = person(['inspector', '32/3201/320106/', null]);
    const other = person(['inspector', '32/3201/320105/', null]);
    const neighbour = person(['inspector', '32/3201/320106/320106001/320106001001/320106001001002/', null]);
    for (const p of [county, other, neighbour]) assert.equal(belongsToTarget(p, gridTarget), false);
    assert.equal(isFullyIndependent(county, gridTarget), false, 'covers the grid from above');
    assert.equal(isFullyIndependent(other, gridTarget), true);
    assert.equal(isFullyIndependent(neighbour, gridTarget), true, 'the next grid does not cover this one');
  });

  it('a unit (department) target: its members belong, territory scope alone does not', () => {
    assert.equal(belongsToTarget(person(['supervisor', '32/3201/320106/', 'dept-urban']), unitTarget), true);
    assert.equal(belongsToTarget(person(['supervisor', '32/3201/320106/', 'dept-housing']), unitTarget), false);
    assert.equal(belongsToTarget(person(['inspector', '32/3201/320106/320106001/', null]), unitTarget), false);
  });
});
