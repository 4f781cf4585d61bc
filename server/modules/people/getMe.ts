import type { Actor } from '../../access/actor.ts';
import { AppError } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import { ROLE_ACTIONS, isRole, type Action } from '../../../shared/access/roles.ts';
import { assignmentsWithScopeOf, findUserById } from './people.repository.ts';
import { faceFor, presentRole } from './people.present.ts';
import type { MeView } from '../../../shared/people/wire.ts';

/** The signed-in person: their own data unmasked, roles with scopes, actions held, web face, and what their account must still do (password change, 2FA). */
export async function getMe(db: Executor, options: { actor: Actor; requireTwoFactorRoles?: readonly string[] }): Promise<MeView> {
  const { actor } = options;
  const user = actor.id ? await findUserById(db, actor.id) : undefined;
  if (!user) throw new AppError('UNAUTHENTICATED', 'log in first (session cookie or Bearer token)');
  const rows = await assignmentsWithScopeOf(db, [user.id]);
  const actions = new Set<Action>();
  for (const r of rows) if (isRole(r.role)) for (const a of ROLE_ACTIONS[r.role]) actions.add(a);
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    phone: user.phone,
    roles: rows.map(presentRole),
    actions: [...actions].sort(),
    face: faceFor(rows.map((r) => r.role)),
    mustChangePassword: Number(user.must_change_password ?? 0) !== 0,
    totpEnabled: Boolean(user.totp_secret),
    totpRequired: rows.some((r) => (options.requireTwoFactorRoles ?? []).includes(r.role)),
  };
}
