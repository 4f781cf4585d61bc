import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { EventBus } from '../../events/bus.ts';
import { liveCredentials, type StreamCredential } from '../people/liveCredentials.ts';
import { SESSION_COOKIE, sha256Hex } from '../people/secrets.ts';
import { SESSIONS_ENDED_EVENT } from '../people/sessionEvents.ts';
import type { SseStream } from './sse.ts';

/**
 * Live streams end with their session (finding 8 of issue 12). A stream authenticates once, when it
 * opens; without this an SSE response opened before logout, disabling or the idle timeout kept
 * delivering events for as long as the socket stayed up. Every open stream's credential is re-checked
 * - every RECHECK_MS by one sweep over all streams of this process (one query per 500 credentials),
 * - at once for the streams of the people named in the people module's `auth.sessionsEnded` event,
 *   published after a logout, an account disable, a password change or an admin password reset has
 *   committed (people/sessionEvents.ts; on PostgreSQL it reaches every server process through
 *   LISTEN/NOTIFY),
 * with the very rule the authentication hook applies (people/credentialRules.ts judgeCredential), and
 * a stream whose credential no longer holds — or whose account is now gated (must change its password,
 * must enrol a second factor) — gets `event: end` and is closed. The re-check reads and never touches
 * the credential: an open stream does not keep an idle session alive. Time comes from the app clock
 * (ctx.now), so tests move it instead of waiting.
 */

/** How often every open stream's session is re-checked: the longest a stale stream can live. */
export const RECHECK_MS = 30_000;

/** The credential behind a request's actor (resolved by the people module's authenticate hook). */
export function credentialOf(request: FastifyRequest, actor: Actor): StreamCredential | null {
  if (actor.via === 'token') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    return m ? { kind: 'token', hash: sha256Hex(m[1]!) } : null;
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  return cookie ? { kind: 'session', hash: sha256Hex(cookie) } : null;
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

/** Start the guard: a sweep every `intervalMs` and a bus subscription to the people module's SESSIONS_ENDED_EVENT. */
export function createStreamGuard(ctx: AppContext, bus: EventBus, log: FastifyBaseLogger, intervalMs = RECHECK_MS): StreamGuard {
  const guarded = new Set<GuardedStream>();
  const recheck = async (userIds?: readonly string[]): Promise<number> => {
    const wanted = userIds ? new Set(userIds) : null;
    const targets = [...guarded].filter((g) => !g.stream.closed && (wanted === null || (g.userId !== null && wanted.has(g.userId))));
    if (targets.length === 0) return 0;
    const valid = await liveCredentials(ctx.storage.db, targets.map((g) => g.credential), { now: ctx.now(), limits: ctx.config });
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
    (e) => e.type === SESSIONS_ENDED_EVENT,
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
