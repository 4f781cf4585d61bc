import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Actor, Assignment } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../storage/db.ts';
import { AppError } from '../../errors.ts';
import { isRole } from '../../../shared/access/roles.ts';
import { judgeCredential, twoFactorRequired, type AccountGate } from './credentialRules.ts';
import { assignmentsOf, deleteSession, findSessionWithUser, findTokenWithUser, touchApiToken, touchSession } from './people.repository.ts';
import { SESSION_COOKIE, sha256Hex } from './secrets.ts';
import { routePath } from '../../http/routePath.ts';

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

export interface ResolvedCredential {
  actor: Actor;
  credential: NonNullable<FastifyRequest['credential']>;
  /** What the account must do before anything else works, or null. */
  gate: AccountGate;
}

/** Does the configuration require a second factor of someone holding these assignments? */
export function twoFactorRequiredFor(ctx: AppContext, assignments: readonly Assignment[]): boolean {
  return twoFactorRequired(ctx.config, assignments.map((a) => a.role));
}

/** Resolve the actor of one request and how it authenticated, or null (anonymous). Exported for tests and the CLI. */
export async function resolveCredential(ctx: AppContext, request: FastifyRequest): Promise<ResolvedCredential | null> {
  const db = ctx.storage.db;
  const now = ctx.now();
  const sourceIp = request.ip ?? null;

  // Whether the credential still holds is decided by judgeCredential (credentialRules.ts) alone: the
  // live streams' re-check applies the same function, so an open stream ends when a request would fail.
  const bearer = bearerToken(request);
  if (bearer) {
    const token = await findTokenWithUser(db, sha256Hex(bearer));
    if (!token) return null;
    const assignments = await loadAssignments(db, token.user_id);
    const verdict = judgeCredential({ kind: 'token', ...token }, now, ctx.config, assignments.map((a) => a.role));
    // Revoked, expired (expires_at, or LEGACY_TOKEN_DAYS after creation without one) or a disabled owner.
    if (verdict.failure) return null;
    if (!token.last_used_at || now.getTime() - Date.parse(token.last_used_at) >= TOUCH_INTERVAL_MS) {
      await touchApiToken(db, token.id, now.toISOString());
    }
    return {
      actor: { id: token.user_id, username: token.username, displayName: token.display_name, assignments, sourceIp, via: 'token' },
      credential: { kind: 'token', tokenId: token.id, scope: token.scope === 'read' ? 'read' : 'write' },
      gate: verdict.gate,
    };
  }

  const cookie = request.cookies?.[SESSION_COOKIE];
  if (!cookie) return null;
  const sessionId = sha256Hex(cookie);
  const session = await findSessionWithUser(db, sessionId);
  if (!session) return null;
  const assignments = await loadAssignments(db, session.user_id);
  const verdict = judgeCredential({ kind: 'session', ...session }, now, ctx.config, assignments.map((a) => a.role));
  if (verdict.failure) {
    // Idle too long, past its absolute lifetime, or the account was disabled: the session is gone
    // for good and the request is anonymous.
    await deleteSession(db, sessionId);
    return null;
  }
  if (now.getTime() - Date.parse(session.last_seen_at) >= TOUCH_INTERVAL_MS) await touchSession(db, sessionId, now.toISOString());
  return {
    actor: { id: session.user_id, username: session.username, displayName: session.display_name, assignments, sourceIp, via: 'session' },
    credential: { kind: 'session', sessionId },
    gate: verdict.gate,
  };
}

/** Resolve the actor of one request, or null (anonymous). */
export async function resolveActor(ctx: AppContext, request: FastifyRequest): Promise<Actor | null> {
  return (await resolveCredential(ctx, request))?.actor ?? null;
}

/** What an account with a temporary password may still do: see itself, change the password, log out. */
const PASSWORD_CHANGE_ROUTES = new Set(['GET /api/me', 'POST /api/me/password', 'POST /api/auth/logout']);
/** What an account that must enrol a second factor may still do: the above plus enrolment. */
const TOTP_ENROLMENT_ROUTES = new Set([...PASSWORD_CHANGE_ROUTES, 'POST /api/me/totp/setup', 'POST /api/me/totp/confirm']);

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolve request.actor from the session cookie or a Bearer API token (null when anonymous), then
 * enforce what the credential itself limits: a read-only token may only read, and an account with a
 * temporary password or a missing mandatory second factor may only fix that (403 with the gate's code)
 * — through its session, and its API tokens are refused meanwhile too (they act as the same person).
 */
export function authenticateHook(ctx: AppContext): onRequestHookHandler {
  return async (request) => {
    const resolved = await resolveCredential(ctx, request);
    request.actor = resolved?.actor ?? null;
    request.credential = resolved?.credential ?? null;
    if (!resolved) return;
    const path = routePath(request);
    if (!path.startsWith('/api/')) return;
    const route = `${request.method} ${path}`;
    if (resolved.gate === 'PASSWORD_CHANGE_REQUIRED' && !PASSWORD_CHANGE_ROUTES.has(route)) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', '请先修改临时密码 / change your temporary password first (POST /api/me/password)');
    }
    if (resolved.gate === 'TOTP_ENROLMENT_REQUIRED' && !TOTP_ENROLMENT_ROUTES.has(route)) {
      throw new AppError('TOTP_ENROLMENT_REQUIRED', '您的角色须启用两步验证 / your role requires two-step verification: enrol first (POST /api/me/totp/setup)');
    }
    if (resolved.credential.kind === 'token' && resolved.credential.scope === 'read' && !READ_METHODS.has(request.method)) {
      throw new AppError('FORBIDDEN', '此API令牌只读 / this API token is read-only (scope read)');
    }
  };
}
