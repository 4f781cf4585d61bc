import type { z } from 'zod';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Storage } from '../../storage/db.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { deleteOtherSessions, findUserById, setPassword } from './people.repository.ts';
import { passwordProblem, type changePasswordBody } from './people.schemas.ts';

/**
 * A person changes their own password (also how a temporary password is replaced). The current
 * password is required even with a valid session, so a borrowed or stolen session cannot take the
 * account over; every OTHER session of the person ends. The ~80 ms scrypt work runs outside the
 * transaction (see login.ts).
 */
export async function changePassword(
  storage: Storage,
  options: z.infer<typeof changePasswordBody> & { actor: Actor; currentSessionId: string | null; now: Date },
): Promise<{ sessionsEnded: number }> {
  const user = options.actor.id ? await findUserById(storage.db, options.actor.id) : undefined;
  if (!user) throw new AppError('UNAUTHENTICATED', 'log in first (session cookie or Bearer token)');
  if (!(await verifyPassword(options.currentPassword, user.password_hash))) {
    throw new AppError('VALIDATION_FAILED', 'currentPassword: 当前密码不正确 / the current password is wrong', 'currentPassword');
  }
  const weak = passwordProblem(options.newPassword, user.username);
  if (weak) throw new AppError('VALIDATION_FAILED', `newPassword: ${weak}`, 'newPassword');
  if (options.newPassword === options.currentPassword) {
    throw new AppError('VALIDATION_FAILED', 'newPassword: must differ from the current password', 'newPassword');
  }
  const passwordHash = await hashPassword(options.newPassword);
  return storage.transaction(async (trx) => {
    const nowIso = options.now.toISOString();
    await setPassword(trx, user.id, { passwordHash, mustChange: false, nowIso });
    const sessionsEnded = await deleteOtherSessions(trx, user.id, options.currentSessionId);
    await appendAudit(trx, options.actor, {
      action: 'auth.password.change',
      recordType: 'user',
      recordId: user.id,
      before: { mustChangePassword: Number(user.must_change_password ?? 0) !== 0 },
      after: { mustChangePassword: false, otherSessionsEnded: sessionsEnded },
    });
    return { sessionsEnded };
  });
}
