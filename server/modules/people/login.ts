import type { z } from 'zod';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import type { DB, Trx } from '../../storage/db.ts';
import type { UserRow } from '../../storage/schema.ts';
import type { loginBody } from './people.schemas.ts';
import { dummyPasswordHash, verifyPassword } from './password.ts';
import { deleteExpiredLoginChallenges, findUserByUsername, insertLoginChallenge, insertSession } from './people.repository.ts';
import { LOGIN_THROTTLE, activeLock, recordLoginFailure, recordLoginSuccess, throttleKeys } from './loginThrottle.ts';
import { newSecret, sha256Hex } from './secrets.ts';

/** Failed logins in a row, for one name from one address, that lock that pair (see loginThrottle.ts). */
export const MAX_FAILED_LOGINS = LOGIN_THROTTLE.pairFailuresToLock;
/** How long a locked name+address pair (or address) stays locked. */
export const LOCKOUT_MINUTES = LOGIN_THROTTLE.lockMinutes;
/** How long the client has between a correct password and its TOTP code. */
export const LOGIN_CHALLENGE_MINUTES = 5;

/**
 * Delay before answering the n-th failed login in a row for a name (from any address): none for the
 * first two (typos happen), then 250 ms doubling per further failure, capped at 2 s — slows online
 * guessing of one account without ever locking it.
 */
export function loginDelayMs(failures: number): number {
  if (failures < 3) return 0;
  return Math.min(2000, 250 * 2 ** (failures - 3));
}

/**
 * How the login route waits. Replaceable so tests record the requested delays instead of sleeping
 * (each test file runs in its own process, so a replacement never leaks into other suites).
 */
export const loginTiming = {
  sleep: (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()),
};

/** The login body (username, password) plus where it came from. */
export type LoginOptions = z.infer<typeof loginBody> & {
  sourceIp: string | null;
  userAgent: string | null;
  now: Date;
};

export type LoginResult =
  | { outcome: 'ok'; user: UserRow; sessionToken: string }
  | { outcome: 'totp'; user: UserRow; challenge: string }
  | { outcome: 'locked'; lockedUntil: string }
  | { outcome: 'invalid'; failures: number };

/** Who the audit entry names for a login attempt: the account when it exists, else the attempt. */
export function loginActor(user: UserRow | undefined, sourceIp: string | null): Actor {
  return user
    ? { id: user.id, username: user.username, displayName: user.display_name, assignments: [], sourceIp, via: 'session' }
    : { id: null, username: 'anonymous', displayName: '未登录', assignments: [], sourceIp, via: 'public' };
}

/** Open a session for a person who has proven who they are; returns the cookie token (only its sha256 is stored). */
export async function openSession(trx: Trx, o: { user: UserRow; sourceIp: string | null; userAgent: string | null; now: Date }): Promise<string> {
  const sessionToken = newSecret();
  const nowIso = o.now.toISOString();
  await insertSession(trx, {
    id: sha256Hex(sessionToken),
    user_id: o.user.id,
    created_at: nowIso,
    last_seen_at: nowIso,
    source_ip: o.sourceIp,
    user_agent: o.userAgent ? o.userAgent.slice(0, 300) : null,
  });
  return sessionToken;
}

/**
 * Check a username/password pair and open a session — or, when the person has a second factor, hand
 * out a short-lived challenge for POST /api/auth/totp. Failures are counted by name and address
 * (loginThrottle.ts), identically whether or not the account exists.
 * Takes the database rather than a transaction: the ~80 ms scrypt check must not run inside a
 * transaction (on SQLite that would stall every other request); the bookkeeping afterwards runs in
 * one short transaction together with its audit entry.
 */
export async function login(db: DB, opts: LoginOptions): Promise<LoginResult> {
  const keys = throttleKeys(opts.username, opts.sourceIp);
  const user = await findUserByUsername(db, opts.username);
  const actor = loginActor(user, opts.sourceIp);
  const attempt = { username: opts.username, userAgent: opts.userAgent };

  // A lock is decided by the name and address only, before any password check: a locked pair answers
  // the same, at the same speed, for an existing and an unknown account.
  const lockedUntil = await activeLock(db, keys, opts.now);
  if (lockedUntil) {
    await db.transaction().execute((trx) =>
      appendAudit(trx, actor, { action: 'auth.login', recordType: 'user', recordId: user?.id ?? null, after: { ...attempt, reason: 'locked' }, outcome: 'denied' }),
    );
    return { outcome: 'locked', lockedUntil };
  }

  // Always run scrypt, against a dummy hash when there is no such user: equal work, equal timing.
  const passwordOk = await verifyPassword(opts.password, user?.password_hash ?? (await dummyPasswordHash()));

  if (user && passwordOk && user.disabled === 0) {
    if (user.totp_secret) {
      const challenge = newSecret();
      await db.transaction().execute(async (trx) => {
        await deleteExpiredLoginChallenges(trx, opts.now.toISOString());
        await insertLoginChallenge(trx, {
          id: sha256Hex(challenge),
          user_id: user.id,
          created_at: opts.now.toISOString(),
          expires_at: new Date(opts.now.getTime() + LOGIN_CHALLENGE_MINUTES * 60_000).toISOString(),
          source_ip: opts.sourceIp,
        });
        await appendAudit(trx, actor, { action: 'auth.login', recordType: 'user', recordId: user.id, after: { ...attempt, stage: 'password', totpRequired: true }, outcome: 'ok' });
      });
      return { outcome: 'totp', user, challenge };
    }
    const sessionToken = await db.transaction().execute(async (trx) => {
      await recordLoginSuccess(trx, keys);
      const token = await openSession(trx, { user, sourceIp: opts.sourceIp, userAgent: opts.userAgent, now: opts.now });
      await appendAudit(trx, actor, { action: 'auth.login', recordType: 'user', recordId: user.id, after: attempt, outcome: 'ok' });
      return token;
    });
    return { outcome: 'ok', user, sessionToken };
  }

  const reason = !user ? 'unknown user' : user.disabled !== 0 ? 'disabled' : 'wrong password';
  const failures = await db.transaction().execute(async (trx) => {
    const counted = await recordLoginFailure(trx, keys, opts.now);
    await appendAudit(trx, actor, {
      action: 'auth.login',
      recordType: 'user',
      recordId: user?.id ?? null,
      after: { ...attempt, reason, failures: counted.accountFailures, ...(counted.locked ? { lockedFromAddress: true } : {}) },
      outcome: 'denied',
    });
    return counted.accountFailures;
  });
  return { outcome: 'invalid', failures };
}
