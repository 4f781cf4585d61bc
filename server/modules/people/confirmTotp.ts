import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { findUserById, replaceRecoveryCodes, setTotp } from './people.repository.ts';
import type { totpCodeBody } from './people.schemas.ts';
import { RECOVERY_CODE_COUNT, matchTotpStep, newRecoveryCode, recoveryCodeHash } from './totp.ts';

/**
 * Finish enrolment: the first code from the app proves it holds the pending secret; the second factor
 * is on from now and ten one-time recovery codes are returned — once; only their sha256 is kept.
 */
export async function confirmTotp(trx: Trx, options: z.infer<typeof totpCodeBody> & { actor: Actor; now: Date }): Promise<{ recoveryCodes: string[] }> {
  const user = options.actor.id ? await findUserById(trx, options.actor.id) : undefined;
  if (!user) throw new AppError('UNAUTHENTICATED', 'log in first (session cookie or Bearer token)');
  if (user.totp_secret) throw new AppError('CONFLICT', '两步验证已启用 / two-step verification is already on');
  if (!user.totp_pending_secret) throw new AppError('CONFLICT', '请先开始设置 / start with POST /api/me/totp/setup');
  const step = matchTotpStep(user.totp_pending_secret, options.code, options.now);
  if (step === null) throw new AppError('VALIDATION_FAILED', 'code: 验证码不正确 / the code does not match; check the time on your phone', 'code');
  const nowIso = options.now.toISOString();
  await setTotp(trx, user.id, { secret: user.totp_pending_secret, enabledAt: nowIso, lastStep: step });
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await replaceRecoveryCodes(trx, user.id, recoveryCodes.map((c) => ({ id: uuidv7(), code_hash: recoveryCodeHash(c), created_at: nowIso })));
  await appendAudit(trx, options.actor, { action: 'auth.totp.enable', recordType: 'user', recordId: user.id, after: { totpEnabled: true, recoveryCodes: RECOVERY_CODE_COUNT } });
  return { recoveryCodes };
}
