import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { installErrorHandler } from '../../http/errorHandler.ts';
import type { AppContext } from '../../context.ts';
import { webRoutes } from './web.routes.ts';

// The web plugin does not touch the database, so it is tested over a fake web/dist on its own.
const ctx = {} as AppContext;

async function appOver(dist: string): Promise<FastifyInstance> {
  const app = Fastify();
  installErrorHandler(app);
  app.get('/api/health', async () => ({ ok: true }));
  await webRoutes(app, ctx, { distDir: dist });
  await app.ready();
  return app;
}

describe('web client routes', () => {
  let dist: string;
  let app: FastifyInstance;
  before(async () => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-web-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.mkdirSync(path.join(dist, 'icons'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>wangge</title><div id="root"></div>');
    fs.writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dist, 'sw.js'), 'self.x=1');
    fs.writeFileSync(path.join(dist, 'manifest.webmanifest'), '{"name":"网格通"}');
    fs.writeFileSync(path.join(dist, 'icons', 'icon.svg'), '<svg/>');
    fs.writeFileSync(path.join(dist, '.build-stamp'), 'x');
    app = await appOver(dist);
  });
  after(async () => {
    await app.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  test('/ serves index.html, never cached', async () => {
    const res = await app.inject({ url: '/', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.match(res.body, /id="root"/);
  });

  test('client routes fall back to index.html for HTML requests', async () => {
    for (const url of ['/console/map', '/field/grid', '/public/locate', '/login?next=x']) {
      const res = await app.inject({ url, headers: { accept: 'text/html,application/xhtml+xml' } });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /id="root"/, url);
    }
  });

  test('hashed assets are cached for a year and immutable', async () => {
    const res = await app.inject({ url: '/assets/index-abc123.js' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['cache-control'] as string, /max-age=31536000/);
    assert.match(res.headers['cache-control'] as string, /immutable/);
  });

  test('the service worker is never cached; the manifest has its media type', async () => {
    const sw = await app.inject({ url: '/sw.js' });
    assert.equal(sw.statusCode, 200);
    assert.equal(sw.headers['cache-control'], 'no-cache');
    const mf = await app.inject({ url: '/manifest.webmanifest' });
    assert.equal(mf.statusCode, 200);
    assert.match(mf.headers['content-type'] as string, /application\/manifest\+json/);
    const icon = await app.inject({ url: '/icons/icon.svg' });
    assert.equal(icon.statusCode, 200);
  });

  test('unknown API and Open311 paths answer a JSON 404, even when asking for HTML', async () => {
    for (const url of ['/api/nope', '/api', '/open311/v2/services.json']) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().error.code, 'NOT_FOUND', url);
    }
    assert.equal((await app.inject({ url: '/api/health' })).statusCode, 200);
  });

  test('missing files, dotfiles and paths outside dist are 404, not index.html', async () => {
    for (const url of ['/assets/nope.js', '/nope.png', '/.build-stamp', '/..%2f..%2fetc%2fpasswd', '/icons/../../package.json']) {
      const res = await app.inject({ url, headers: { accept: 'image/png' } });
      assert.equal(res.statusCode, 404, url);
    }
    // A malformed %-escape is refused by the router before us: a client error, never index.html or a 500.
    assert.equal((await app.inject({ url: '/%E0%A4%A', headers: { accept: 'text/html' } })).statusCode, 400);
  });

  test('without a build, pages explain how to build and the API still answers', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-web-empty-'));
    const bare = await appOver(empty);
    try {
      const res = await bare.inject({ url: '/console', headers: { accept: 'text/html' } });
      assert.equal(res.statusCode, 503);
      assert.match(res.body, /npm run build:web/);
      assert.equal((await bare.inject({ url: '/api/health' })).statusCode, 200);
    } finally {
      await bare.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
