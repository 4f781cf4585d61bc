#!/usr/bin/env node
// Builds the web client (web/ → web/dist) with Vite. `--if-stale` skips the build when web/dist is
// newer than every source file, so `npm start` builds on first run and after edits, and is instant otherwise.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(root, 'web');
const distDir = path.join(webDir, 'dist');
const stamp = path.join(distDir, '.build-stamp');

/** Newest modification time (ms) under dir, skipping dist and node_modules. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    const m = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    if (m > newest) newest = m;
  }
  return newest;
}

/** True when web/dist is missing or older than the web sources or the installed packages. */
export function webIsStale() {
  if (!fs.existsSync(stamp) || !fs.existsSync(path.join(distDir, 'index.html'))) return true;
  const built = fs.statSync(stamp).mtimeMs;
  const lock = path.join(root, 'package-lock.json');
  const sources = Math.max(newestMtime(webDir), fs.existsSync(lock) ? fs.statSync(lock).mtimeMs : 0);
  return sources > built;
}

/** Build the client; resolves when web/dist is complete. */
export async function buildWeb({ quiet = false } = {}) {
  const { build } = await import('vite');
  const started = Date.now();
  await build({ configFile: path.join(webDir, 'vite.config.ts'), logLevel: quiet ? 'warn' : 'info' });
  fs.writeFileSync(stamp, new Date().toISOString() + '\n');
  if (!quiet) console.log(`web client built in ${((Date.now() - started) / 1000).toFixed(1)} s → ${path.relative(root, distDir)}`);
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const ifStale = process.argv.includes('--if-stale');
  const quiet = process.argv.includes('--quiet');
  if (ifStale && !webIsStale()) {
    if (!quiet) console.log('web client is up to date (web/dist)');
  } else {
    if (ifStale) console.log('building the web client (first run or sources changed)…');
    try {
      await buildWeb({ quiet });
    } catch (err) {
      console.error(`web client build failed: ${err instanceof Error ? err.message : err}`);
      process.exit(1);
    }
  }
}
