import type { Executor } from '../../storage/db.ts';
import { forEachChunk, inChunks } from '../../storage/chunked.ts';
import { judgeCredential, type CredentialFacts, type CredentialLimits } from './credentialRules.ts';
import { findSessionsWithUsers, findTokensWithUsers, rolesOfUsers } from './people.repository.ts';

/** What a live stream (server/modules/live) authenticated with, stored as the hash the database keeps. */
export type StreamCredential = { kind: 'session'; hash: string } | { kind: 'token'; hash: string };

/**
 * Which of these credentials may still carry a stream at `now` (keys `session:<hash>` / `token:<hash>`):
 * judgeCredential finds them valid and their account ungated. Read-only.
 */
export async function liveCredentials(db: Executor, credentials: readonly StreamCredential[], options: { now: Date; limits: CredentialLimits }): Promise<Set<string>> {
  const sessionHashes = [...new Set(credentials.filter((c) => c.kind === 'session').map((c) => c.hash))];
  const tokenHashes = [...new Set(credentials.filter((c) => c.kind === 'token').map((c) => c.hash))];
  const found: { key: string; facts: CredentialFacts; userId: string }[] = [];
  for (const r of await inChunks(sessionHashes, (chunk) => findSessionsWithUsers(db, chunk))) {
    found.push({ key: `session:${r.id}`, facts: { kind: 'session', ...r }, userId: r.user_id });
  }
  for (const r of await inChunks(tokenHashes, (chunk) => findTokensWithUsers(db, chunk))) {
    found.push({ key: `token:${r.token_hash}`, facts: { kind: 'token', ...r }, userId: r.user_id });
  }
  // Roles matter only for the second-factor gate: read them only when it can apply.
  const needRoles = (options.limits.requireTwoFactorRoles ?? []).length > 0 ? [...new Set(found.filter((f) => !f.facts.totp_enabled_at).map((f) => f.userId))] : [];
  const roles = new Map<string, string[]>();
  await forEachChunk(needRoles, async (chunk) => {
    for (const [userId, names] of await rolesOfUsers(db, chunk)) roles.set(userId, names);
  });
  const valid = new Set<string>();
  for (const f of found) {
    const verdict = judgeCredential(f.facts, options.now, options.limits, roles.get(f.userId) ?? []);
    if (verdict.failure === null && verdict.gate === null) valid.add(f.key);
  }
  return valid;
}
