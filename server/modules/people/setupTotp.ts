import type { z } from 'zod';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { findUserById, setTotpPending } from './people.repository.ts';
import { newTotpSecret, totpUri } from './totp.ts';
import { verifyPassword } from './password.ts';
import type { totpSetupBody } from './people.schemas.ts';

/**
 * Start enrolling a TOTP second factor: a new secret is kept as pending until a code from the
 * authenticator app confirms it (confirmTotp), so a half-finished enrolment never locks anyone out.
 */
export async function setupTotp(trx: Trx, options: z.infer<typeof totpSetupBody> & { actor: Actor }): Promise<{ secret: string; uri: string }> {
  const user = options.actor.id ? await findUserById(trx, options.actor.id) : undefined;
  if (!user) throw new AppError('UNAUTHENTICATED', 'log in first (session cookie or Bearer token)');
  if (!(await verifyPassword(options.password, user.password_hash))) {
    throw new AppError('VALIDATION_FAILED', 'password: 密码不正确 / the password is wrong (confirm your password to set up two-step verification)', 'password');
  }
  if (user.totp_secret) throw new AppError('CONFLICT', '两步验证已启用 / two-step verification is already on; disable it first to enrol a new device');
  const secret = newTotpSecret();
  await setTotpPending(trx, user.id, secret);
  // The secret never enters the audit log.
  await appendAudit(trx, options.actor, { action: 'auth.totp.setup', recordType: 'user', recordId: user.id });
  return { secret, uri: totpUri(secret, user.username) };
}
