import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Emits dist/sw.js from the hand-written web/sw.js, with the list of built files to precache and a
 * version derived from them, so a new build installs a new cache and drops the old one.
 */
function serviceWorker(): Plugin {
  return {
    name: 'wangge-service-worker',
    apply: 'build',
    // After Vite's own generateBundle hooks: they delete pure-CSS chunks (a .css imported by two lazy
    // pages), which must not be listed, or the precache (cache.addAll) fails and the worker never installs.
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((f) => /\.(js|css|svg|png|woff2?)$/.test(f) && !f.endsWith('.map'))
        .map((f) => `/${f}`)
        .sort();
      const shell = ['/', '/manifest.webmanifest', '/icons/icon.svg', '/icons/icon-192.png', '/icons/icon-512.png'];
      const precache = [...shell, ...files];
      const version = createHash('sha256').update(precache.join('\n')).digest('hex').slice(0, 12);
      const template = fs.readFileSync(path.join(here, 'sw.js'), 'utf8');
      const source = template
        .replace('__PRECACHE__', JSON.stringify(precache))
        .replace('__VERSION__', JSON.stringify(version));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), serviceWorker()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npx vite web` for UI work: the API runs separately on :3000 (`npm start`).
    proxy: { '/api': 'http://127.0.0.1:3000', '/open311': 'http://127.0.0.1:3000' },
  },
});
