import type { z } from 'zod';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Storage } from '../../storage/db.ts';
import { verifyPassword } from './password.ts';
import type { totpDisableBody } from './people.schemas.ts';
import { advanceTotpStep, findUserById, replaceRecoveryCodes, setTotp, useRecoveryCode } from './people.repository.ts';
import { looksLikeRecoveryCode, matchTotpStep, recoveryCodeHash } from './totp.ts';

/**
 * Turn the second factor off: needs the password AND a current code (or a recovery code), so neither a
 * stolen session nor a stolen password alone can remove it. Refused when the person's role requires it.
 */
export async function disableTotp(
  storage: Storage,
  options: z.infer<typeof totpDisableBody> & { actor: Actor; required: boolean; now: Date },
): Promise<void> {
  const user = options.actor.id ? await findUserById(storage.db, options.actor.id) : undefined;
  if (!user) throw new AppError('UNAUTHENTICATED', 'log in first (session cookie or Bearer token)');
  if (!user.totp_secret) throw new AppError('CONFLICT', '两步验证未启用 / two-step verification is not on');
  if (options.required) throw new AppError('FORBIDDEN', '您的角色须启用两步验证 / your role requires two-step verification; it cannot be turned off');
  if (!(await verifyPassword(options.password, user.password_hash))) {
    throw new AppError('VALIDATION_FAILED', 'password: 密码不正确 / the password is wrong', 'password');
  }
  await storage.transaction(async (trx) => {
    const nowIso = options.now.toISOString();
    let ok: boolean;
    if (looksLikeRecoveryCode(options.code)) ok = await useRecoveryCode(trx, user.id, recoveryCodeHash(options.code), nowIso);
    else {
      const step = matchTotpStep(user.totp_secret!, options.code, options.now);
      ok = step !== null && (await advanceTotpStep(trx, user.id, step));
    }
    if (!ok) throw new AppError('VALIDATION_FAILED', 'code: 验证码不正确 / the code does not match', 'code');
    await setTotp(trx, user.id, { secret: null, enabledAt: null, lastStep: null });
    await replaceRecoveryCodes(trx, user.id, []);
    await appendAudit(trx, options.actor, { action: 'auth.totp.disable', recordType: 'user', recordId: user.id, before: { totpEnabled: true }, after: { totpEnabled: false } });
  });
}
