import { sql } from 'kysely';
import type { Executor } from '../../storage/db.ts';
import { forEachChunk } from '../../storage/chunked.ts';
import type { ApiTokenRow, DepartmentRow, RoleAssignmentRow, SessionRow, UserRow } from '../../storage/schema.ts';

/** Queries over users, role assignments and departments. Callers own the transaction. */

/** Rows per INSERT: user rows are wide, so fewer than the default per statement. */
const INSERT_CHUNK = 200;

function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  return forEachChunk(rows, insert, INSERT_CHUNK);
}

export async function insertUsers(db: Executor, rows: readonly UserRow[]): Promise<void> {
  await insertChunked(rows, (chunk) => db.insertInto('users').values(chunk).execute());
}

export async function insertAssignments(db: Executor, rows: readonly RoleAssignmentRow[]): Promise<void> {
  await insertChunked(rows, (chunk) => db.insertInto('role_assignments').values(chunk).execute());
}

export async function insertDepartments(db: Executor, rows: readonly DepartmentRow[]): Promise<void> {
  await insertChunked(rows, (chunk) => db.insertInto('departments').values(chunk).execute());
}

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function assignmentsOf(db: Executor, userId: string): Promise<RoleAssignmentRow[]> {
  return db.selectFrom('role_assignments').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
}

export async function findUsersByIds(db: Executor, ids: readonly string[]): Promise<UserRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
}

/** Assignments of many people at once, with the scope node's name and level (for presenting). */
export async function assignmentsWithScopeOf(db: Executor, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('role_assignments as ra')
    .leftJoin('territory_nodes as tn', 'tn.code', 'ra.scope_code')
    .select(['ra.user_id', 'ra.role', 'ra.scope_code', 'ra.scope_path', 'ra.department_id', 'tn.name_zh', 'tn.level'])
    .where('ra.user_id', 'in', userIds)
    .orderBy('ra.created_at')
    .orderBy('ra.id')
    .execute();
}

export interface PeopleFilter {
  /** Caller's people.read scope paths (digits and '/', so no LIKE escaping needed): a person is listed when one assignment lies under one of them. */
  visiblePaths: readonly string[];
  /** The same assignment must also lie under this path (the `scope` filter). */
  underPath?: string | undefined;
  role?: string | undefined;
  /** Case-insensitive substring of username or display name. */
  q?: string | undefined;
}

/** Escape LIKE wildcards so user text matches literally (ESCAPE '\' on both dialects). */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function peopleQuery(db: Executor, f: PeopleFilter) {
  return db
    .selectFrom('users as u')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_assignments as ra')
          .select(sql`1`.as('one'))
          .whereRef('ra.user_id', '=', 'u.id')
          .where((inner) => {
            const conds = [inner.or(f.visiblePaths.map((p) => inner('ra.scope_path', 'like', `${p}%`)))];
            if (f.underPath !== undefined) conds.push(inner('ra.scope_path', 'like', `${f.underPath}%`));
            if (f.role !== undefined) conds.push(inner('ra.role', '=', f.role));
            return inner.and(conds);
          }),
      ),
    )
    .$if(f.q !== undefined && f.q !== '', (qb) => {
      const pattern = `%${likeLiteral(f.q!.toLowerCase())}%`;
      return qb.where((eb) =>
        eb.or([
          eb(sql`lower(u.username)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(u.display_name)`, 'like', sql`${pattern} escape '\\'`),
        ]),
      );
    });
}

/** One page of people matching the filter, ordered by username, plus the total count. */
export async function listPeople(db: Executor, f: PeopleFilter, page: { limit: number; offset: number }): Promise<{ rows: UserRow[]; total: number }> {
  if (f.visiblePaths.length === 0) return { rows: [], total: 0 };
  const rows = await peopleQuery(db, f).selectAll('u').orderBy('u.username').limit(page.limit).offset(page.offset).execute();
  const count = await peopleQuery(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

export async function findDepartmentByCode(db: Executor, code: string) {
  return db.selectFrom('departments').select(['id', 'code', 'territory_path']).where('code', '=', code).executeTakeFirst();
}

// --- login bookkeeping -------------------------------------------------------------------------

/** Forget failures whose lock has run out, so a released account starts counting from zero. */
export async function clearExpiredLock(db: Executor, userId: string, nowIso: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null })
    .where('id', '=', userId)
    .where('locked_until', 'is not', null)
    .where('locked_until', '<=', nowIso)
    .execute();
}

