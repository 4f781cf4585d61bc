import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Actor, Assignment } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../storage/db.ts';
import { isRole } from '../../../shared/access/roles.ts';
import { assignmentsOf, deleteSession, findLiveTokenWithUser, findSessionWithUser, touchApiToken, touchSession } from './people.repository.ts';
import { SESSION_COOKIE, sha256Hex } from './secrets.ts';

// last_seen_at / last_used_at are written at most once a minute: a busy console polls every few
// seconds and a write per request would be pure load (and on SQLite, contention).
const TOUCH_INTERVAL_MS = 60_000;

/** A person's role assignments as the access check sees them. Unknown role names are ignored. */
export async function loadAssignments(db: Executor, userId: string): Promise<Assignment[]> {
  const rows = await assignmentsOf(db, userId);
  const out: Assignment[] = [];
  for (const r of rows) {
    if (!isRole(r.role)) continue;
    out.push({ role: r.role, scopeCode: r.scope_code, scopePath: r.scope_path, departmentId: r.department_id });
  }
  return out;
}

/** The Bearer token in an Authorization header, or null. */
function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

/** Resolve the actor of one request, or null (anonymous). Exported for tests and the CLI. */
export async function resolveActor(ctx: AppContext, request: FastifyRequest): Promise<Actor | null> {
  const db = ctx.storage.db;
  const now = ctx.now();
  const sourceIp = request.ip ?? null;

  const bearer = bearerToken(request);
  if (bearer) {
    const token = await findLiveTokenWithUser(db, sha256Hex(bearer));
    if (!token || token.disabled !== 0) return null;
    if (!token.last_used_at || now.getTime() - Date.parse(token.last_used_at) >= TOUCH_INTERVAL_MS) {
      await touchApiToken(db, token.id, now.toISOString());
    }
    return {
      id: token.user_id,
      username: token.username,
      displayName: token.display_name,
      assignments: await loadAssignments(db, token.user_id),
      sourceIp,
      via: 'token',
    };
  }

  const cookie = request.cookies?.[SESSION_COOKIE];
  if (!cookie) return null;
  const sessionId = sha256Hex(cookie);
  const session = await findSessionWithUser(db, sessionId);
  if (!session) return null;
  const idleMs = now.getTime() - Date.parse(session.last_seen_at);
  if (idleMs > ctx.config.sessionIdleMinutes * 60_000 || session.disabled !== 0) {
    // Expired or the account was disabled: the session is gone for good, the request is anonymous.
    await deleteSession(db, sessionId);
    return null;
  }
  if (idleMs >= TOUCH_INTERVAL_MS) await touchSession(db, sessionId, now.toISOString());
  return {
    id: session.user_id,
    username: session.username,
    displayName: session.display_name,
    assignments: await loadAssignments(db, session.user_id),
    sourceIp,
    via: 'session',
  };
}

/** Resolve request.actor from the session cookie or a Bearer API token; null when anonymous. */
export function authenticateHook(ctx: AppContext): onRequestHookHandler {
  return async (request) => {
    request.actor = await resolveActor(ctx, request);
  };
}
