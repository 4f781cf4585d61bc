import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { EventBus } from '../../events/bus.ts';
import type { Executor } from '../../storage/db.ts';
import { SESSION_COOKIE, sha256Hex } from '../people/secrets.ts';
import type { SseStream } from './sse.ts';

/**
 * Live streams end with their session (finding 8 of issue 12). A stream authenticates once, when it
 * opens; without this an SSE response opened before logout, disabling or the idle timeout kept
 * delivering events for as long as the socket stayed up. Every open stream's credential is re-checked
 * - every RECHECK_MS by one sweep over all streams of this process (one query per 500 credentials),
 * - at once for the streams of the people named in a `session.ended` event, which is published after
 *   a logout or an account disable has committed (installSessionEndPublisher below; on PostgreSQL the
 *   event reaches the streams of every server process through LISTEN/NOTIFY),
 * and a stream whose credential no longer holds gets `event: end` and is closed. The re-check reads and
 * never touches the session: an open stream does not keep an idle session alive. Time comes from the
 * app clock (ctx.now), so tests move it instead of waiting.
 */

/** How often every open stream's session is re-checked: the longest a stale stream can live. */
export const RECHECK_MS = 30_000;

/** Bus event telling every process to re-check now the streams of `userIds`. */
export const SESSION_ENDED_EVENT = 'session.ended';

/** What a stream authenticated with, stored as the hash the database keeps. */
export type StreamCredential = { kind: 'session'; hash: string } | { kind: 'token'; hash: string };

/** The credential behind a request's actor (resolved by the people module's authenticate hook). */
export function credentialOf(request: FastifyRequest, actor: Actor): StreamCredential | null {
  if (actor.via === 'token') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    return m ? { kind: 'token', hash: sha256Hex(m[1]!) } : null;
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  return cookie ? { kind: 'session', hash: sha256Hex(cookie) } : null;
}

const CHUNK = 500;

/**
 * Which of these credentials still authenticate: the session exists, its account is enabled and it
 * has not been idle longer than the idle timeout; the API token is unrevoked and its account enabled.
 * The same rules as the authentication hook (server/modules/people/authenticate.ts), read-only.
 */
export async function liveCredentials(db: Executor, credentials: readonly StreamCredential[], options: { now: Date; idleMinutes: number }): Promise<Set<string>> {
  const valid = new Set<string>();
  const sessions = [...new Set(credentials.filter((c) => c.kind === 'session').map((c) => c.hash))];
  const tokens = [...new Set(credentials.filter((c) => c.kind === 'token').map((c) => c.hash))];
  const oldestSeen = options.now.getTime() - options.idleMinutes * 60_000;
  for (let i = 0; i < sessions.length; i += CHUNK) {
    const rows = await db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.id', 's.last_seen_at', 'u.disabled'])
      .where('s.id', 'in', sessions.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) if (r.disabled === 0 && Date.parse(r.last_seen_at) >= oldestSeen) valid.add(`session:${r.id}`);
  }
  for (let i = 0; i < tokens.length; i += CHUNK) {
    const rows = await db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.token_hash', 'u.disabled'])
      .where('t.token_hash', 'in', tokens.slice(i, i + CHUNK))
      .where('t.revoked_at', 'is', null)
      .execute();
    for (const r of rows) if (r.disabled === 0) valid.add(`token:${r.token_hash}`);
  }
  return valid;
}

interface GuardedStream {
  stream: SseStream;
  userId: string | null;
  credential: StreamCredential;
}

/** The open streams of one process and the re-check that ends the stale ones. */
export interface StreamGuard {
  /** Watch a stream: it is closed as soon as a re-check finds its credential gone. */
  track(stream: SseStream, actor: Actor, credential: StreamCredential): void;
  /** Re-check now (all streams, or only those of these people); resolves with how many were closed. */
  recheck(userIds?: readonly string[]): Promise<number>;
  /** Stop the sweep timer and the bus subscription. */
  stop(): void;
}

/** Start the guard: a sweep every `intervalMs` and a bus subscription to SESSION_ENDED_EVENT. */
export function createStreamGuard(ctx: AppContext, bus: EventBus, log: FastifyBaseLogger, intervalMs = RECHECK_MS): StreamGuard {
  const guarded = new Set<GuardedStream>();
  const recheck = async (userIds?: readonly string[]): Promise<number> => {
    const wanted = userIds ? new Set(userIds) : null;
    const targets = [...guarded].filter((g) => !g.stream.closed && (wanted === null || (g.userId !== null && wanted.has(g.userId))));
    if (targets.length === 0) return 0;
    const valid = await liveCredentials(ctx.storage.db, targets.map((g) => g.credential), { now: ctx.now(), idleMinutes: ctx.config.sessionIdleMinutes });
    let closed = 0;
    for (const g of targets) {
      if (valid.has(`${g.credential.kind}:${g.credential.hash}`)) continue;
      // Tell the client why, so it stops instead of reconnecting into a 401.
      g.stream.send({ event: 'end', data: { reason: 'session_ended' } });
      g.stream.end();
      closed++;
    }
    return closed;
  };
  const safeRecheck = (userIds?: readonly string[]) => {
    recheck(userIds).catch((err) => log.warn({ err }, 'live: re-checking stream sessions failed'));
  };
  const timer = setInterval(() => safeRecheck(), intervalMs);
  timer.unref();
  const unsubscribe = bus.subscribe(
    (e) => e.type === SESSION_ENDED_EVENT,
    (e) => safeRecheck(e.userIds ?? undefined),
  );
  return {
    track(stream, actor, credential) {
      const entry: GuardedStream = { stream, userId: actor.id, credential };
      guarded.add(entry);
      stream.onClose(() => guarded.delete(entry));
    },
    recheck,
    stop() {
      clearInterval(timer);
      unsubscribe();
    },
  };
}

/**
 * Routes whose success ends sessions, and whose sessions: the caller's own (logout) or the target
 * account's (disable). Add a line here when another route ends sessions (password change, admin reset).
 */
const SESSION_ENDING_ROUTES: Record<string, (request: FastifyRequest) => string | null> = {
  'POST /api/auth/logout': (r) => r.actor?.id ?? null,
  'POST /api/people/:id/disable': (r) => (r.params as { id?: string } | undefined)?.id ?? null,
};

/**
 * Publish SESSION_ENDED_EVENT after a successful session-ending request has been answered — after its
 * transaction committed, so the re-check it triggers reads the ended session as gone. Hooked here, like
 * the case change publisher, so the people module's use cases stay free of transport concerns.
 */
export function installSessionEndPublisher(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!ctx.events || reply.statusCode >= 300) return;
    const userOf = SESSION_ENDING_ROUTES[`${request.method} ${request.routeOptions.url ?? ''}`];
    const userId = userOf?.(request);
    if (!userId) return;
    try {
      await ctx.events.publish({ type: SESSION_ENDED_EVENT, userIds: [userId] });
    } catch (err) {
      request.log.warn({ err }, 'live: publishing session end failed');
    }
  });
}
