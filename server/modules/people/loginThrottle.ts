import { sql } from 'kysely';
import type { Executor } from '../../storage/db.ts';
import { sha256Hex } from './secrets.ts';

/**
 * Login throttling (issue #12 finding 11). The old lock sat on the account: five wrong passwords
 * from anywhere locked the real admin out, and only existing accounts could be locked (429 for them,
 * 401 for unknown names — an enumeration oracle). Now every counter is keyed by the NAME typed and/or
 * the source ADDRESS, never by whether an account exists, so an unknown username goes through
 * exactly the same states, answers and timings as a real one:
 *
 * - pair (name + address): the 5th failure within 15 minutes locks that name FROM THAT ADDRESS for
 *   15 minutes (429 LOCKED_OUT, Retry-After) — the right password from there included. The owner
 *   logging in from their own address is not affected by an attacker elsewhere.
 * - account (name, any address): only slows down — the n-th failure in a row is answered after a
 *   growing delay (loginDelayMs); it never locks, so nobody can lock a known user out indefinitely.
 *   A success resets it.
 * - address (any name): 30 failures within 15 minutes lock the address for 15 minutes (password
 *   spraying and username enumeration from one address), on top of the per-address request limit
 *   of @fastify/rate-limit.
 *
 * Counters live in the database so several server processes share them. A failure older than the
 * window is forgotten; a lock that ran out starts the count again.
 */
export const LOGIN_THROTTLE = {
  pairFailuresToLock: 5,
  addressFailuresToLock: 30,
  windowMinutes: 15,
  lockMinutes: 15,
} as const;

export interface ThrottleKeys {
  pair: string;
  account: string;
  address: string;
}

/** Keys for a login attempt. Hashed so the table holds no typed names (a password typed as a name) or addresses. */
export function throttleKeys(username: string, sourceIp: string | null): ThrottleKeys {
  const name = username.trim().toLowerCase();
  const ip = sourceIp ?? 'unknown';
  return { pair: `pair:${sha256Hex(`${name}\n${ip}`)}`, account: `acct:${sha256Hex(name)}`, address: `addr:${sha256Hex(ip)}` };
}

/** The latest lock in force on the pair or the address, or null. */
export async function activeLock(db: Executor, keys: ThrottleKeys, now: Date): Promise<string | null> {
  const rows = await db
    .selectFrom('login_throttle')
    .select('locked_until')
    .where('key', 'in', [keys.pair, keys.address])
    .where('locked_until', 'is not', null)
    .where('locked_until', '>', now.toISOString())
    .execute();
  let latest: string | null = null;
  for (const r of rows) if (r.locked_until && (latest === null || r.locked_until > latest)) latest = r.locked_until;
  return latest;
}

/** Count one failure under a key (atomically; a stale window or an expired lock restarts at 1); returns the new count. */
async function bump(db: Executor, key: string, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  const windowStart = new Date(now.getTime() - LOGIN_THROTTLE.windowMinutes * 60_000).toISOString();
  await db
    .insertInto('login_throttle')
    .values({ key, failures: 1, last_failure_at: nowIso, locked_until: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when login_throttle.last_failure_at < ${windowStart} or (login_throttle.locked_until is not null and login_throttle.locked_until <= ${nowIso}) then 1 else login_throttle.failures + 1 end`,
        locked_until: sql<string | null>`case when login_throttle.locked_until is not null and login_throttle.locked_until <= ${nowIso} then null else login_throttle.locked_until end`,
        last_failure_at: nowIso,
      }),
    )
    .execute();
  const row = await db.selectFrom('login_throttle').select('failures').where('key', '=', key).executeTakeFirstOrThrow();
  return Number(row.failures);
}

async function lock(db: Executor, key: string, now: Date): Promise<void> {
  const until = new Date(now.getTime() + LOGIN_THROTTLE.lockMinutes * 60_000).toISOString();
  await db.updateTable('login_throttle').set({ locked_until: until }).where('key', '=', key).execute();
}

/** Forget counters nobody has touched for two windows and that hold no lock (keeps the table small under spraying). */
async function pruneStale(db: Executor, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - 2 * LOGIN_THROTTLE.windowMinutes * 60_000).toISOString();
  await db
    .deleteFrom('login_throttle')
    .where('last_failure_at', '<', cutoff)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now.toISOString())]))
    .execute();
}

/** Record a failed attempt under all three keys; returns the account's failures in a row (for the delay). */
export async function recordLoginFailure(db: Executor, keys: ThrottleKeys, now: Date): Promise<{ accountFailures: number; locked: boolean }> {
  await pruneStale(db, now);
  const pair = await bump(db, keys.pair, now);
  const address = await bump(db, keys.address, now);
  const accountFailures = await bump(db, keys.account, now);
  let locked = false;
  if (pair >= LOGIN_THROTTLE.pairFailuresToLock) {
    await lock(db, keys.pair, now);
    locked = true;
  }
  if (address >= LOGIN_THROTTLE.addressFailuresToLock) {
    await lock(db, keys.address, now);
    locked = true;
  }
  return { accountFailures, locked };
}

/** A success forgets the name's counters (pair and account); the address counter stays. */
export async function recordLoginSuccess(db: Executor, keys: ThrottleKeys): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', 'in', [keys.pair, keys.account]).execute();
}
