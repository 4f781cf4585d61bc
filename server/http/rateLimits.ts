import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimitOptions } from '@fastify/rate-limit';
import { AppError } from '../errors.ts';

/**
 * Request limits on the surfaces anyone can reach (docs/operations.md "Rate limits"). Each surface has a
 * per-address limit (the client address as fastify resolves it: the socket peer, or behind a proxy named
 * in WANGGE_TRUST_PROXY the forwarded address, IPv6 counted per /64) and, where the caller has an
 * account (a staff login or token, an Open311 API key), a per-account limit so one account cannot
 * spread its requests over many addresses. Login limits live with login (modules/people).
 *
 * Counters are per process and in memory (@fastify/rate-limit's LRU store): several processes behind
 * one proxy each allow the full limit.
 */
export interface SurfaceLimit {
  perAddress: { max: number; timeWindow: string };
  perAccount: { max: number; timeWindow: string };
}

export const RATE_LIMITS = {
  /** Resident portal report (群众诉求): a person reports a few things, not dozens a minute. */
  publicSubmit: { perAddress: { max: 30, timeWindow: '1 minute' }, perAccount: { max: 30, timeWindow: '1 minute' } },
  /**
   * Open311 POST: one address may be a partner's server relaying many residents, so the address limit is
   * wider; the API key (the account) carries the tighter one. Wrong keys count against the address.
   */
  open311Submit: { perAddress: { max: 120, timeWindow: '1 minute' }, perAccount: { max: 60, timeWindow: '1 minute' } },
  /** Image uploads: a grid worker attaches a handful of photos per case; residents a few per report. */
  upload: { perAddress: { max: 120, timeWindow: '1 minute' }, perAccount: { max: 120, timeWindow: '1 minute' } },
  /**
   * Resident status lookup by tracking code (查询进度). Also the brute-force bound: codes carry ~49 bits,
   * so 30 guesses a minute per address find nothing in any useful time.
   */
  statusLookup: { perAddress: { max: 30, timeWindow: '1 minute' }, perAccount: { max: 60, timeWindow: '1 minute' } },
} as const satisfies Record<string, SurfaceLimit>;

/** Route option `config.rateLimit` for a surface's per-address limit (the plugin's default key: the client address). */
export function perAddress(limit: SurfaceLimit): RateLimitOptions {
  return { ...limit.perAddress };
}

/** Where perAccountLimiter hands the account to the plugin's key generator (one request, one account). */
const accountKey = Symbol('wangge.rateLimitAccount');
type WithAccount = FastifyRequest & { [accountKey]?: string };

export type AccountLimiter = (request: FastifyRequest, reply: FastifyReply, account: string | null) => Promise<void>;

/**
 * A per-account limiter for one surface: call it with the account's stable id (user id, API key id), or
 * null when the caller has none (then only the address limit applies). Over the limit it sets Retry-After
 * and throws RATE_LIMITED, the same answer the per-address limit gives.
 */
export function perAccountLimiter(app: FastifyInstance, name: string, limit: SurfaceLimit): AccountLimiter {
  const check = app.createRateLimit({ ...limit.perAccount, keyGenerator: (request) => `${name}:${(request as WithAccount)[accountKey] ?? ''}` });
  return async (request, reply, account) => {
    if (account === null) return;
    (request as WithAccount)[accountKey] = account;
    const result = await check(request);
    if (result.isAllowed || !result.isExceeded) return;
    reply.header('retry-after', result.ttlInSeconds);
    reply.header('x-ratelimit-limit', result.max);
    reply.header('x-ratelimit-remaining', 0);
    reply.header('x-ratelimit-reset', result.ttlInSeconds);
    throw new AppError('RATE_LIMITED', `too many requests from this account, retry in ${result.ttlInSeconds} s`);
  };
}

/** preHandler: the per-account limit of a surface for a logged-in caller (session or token), keyed by user id. */
export function perLoggedInAccount(limiter: AccountLimiter) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => limiter(request, reply, request.actor?.id ?? null);
}
