import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { findApiToken, revokeApiToken as markRevoked } from './people.repository.ts';
import { presentToken } from './people.present.ts';
import type { TokenView } from '../../../shared/people/wire.ts';

/** Revoke one of the actor's own API tokens; someone else's token answers NOT_FOUND. Idempotent. */
export async function revokeApiToken(trx: Trx, options: { actor: Actor; tokenId: string; now: Date }): Promise<TokenView> {
  const token = await findApiToken(trx, options.tokenId);
  if (!token || options.actor.id === null || token.user_id !== options.actor.id) throw notFound('API token');
  if (token.revoked_at === null) {
    await markRevoked(trx, token.id, options.now.toISOString());
    await appendAudit(trx, options.actor, {
      action: 'token.revoke',
      recordType: 'api_token',
      recordId: token.id,
      before: { revokedAt: null },
      after: { revokedAt: options.now.toISOString() },
    });
  }
  const after = await findApiToken(trx, token.id);
  return presentToken(after!);
}
