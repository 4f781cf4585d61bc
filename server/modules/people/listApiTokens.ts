import type { Actor } from '../../access/actor.ts';
import type { Executor } from '../../storage/db.ts';
import { tokensOfUser } from './people.repository.ts';
import { presentToken } from './people.present.ts';
import type { TokenView } from '../../../shared/people/wire.ts';

/** The actor's own API tokens (never the secrets, which are not stored). */
export async function listApiTokens(db: Executor, options: { actor: Actor }): Promise<TokenView[]> {
  if (!options.actor.id) return [];
  return (await tokensOfUser(db, options.actor.id)).map(presentToken);
}