/** Atomically count one more failed login; returns the new count. */
export async function incrementFailedLogins(db: Executor, userId: string): Promise<number> {
  await db.updateTable('users').set({ failed_logins: sql`failed_logins + 1` }).where('id', '=', userId).execute();
  const row = await db.selectFrom('users').select('failed_logins').where('id', '=', userId).executeTakeFirstOrThrow();
  return Number(row.failed_logins);
}

export async function setLockedUntil(db: Executor, userId: string, lockedUntil: string | null): Promise<void> {
  await db.updateTable('users').set({ locked_until: lockedUntil }).where('id', '=', userId).execute();
}

export async function resetFailedLogins(db: Executor, userId: string): Promise<void> {
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
}

export async function setUserDisabled(db: Executor, userId: string, disabled: boolean, nowIso: string): Promise<void> {
  await db.updateTable('users').set({ disabled: disabled ? 1 : 0, updated_at: nowIso }).where('id', '=', userId).execute();
}

// --- sessions ------------------------------------------------------------------------------------

export async function insertSession(db: Executor, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/**
 * What is read of a session and its user to judge it (credentialRules.ts) and build the actor. The
 * authentication hook and the live streams' re-check select these same columns.
 */
const SESSION_WITH_USER = ['s.id', 's.user_id', 's.created_at', 's.last_seen_at', 'u.username', 'u.display_name', 'u.disabled', 'u.must_change_password', 'u.totp_enabled_at'] as const;

/** A session and its (enabled or not) user, by the sha256 of the cookie token. */
export async function findSessionWithUser(db: Executor, sessionId: string) {
  return db.selectFrom('sessions as s').innerJoin('users as u', 'u.id', 's.user_id').select(SESSION_WITH_USER).where('s.id', '=', sessionId).executeTakeFirst();
}

/** Many sessions and their users at once (the live streams' re-check); callers chunk the ids. */
export async function findSessionsWithUsers(db: Executor, sessionIds: readonly string[]) {
  if (sessionIds.length === 0) return [];
  return db.selectFrom('sessions as s').innerJoin('users as u', 'u.id', 's.user_id').select(SESSION_WITH_USER).where('s.id', 'in', sessionIds).execute();
}

export async function touchSession(db: Executor, sessionId: string, nowIso: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: nowIso }).where('id', '=', sessionId).execute();
}

export async function deleteSession(db: Executor, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteSessionsOfUser(db: Executor, userId: string): Promise<number> {
  const res = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(res.numDeletedRows);
}

// --- API tokens ----------------------------------------------------------------------------------

export async function insertApiToken(db: Executor, row: ApiTokenRow): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

/** What is read of an API token and its owner to judge it (credentialRules.ts) and build the actor. */
const TOKEN_WITH_USER = [
  't.id',
  't.user_id',
  't.token_hash',
  't.created_at',
  't.expires_at',
  't.revoked_at',
  't.last_used_at',
  't.scope',
  'u.username',
  'u.display_name',
  'u.disabled',
  'u.must_change_password',
  'u.totp_enabled_at',
] as const;

/** A token (revoked, expired or not: credentialRules.ts judges) and its user, by the sha256 of the presented token. */
export async function findTokenWithUser(db: Executor, tokenHash: string) {
  return db.selectFrom('api_tokens as t').innerJoin('users as u', 'u.id', 't.user_id').select(TOKEN_WITH_USER).where('t.token_hash', '=', tokenHash).executeTakeFirst();
}

/** Many tokens and their users at once (the live streams' re-check); callers chunk the hashes. */
export async function findTokensWithUsers(db: Executor, tokenHashes: readonly string[]) {
  if (tokenHashes.length === 0) return [];
  return db.selectFrom('api_tokens as t').innerJoin('users as u', 'u.id', 't.user_id').select(TOKEN_WITH_USER).where('t.token_hash', 'in', tokenHashes).execute();
}

/** The role names each of these people holds (for the second-factor gate). */
export async function rolesOfUsers(db: Executor, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (userIds.length === 0) return out;
  const rows = await db.selectFrom('role_assignments').select(['user_id', 'role']).where('user_id', 'in', userIds).execute();
  for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.role]);
  return out;
}

export async function touchApiToken(db: Executor, tokenId: string, nowIso: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: nowIso }).where('id', '=', tokenId).execute();
}

