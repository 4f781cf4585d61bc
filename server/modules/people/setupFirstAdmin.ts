import type { Actor } from '../../access/actor.ts';
import { AppError } from '../../errors.ts';
import type { Executor, Trx } from '../../storage/db.ts';
import { createUser } from './createUser.ts';
import type { PersonView } from '../../../shared/people/wire.ts';

export interface SetupFirstAdminInput {
  username: string;
  password: string;
  /** Division code the administrator governs: usually the city (e.g. 3201) or the province. */
  scope: string;
  displayName?: string;
}

/**
 * One-time setup of a database without the demo (`wangge setup`, issue #12 Deliver 7): the first
 * administrator over a given territory node. Refused once any administrator exists — after that accounts
 * are made by administrators (console, `wangge users add`), so setup cannot be used to mint a second
 * admin behind their back. Audited like any new account (people.create), in the same transaction.
 */
export async function setupFirstAdmin(trx: Trx, options: { actor: Actor; input: SetupFirstAdminInput; now: Date }): Promise<PersonView> {
  await assertSetupPossible(trx);
  const { displayName, ...rest } = options.input;
  return createUser(trx, { actor: options.actor, input: { ...rest, role: 'admin', ...(displayName ? { displayName } : {}) }, now: options.now });
}

/**
 * Throws when setup cannot run: an administrator exists (CONFLICT), or there is no territory to govern
 * yet (VALIDATION_FAILED on scope). The CLI asks this before prompting, the use case again inside its
 * transaction.
 */
export async function assertSetupPossible(db: Executor): Promise<void> {
  if (await hasAdministrator(db)) {
    throw new AppError('CONFLICT', 'an administrator already exists: setup is only for a new installation; add accounts with `wangge users add` or in the console');
  }
  const anyNode = await db.selectFrom('territory_nodes').select('code').limit(1).executeTakeFirst();
  if (!anyNode) {
    throw new AppError('VALIDATION_FAILED', 'scope: there is no territory yet: import your divisions and grids first (`wangge import territory FILE`), then run setup', 'scope');
  }
}

/** True when any account (even a disabled one) holds the admin role: the installation is set up. */
export async function hasAdministrator(db: Executor): Promise<boolean> {
  const row = await db.selectFrom('role_assignments').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst();
  return row !== undefined;
}
