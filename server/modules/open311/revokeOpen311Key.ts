import { requireAccess } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { findOpen311Key, setOpen311KeyRevoked } from './open311.repository.ts';
import { presentOpen311Key, type Open311KeyView } from './open311Keys.ts';

/** Revoke an Open311 key: further POSTs with it get 403. Revoking twice keeps the first time. */
export async function revokeOpen311Key(trx: Trx, o: { actor: Actor; id: string; now: Date }): Promise<Open311KeyView> {
  await requireAccess(trx, { actor: o.actor, action: 'people.manage', resource: 'open311Key', ids: [o.id], now: o.now });
  const row = await findOpen311Key(trx, o.id);
  if (!row) throw notFound('open311 key');
  if (row.revoked_at !== null) return presentOpen311Key(row);
  const at = o.now.toISOString();
  await setOpen311KeyRevoked(trx, row.id, at);
  await appendAudit(trx, o.actor, { action: 'open311.key.revoke', recordType: 'open311_key', recordId: row.id, before: { revokedAt: null }, after: { revokedAt: at } });
  return presentOpen311Key({ ...row, revoked_at: at });
}
