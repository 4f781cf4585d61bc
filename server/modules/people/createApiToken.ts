import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { findUserById, insertApiToken } from './people.repository.ts';
import { presentToken } from './people.present.ts';
import type { tokenBody } from './people.schemas.ts';
import type { TokenView } from '../../../shared/people/wire.ts';
import { API_TOKEN_PREFIX, newSecret, sha256Hex } from './secrets.ts';

/**
 * Issue an API token for an integration acting as `userId` (with that person's roles and scopes),
 * read-only or read-write, expiring after `expiresInDays`. The secret is returned once; only its
 * sha256 is stored. The HTTP route has checked a fresh password first.
 */
export async function createApiToken(
  trx: Trx,
  options: Omit<z.infer<typeof tokenBody>, 'password'> & { actor: Actor; userId: string; now: Date },
): Promise<TokenView & { token: string }> {
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
    // Every token expires (issue #12 finding 9): a leaked integration secret stops working on its own.
    expires_at: new Date(options.now.getTime() + options.expiresInDays * 24 * 3600_000).toISOString(),
    scope: options.scope,
  };
  await insertApiToken(trx, row);
  await appendAudit(trx, options.actor, {
    action: 'token.create',
    recordType: 'api_token',
    recordId: row.id,
    after: { userId: user.id, name: row.name, scope: row.scope, expiresAt: row.expires_at },
  });
  return { ...presentToken(row), token };
}
