import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import { AppError } from '../errors.ts';
import { routePath } from './routePath.ts';

/**
 * Cross-site request forgery defence (issue #12 finding 6; OWASP CSRF cheat sheet, "Fetch Metadata"
 * and "Verifying origin with standard headers"). SameSite=Lax alone let a cross-origin text/plain
 * form POST ride the admin's cookie. Two independent checks run on every state-changing request:
 *
 * 1. Origin: when the request is authenticated by the session COOKIE (or would set one: login), a
 *    browser must say it came from our own page — `Sec-Fetch-Site` same-origin or none (typed into the
 *    address bar / bookmark), or, from a browser too old to send fetch metadata, an `Origin` whose host
 *    is the request's own Host. A request carrying neither header is not from a browser (curl, the CLI,
 *    integrations): every browser sends at least `Origin` on a cross-origin POST, so there is no
 *    forged request to stop. Bearer tokens and Open311 API keys are never sent automatically by a
 *    browser, so those requests are not checked.
 * 2. JSON only: a body on /api/ must be application/json (or an image on the upload route). An HTML
 *    form can only send urlencoded, multipart or text/plain, and a cross-origin fetch with a JSON body
 *    needs a CORS preflight that we never grant — so even a browser that sent no metadata cannot
 *    forge a JSON call. Open311 (form and multipart by its standard) lives outside /api/.
 */

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Anonymous routes that SET the session cookie: a forged login would sign the victim into the attacker's account. */
const COOKIE_SETTING_ROUTES = new Set(['/api/auth/login', '/api/auth/totp']);

/** Routes whose body is a raw image (Content-Type image/*), not JSON. */
const IMAGE_BODY_ROUTES = new Set(['/api/uploads']);

const ALLOWED_FETCH_SITES = new Set(['same-origin', 'none']);

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Did a browser send this from one of our own pages? Undefined when the request carries no browser evidence at all. */
export function isSameOriginBrowserRequest(request: FastifyRequest): boolean | undefined {
  const site = header(request, 'sec-fetch-site');
  if (site !== undefined) return ALLOWED_FETCH_SITES.has(site.toLowerCase());
  const origin = header(request, 'origin');
  if (origin === undefined) return undefined;
  const host = header(request, 'host');
  if (!host || origin === 'null') return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

function hasBody(request: FastifyRequest): boolean {
  const length = header(request, 'content-length');
  if (length !== undefined) return Number(length) > 0;
  return header(request, 'transfer-encoding') !== undefined;
}

/** The media type of the body without parameters, lower-cased ('' when absent). */
function mediaType(request: FastifyRequest): string {
  return (header(request, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** onRequest hook, registered after authentication (it reads request.actor). */
export function csrfHook(): onRequestHookHandler {
  return async (request) => {
    if (!STATE_CHANGING.has(request.method)) return;
    const route = routePath(request);
    if (!route.startsWith('/api/')) return;

    if (hasBody(request)) {
      const type = mediaType(request);
      const json = type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
      const image = IMAGE_BODY_ROUTES.has(route) && type.startsWith('image/');
      if (!json && !image) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', `body: 请以 application/json 提交 / send the body as application/json (got ${type || 'no Content-Type'})`, 'body');
      }
    }

    const cookieAuthenticated = request.actor?.via === 'session';
    if (!cookieAuthenticated && !COOKIE_SETTING_ROUTES.has(route)) return;
    if (isSameOriginBrowserRequest(request) === false) {
      throw new AppError('CSRF_REJECTED', '跨站请求被拒绝 / cross-site request refused: state changes must come from this site’s own pages');
    }
  };
}