export async function findApiToken(db: Executor, tokenId: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).executeTakeFirst();
}

export async function tokensOfUser(db: Executor, userId: string): Promise<ApiTokenRow[]> {
  return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
}

export async function revokeApiToken(db: Executor, tokenId: string, nowIso: string): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: nowIso }).where('id', '=', tokenId).where('revoked_at', 'is', null).execute();
}

/**
 * Departments serving territory that overlaps the given paths: inside one of them (a street office
 * under my county) or at one of their ancestors (the county bureau serving my street). Ordered by
 * territory, then code; at most `limit`.
 */
export async function findDepartmentsOverlapping(db: Executor, o: { paths: readonly string[]; kind?: string; limit: number }) {
  if (o.paths.length === 0) return [];
  const ancestors = new Set<string>();
  for (const p of o.paths) for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) ancestors.add(p.slice(0, i + 1));
  let q = db
    .selectFrom('departments')
    .selectAll()
    .where((eb) => eb.or([...o.paths.map((p) => eb('territory_path', 'like', `${p}%`)), eb('territory_path', 'in', [...ancestors])]));
  if (o.kind) q = q.where('kind', '=', o.kind);
  return q.orderBy('territory_path').orderBy('code').limit(o.limit).execute();
}

// --- password, second factor, login challenges (issue #12) ---------------------------------------

export async function setPassword(db: Executor, userId: string, o: { passwordHash: string; mustChange: boolean; nowIso: string }): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: o.passwordHash, must_change_password: o.mustChange ? 1 : 0, updated_at: o.nowIso })
    .where('id', '=', userId)
    .execute();
}

/** End every session of a person except one (the one that changed the password). */
export async function deleteOtherSessions(db: Executor, userId: string, keepSessionId: string | null): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) q = q.where('id', '!=', keepSessionId);
  const res = await q.executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function setTotpPending(db: Executor, userId: string, secret: string | null): Promise<void> {
  await db.updateTable('users').set({ totp_pending_secret: secret }).where('id', '=', userId).execute();
}

export async function setTotp(db: Executor, userId: string, o: { secret: string | null; enabledAt: string | null; lastStep: number | null }): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_secret: o.secret, totp_enabled_at: o.enabledAt, totp_last_step: o.lastStep, totp_pending_secret: null })
    .where('id', '=', userId)
    .execute();
}

/**
 * Accept a TOTP step once: moves totp_last_step forward only if the step is newer (atomic, so two
 * concurrent requests with the same code cannot both pass). True when this call accepted it.
 */
export async function advanceTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const res = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function replaceRecoveryCodes(db: Executor, userId: string, rows: readonly { id: string; code_hash: string; created_at: string }[]): Promise<void> {
  await db.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
  if (rows.length > 0) await db.insertInto('totp_recovery_codes').values(rows.map((r) => ({ ...r, user_id: userId, used_at: null }))).execute();
}

/** Spend an unused recovery code (atomically); true when it was there and unused. */
export async function useRecoveryCode(db: Executor, userId: string, codeHash: string, nowIso: string): Promise<boolean> {
  const res = await db
    .updateTable('totp_recovery_codes')
    .set({ used_at: nowIso })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('totp_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertLoginChallenge(db: Executor, row: { id: string; user_id: string; created_at: string; expires_at: string; source_ip: string | null }): Promise<void> {
  await db.insertInto('login_challenges').values({ ...row, attempts: 0 }).execute();
}

export async function findLoginChallenge(db: Executor, id: string) {
  return db.selectFrom('login_challenges').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Count one wrong code against a challenge; returns the new count. */
export async function bumpChallengeAttempts(db: Executor, id: string): Promise<number> {
  await db.updateTable('login_challenges').set({ attempts: sql`attempts + 1` }).where('id', '=', id).execute();
  const row = await db.selectFrom('login_challenges').select('attempts').where('id', '=', id).executeTakeFirst();
  return Number(row?.attempts ?? 0);
}

export async function deleteLoginChallenge(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('login_challenges').where('id', '=', id).execute();
}

/** Forget challenges that ran out (they are also refused when read). */
export async function deleteExpiredLoginChallenges(db: Executor, nowIso: string): Promise<void> {
  await db.deleteFrom('login_challenges').where('expires_at', '<=', nowIso).execute();
}
