import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { findUserById, insertApiToken } from './people.repository.ts';
import { presentToken } from './people.present.ts';
import type { TokenView } from './people.schemas.ts';
import { API_TOKEN_PREFIX, newSecret, sha256Hex } from './secrets.ts';

/**
 * Issue an API token for an integration acting as `userId` (with that person's roles and scopes).
 * The secret is returned once; only its sha256 is stored.
 */
export async function createApiToken(trx: Trx, options: { actor: Actor; userId: string; name: string; now: Date }): Promise<TokenView & { token: string }> {
  const user = await findUserById(trx, options.userId);
  if (!user) throw notFound('person');
  const token = `${API_TOKEN_PREFIX}${newSecret()}`;
  const row = {
    id: uuidv7(),
    user_id: user.id,
    name: options.name,
    token_hash: sha256Hex(token),
    created_at: options.now.toISOString(),
    last_used_at: null,
    revoked_at: null,
  };
  await insertApiToken(trx, row);
  await appendAudit(trx, options.actor, {
    action: 'token.create',
    recordType: 'api_token',
    recordId: row.id,
    after: { userId: user.id, name: row.name },
  });
  return { ...presentToken(row), token };
}
