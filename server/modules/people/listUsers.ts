import type { Actor } from '../../access/actor.ts';
import { allowedIds, scopePathsFor } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import type { Trx } from '../../storage/db.ts';
import type { Role } from '../../../shared/access/roles.ts';
import { pathOfCode } from '../../../shared/territory/codes.ts';
import { assignmentsWithScopeOf, listPeople } from './people.repository.ts';
import { groupByUser, presentPerson } from './people.present.ts';
import type { PersonView } from '../../../shared/people/wire.ts';

export interface ListUsersOptions {
  actor: Actor;
  /** Only people with an assignment (matching `role`, if given) inside this node's subtree. */
  scopeCode?: string | undefined;
  role?: Role | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
  /** false: mask every phone and write no personal-data audit entry (the CLI listing). */
  revealPhones?: boolean;
}

/**
 * People inside the actor's people.read scopes, filtered in SQL (never load-then-filter). Phones
 * the actor may read (people.readPersonal over that person) are shown and that read is audited.
 */
export async function listUsers(trx: Trx, options: ListUsersOptions): Promise<{ items: PersonView[]; total: number }> {
  const { actor } = options;
  const { rows, total } = await listPeople(
    trx,
    {
      visiblePaths: scopePathsFor(actor, 'people.read'),
      underPath: options.scopeCode ? pathOfCode(options.scopeCode) : undefined,
      role: options.role,
      q: options.q,
    },
    { limit: options.limit, offset: options.offset },
  );
  const ids = rows.map((r) => r.id);
  const roles = groupByUser(await assignmentsWithScopeOf(trx, ids));
  const withPhone = rows.filter((r) => r.phone !== null).map((r) => r.id);
  const personal =
    options.revealPhones === false || withPhone.length === 0
      ? new Set<string>()
      : await allowedIds(trx, { actor, action: 'people.readPersonal', resource: 'user', ids: withPhone });
  // One's own phone is not someone else's personal data: not audited.
  const disclosed = [...personal].filter((id) => id !== actor.id);
  if (disclosed.length > 0) {
    await appendAudit(trx, actor, {
      action: 'people.readPersonal',
      recordType: 'user',
      recordId: disclosed.length === 1 ? disclosed[0]! : null,
      after: { fields: ['phone'], userIds: disclosed, via: 'list' },
    });
  }
  return { items: rows.map((r) => presentPerson(r, roles.get(r.id) ?? [], personal.has(r.id))), total };
}
