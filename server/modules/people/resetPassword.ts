import { randomBytes } from 'node:crypto';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { deleteSessionsOfUser, findUserById, replaceRecoveryCodes, setPassword, setTotp } from './people.repository.ts';

// No 0/O, 1/l/I: a temporary password is read aloud or copied from a screen by hand.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A temporary password: 15 characters from a 32-letter alphabet (75 random bits), in groups of five. */
export function newTemporaryPassword(): string {
  const bytes = randomBytes(15);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]!).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5, 10)}-${chars.slice(10, 15)}`;
}

/**
 * An administrator resets someone's password to a temporary one (hashed by the caller, outside the
 * transaction): every session of the person ends, and until they choose their own password every
 * API but the password change answers 403 PASSWORD_CHANGE_REQUIRED — for the person's API tokens
 * too, which are not revoked and work again once the person has chosen a password.
 * `resetTwoFactor` also removes a second factor whose phone and recovery codes were lost.
 * The caller has checked people.manage over the person.
 */
export async function resetPassword(
  trx: Trx,
  options: { actor: Actor; userId: string; temporaryPasswordHash: string; resetTwoFactor: boolean; now: Date },
): Promise<{ sessionsEnded: number }> {
  const user = await findUserById(trx, options.userId);
  if (!user) throw notFound('person');
  const nowIso = options.now.toISOString();
  await setPassword(trx, user.id, { passwordHash: options.temporaryPasswordHash, mustChange: true, nowIso });
  const sessionsEnded = await deleteSessionsOfUser(trx, user.id);
  const hadTotp = Boolean(user.totp_secret);
  if (options.resetTwoFactor && hadTotp) {
    await setTotp(trx, user.id, { secret: null, enabledAt: null, lastStep: null });
    await replaceRecoveryCodes(trx, user.id, []);
  }
  await appendAudit(trx, options.actor, {
    action: 'people.passwordReset',
    recordType: 'user',
    recordId: user.id,
    // Never the temporary password or its hash.
    before: { totpEnabled: hadTotp },
    after: { mustChangePassword: true, sessionsEnded, totpEnabled: hadTotp && !options.resetTwoFactor },
  });
  return { sessionsEnded };
}
