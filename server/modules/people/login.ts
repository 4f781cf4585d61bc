import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import type { DB } from '../../storage/db.ts';
import type { UserRow } from '../../storage/schema.ts';
import { dummyPasswordHash, verifyPassword } from './password.ts';
import {
  clearExpiredLock,
  findUserByUsername,
  incrementFailedLogins,
  insertSession,
  resetFailedLogins,
  setLockedUntil,
} from './people.repository.ts';
import { newSecret, sha256Hex } from './secrets.ts';

/** Failed logins in a row that lock the account. */
export const MAX_FAILED_LOGINS = 5;
/** How long a locked account stays locked. */
export const LOCKOUT_MINUTES = 15;

/**
 * Delay before answering the n-th failed login in a row: none for the first two (typos happen),
 * then 250 ms doubling per further failure, capped at 2 s — slows online guessing without making
 * the lock itself the only brake.
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

export interface LoginOptions {
  username: string;
  password: string;
  sourceIp: string | null;
  userAgent: string | null;
  now: Date;
}

export type LoginResult =
  | { outcome: 'ok'; user: UserRow; sessionToken: string }
  | { outcome: 'locked'; lockedUntil: string }
  | { outcome: 'invalid'; failures: number };

/** Who the audit entry names for a login attempt: the account when it exists, else the attempt. */
function loginActor(user: UserRow | undefined, sourceIp: string | null): Actor {
  return user
    ? { id: user.id, username: user.username, displayName: user.display_name, assignments: [], sourceIp, via: 'session' }
    : { id: null, username: 'anonymous', displayName: '未登录', assignments: [], sourceIp, via: 'public' };
}

/**
 * Check a username/password pair and open a session, counting failures towards a temporary lock.
 * Takes the database rather than a transaction: the ~80 ms scrypt check must not run inside a
 * transaction (on SQLite that would stall every other request); the bookkeeping afterwards runs in
 * one short transaction together with its audit entry.
 */
export async function login(db: DB, opts: LoginOptions): Promise<LoginResult> {
  const nowIso = opts.now.toISOString();
  const user = await findUserByUsername(db, opts.username);
  const actor = loginActor(user, opts.sourceIp);
  const attempt = { username: opts.username, userAgent: opts.userAgent };

  if (user && user.locked_until !== null && user.locked_until > nowIso) {
    await db.transaction().execute((trx) =>
      appendAudit(trx, actor, { action: 'auth.login', recordType: 'user', recordId: user.id, after: { ...attempt, reason: 'locked' }, outcome: 'denied' }),
    );
    return { outcome: 'locked', lockedUntil: user.locked_until };
  }

  // Always run scrypt, against a dummy hash when there is no such user: equal work, equal timing.
  const passwordOk = await verifyPassword(opts.password, user?.password_hash ?? (await dummyPasswordHash()));

  if (user && passwordOk && user.disabled === 0) {
    const sessionToken = newSecret();
    await db.transaction().execute(async (trx) => {
      await resetFailedLogins(trx, user.id);
      await insertSession(trx, {
        id: sha256Hex(sessionToken),
        user_id: user.id,
        created_at: nowIso,
        last_seen_at: nowIso,
        source_ip: opts.sourceIp,
        user_agent: opts.userAgent ? opts.userAgent.slice(0, 300) : null,
      });
      await appendAudit(trx, actor, { action: 'auth.login', recordType: 'user', recordId: user.id, after: attempt, outcome: 'ok' });
    });
    return { outcome: 'ok', user, sessionToken };
  }

  const reason = !user ? 'unknown user' : user.disabled !== 0 ? 'disabled' : 'wrong password';
  const failures = await db.transaction().execute(async (trx) => {
    let count = 0;
    if (user) {
      await clearExpiredLock(trx, user.id, nowIso);
      count = await incrementFailedLogins(trx, user.id);
      if (count >= MAX_FAILED_LOGINS) {
        await setLockedUntil(trx, user.id, new Date(opts.now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString());
      }
    }
    await appendAudit(trx, actor, {
      action: 'auth.login',
      recordType: 'user',
      recordId: user?.id ?? null,
      after: { ...attempt, reason, failures: count },
      outcome: 'denied',
    });
    return count;
  });
  return { outcome: 'invalid', failures };
}
