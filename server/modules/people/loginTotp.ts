import type { z } from 'zod';
import { appendAudit } from '../../audit/audit.ts';
import type { DB } from '../../storage/db.ts';
import type { UserRow } from '../../storage/schema.ts';
import { loginActor, openSession } from './login.ts';
import { recordLoginFailure, recordLoginSuccess, throttleKeys } from './loginThrottle.ts';
import {
  advanceTotpStep,
  bumpChallengeAttempts,
  deleteLoginChallenge,
  findLoginChallenge,
  findUserById,
  useRecoveryCode,
} from './people.repository.ts';
import { sha256Hex } from './secrets.ts';
import type { totpLoginBody } from './people.schemas.ts';
import { looksLikeRecoveryCode, matchTotpStep, recoveryCodeHash } from './totp.ts';

/** Wrong codes one login challenge survives; then the password step has to be done again. */
export const MAX_CHALLENGE_ATTEMPTS = 5;

export type TotpLoginResult =
  | { outcome: 'ok'; user: UserRow; sessionToken: string; recoveryCodeUsed: boolean }
  | { outcome: 'invalid'; failures: number };

/**
 * Second login step: the challenge from a correct password plus a current TOTP code (accepted once)
 * or an unused recovery code. Wrong codes count against the challenge and, like wrong passwords,
 * against the name+address throttle.
 */
export async function loginWithTotp(
  db: DB,
  opts: z.infer<typeof totpLoginBody> & { sourceIp: string | null; userAgent: string | null; now: Date },
): Promise<TotpLoginResult> {
  const challengeId = sha256Hex(opts.challenge);
  const nowIso = opts.now.toISOString();
  const challenge = await findLoginChallenge(db, challengeId);
  const user = challenge && challenge.expires_at > nowIso ? await findUserById(db, challenge.user_id) : undefined;
  if (!challenge || !user || user.disabled !== 0 || !user.totp_secret) {
    if (challenge) await deleteLoginChallenge(db, challengeId);
    return { outcome: 'invalid', failures: 0 };
  }
  const actor = loginActor(user, opts.sourceIp);
  const keys = throttleKeys(user.username, opts.sourceIp);
  const recovery = looksLikeRecoveryCode(opts.code);

  return db.transaction().execute(async (trx) => {
    let ok: boolean;
    if (recovery) {
      ok = await useRecoveryCode(trx, user.id, recoveryCodeHash(opts.code), nowIso);
    } else {
      const step = matchTotpStep(user.totp_secret!, opts.code, opts.now);
      ok = step !== null && (await advanceTotpStep(trx, user.id, step));
    }
    if (!ok) {
      const attempts = await bumpChallengeAttempts(trx, challengeId);
      if (attempts >= MAX_CHALLENGE_ATTEMPTS) await deleteLoginChallenge(trx, challengeId);
      const counted = await recordLoginFailure(trx, keys, opts.now);
      await appendAudit(trx, actor, {
        action: 'auth.login',
        recordType: 'user',
        recordId: user.id,
        after: { username: user.username, stage: 'totp', reason: recovery ? 'wrong recovery code' : 'wrong code', attempts },
        outcome: 'denied',
      });
      return { outcome: 'invalid', failures: counted.accountFailures } as const;
    }
    await deleteLoginChallenge(trx, challengeId);
    await recordLoginSuccess(trx, keys);
    const sessionToken = await openSession(trx, { user, sourceIp: opts.sourceIp, userAgent: opts.userAgent, now: opts.now });
    await appendAudit(trx, actor, {
      action: 'auth.login',
      recordType: 'user',
      recordId: user.id,
      after: { username: user.username, stage: 'totp', ...(recovery ? { recoveryCodeUsed: true } : {}) },
      outcome: 'ok',
    });
    return { outcome: 'ok', user, sessionToken, recoveryCodeUsed: recovery } as const;
  });
}
