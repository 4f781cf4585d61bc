import { systemActor, type Actor } from '../access/actor.ts';
import { appendAudit } from '../audit/audit.ts';
import { AppError } from '../errors.ts';
import type { Trx } from '../storage/db.ts';
import { countNonDemoNodes, deleteDepartmentsByCode, deleteNodesBySource, deleteOperationalRecords, deleteUsers, lastDemoSeed, userIdsByUsername } from './demo.repository.ts';
import { DEFAULT_DEMO_SEED, DEMO_SOURCE, planDemoCity } from './planDemoCity.ts';

export interface ResetDemoCityOptions {
  actor?: Actor;
}

/**
 * Remove an earlier demo city: every operational record (cases, patrols, rosters, … — all of them lie
 * on demo territory, since any other territory makes this refuse), then its people (with sessions,
 * tokens and roles), departments and territory.
 * The demo's usernames and department codes are re-derived from the seed in the last 'demo.build' audit
 * entry, so accounts someone added by hand are never swept up. Refuses when the database holds
 * non-demo territory; if other records still point at demo rows the foreign keys stop the delete and the
 * whole transaction rolls back. The audit log itself is append-only and keeps its history.
 */
export async function resetDemoCity(trx: Trx, options: ResetDemoCityOptions = {}): Promise<{ records: number; nodes: number; users: number }> {
  if ((await countNonDemoNodes(trx, DEMO_SOURCE)) > 0) {
    throw new AppError('CONFLICT', 'the database holds territory that was not built by the demo; refusing to reset it');
  }
  const seed = (await lastDemoSeed(trx)) ?? DEFAULT_DEMO_SEED;
  const plan = planDemoCity(seed);
  const records = await deleteOperationalRecords(trx);
  const userIds = await userIdsByUsername(trx, plan.people.map((p) => p.username));
  await deleteUsers(trx, userIds);
  await deleteDepartmentsByCode(trx, plan.departments.map((d) => d.code));
  let nodes: number;
  try {
    nodes = await deleteNodesBySource(trx, DEMO_SOURCE);
  } catch (err) {
    throw new AppError('CONFLICT', `other records still refer to the demo territory, so it cannot be removed; start from an empty database instead (${(err as Error).message})`);
  }
  await appendAudit(trx, options.actor ?? systemActor('demo', 'cli'), {
    action: 'demo.reset',
    recordType: 'territory',
    recordId: '3201',
    before: { seed, records, nodes, users: userIds.length },
  });
  return { records, nodes, users: userIds.length };
}
