import { requireDeploymentAccess } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { newSecret, sha256Hex } from '../people/secrets.ts';
import { insertOpen311Key } from './open311.repository.ts';
import { newKeyId, OPEN311_KEY_PREFIX, presentOpen311Key, type Open311KeyView } from './open311Keys.ts';

/** Issue an Open311 API key; the secret is returned once and only its sha256 is stored. */
export async function createOpen311Key(trx: Trx, o: { actor: Actor; name: string; now: Date }): Promise<Open311KeyView & { key: string }> {
  // Keys are deployment-wide credentials (resource open311Key): people.manage over the whole deployment.
  await requireDeploymentAccess(trx, { actor: o.actor, action: 'people.manage', label: 'open311 key' });
  const name = o.name.trim();
  if (name.length === 0 || name.length > 100) throw new AppError('VALIDATION_FAILED', 'name: 1–100 characters (what the key is for)', 'name');
  const key = `${OPEN311_KEY_PREFIX}${newSecret()}`;
  const row = { id: newKeyId(), name, key_hash: sha256Hex(key), created_at: o.now.toISOString(), revoked_at: null, last_used_at: null };
  await insertOpen311Key(trx, row);
  await appendAudit(trx, o.actor, { action: 'open311.key.create', recordType: 'open311_key', recordId: row.id, after: { name } });
  return { ...presentOpen311Key(row), key };
}
