import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';

/** Where `npm run build:web` writes the client. */
export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

const NO_CACHE = 'no-cache';
const HOUR = 'public, max-age=3600';

/** True for paths the client must never answer with index.html: the API and Open311 answer JSON 404s. */
function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url === '/open311' || url.startsWith('/open311/');
}

/**
 * Serves the built web client: hashed /assets/* cached for a year, index.html and sw.js never
 * cached (so a new build reaches everyone), other root files (manifest, icons) for an hour, and
 * index.html for any other GET that asks for HTML (client-side routes like /console/map).
 */
export async function webRoutes(app: FastifyInstance, _ctx: AppContext, options: { distDir?: string } = {}): Promise<void> {
  const dist = options.distDir ?? WEB_DIST;
  const built = fs.existsSync(path.join(dist, 'index.html'));

  if (built) {
    await app.register(fastifyStatic, {
      root: path.join(dist, 'assets'),
      prefix: '/assets/',
      immutable: true,
      maxAge: '365d',
      index: false,
      decorateReply: true,
    });
  }

  const notFound = (request: FastifyRequest) => new AppError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`);

  const sendIndex = (reply: FastifyReply) => {
    if (!built) {
      return reply
        .status(503)
        .header('cache-control', NO_CACHE)
        .type('text/html; charset=utf-8')
        .send('<!doctype html><meta charset="utf-8"><title>wangge</title><p>网页客户端尚未构建：请运行 <code>npm run build:web</code>（或 <code>npm start</code>）。</p><p>The web client is not built: run <code>npm run build:web</code> (or <code>npm start</code>).</p>');
    }
    return reply.header('cache-control', NO_CACHE).type('text/html; charset=utf-8').sendFile('index.html', dist, { cacheControl: false });
  };

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(request.url.split('?')[0] ?? '/');
    } catch {
      throw notFound(request); // malformed %-escape: no such file
    }
    if (isApiPath(pathname)) throw notFound(request);
    if (pathname === '/' || pathname === '/index.html') return sendIndex(reply);

    // A top-level built file (sw.js, manifest, icons): resolved inside dist only, no dotfiles.
    if (built) {
      const rel = path.normalize(pathname).replace(/^([/\\])+/, '');
      const full = path.join(dist, rel);
      const inside = full.startsWith(dist + path.sep) && !rel.split(/[/\\]/).some((s) => s.startsWith('.'));
      if (inside && !rel.startsWith('assets') && fs.existsSync(full) && fs.statSync(full).isFile()) {
        const cache = rel === 'sw.js' ? NO_CACHE : HOUR;
        if (rel.endsWith('.webmanifest')) reply.type('application/manifest+json');
        return reply.header('cache-control', cache).sendFile(rel, dist, { cacheControl: false });
      }
    }

    const accept = request.headers.accept ?? '';
    if (accept.includes('text/html')) return sendIndex(reply);
    throw notFound(request);
  });
}
