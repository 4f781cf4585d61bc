import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { assignmentsWithScopeOf, deleteSessionsOfUser, findUserById, findUserByUsername, setUserDisabled } from './people.repository.ts';
import { presentPerson } from './people.present.ts';
import type { PersonView } from '../../../shared/people/wire.ts';

/**
 * Disable an account (by id or username): it can no longer log in, its sessions end now and its
 * API tokens stop working (the authentication hook refuses disabled accounts). Idempotent.
 */
export async function disableUser(trx: Trx, options: { actor: Actor; userId?: string; username?: string; now: Date }): Promise<PersonView> {
  const user = options.userId !== undefined ? await findUserById(trx, options.userId) : await findUserByUsername(trx, options.username ?? '');
  if (!user) throw notFound('person');
  const ended = await deleteSessionsOfUser(trx, user.id);
  if (user.disabled === 0) await setUserDisabled(trx, user.id, true, options.now.toISOString());
  await appendAudit(trx, options.actor, {
    action: 'people.disable',
    recordType: 'user',
    recordId: user.id,
    before: { disabled: user.disabled !== 0 },
    after: { disabled: true, sessionsEnded: ended },
  });
  return presentPerson({ ...user, disabled: 1 }, await assignmentsWithScopeOf(trx, [user.id]), false);
}
