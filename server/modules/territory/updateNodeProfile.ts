import type { Actor } from '../../access/actor.ts';
import { appendAudit, diff } from '../../audit/audit.ts';
import { notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { findNode, updateProfile } from './territory.repository.ts';
import type { ProfilePatch } from './territory.schemas.ts';

/**
 * Update a node's 网格概况 (households, residents, description) and audit the diff in the same
 * transaction. Access ('territory.updateProfile' on this node) is checked by the caller.
 */
export async function updateNodeProfile(
  trx: Trx,
  options: { actor: Actor; code: string; patch: ProfilePatch; now: Date },
): Promise<void> {
  const row = await findNode(trx, options.code);
  if (!row) throw notFound('territory node');
  const patch: ProfilePatch = {};
  if (options.patch.households !== undefined) patch.households = options.patch.households;
  if (options.patch.residents !== undefined) patch.residents = options.patch.residents;
  if (options.patch.description !== undefined) patch.description = options.patch.description;
  const change = diff({ households: row.households, residents: row.residents, description: row.description }, patch);
  if (Object.keys(change.after).length === 0) return; // nothing changed: no write, no audit noise
  await updateProfile(trx, options.code, patch, options.now.toISOString());
  await appendAudit(trx, options.actor, {
    action: 'territory.updateProfile',
    recordType: 'territory_node',
    recordId: options.code,
    before: change.before,
    after: change.after,
  });
}
