import type { Actor } from '../../access/actor.ts';
import { allowedIds } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import { notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { assignmentsWithScopeOf, findUserById } from './people.repository.ts';
import { presentPerson } from './people.present.ts';
import type { PersonView } from '../../../shared/people/wire.ts';

/**
 * One person (the caller has already passed requireAccess 'people.read'). The phone is unmasked
 * only with 'people.readPersonal' over this person, and that read is written to the audit log.
 */
export async function getPerson(trx: Trx, options: { actor: Actor; userId: string }): Promise<PersonView> {
  const user = await findUserById(trx, options.userId);
  if (!user) throw notFound('person');
  const roles = await assignmentsWithScopeOf(trx, [user.id]);
  let reveal = false;
  if (user.phone !== null) {
    const allowed = await allowedIds(trx, { actor: options.actor, action: 'people.readPersonal', resource: 'user', ids: [user.id] });
    reveal = allowed.has(user.id);
  }
  // Reading one's own profile is not a disclosure of someone else's data: no entry.
  if (reveal && options.actor.id !== user.id) {
    await appendAudit(trx, options.actor, {
      action: 'people.readPersonal',
      recordType: 'user',
      recordId: user.id,
      after: { fields: ['phone'], via: 'detail' },
    });
  }
  return presentPerson(user, roles, reveal);
}
