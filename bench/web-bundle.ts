import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchResult } from './types.ts';

/**
 * web-bundle: the JavaScript a grid worker's phone downloads before 网格通 can show anything —
 * the entry chunk, the field face chunk and every chunk they import statically — in KB gzip
 * (level 9, as a server or CDN would send it). Baseline: every JS chunk of the whole client.
 * Builds web/dist first when it is missing or stale.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'web', 'dist');
const FIELD_ENTRY = 'src/field/FieldApp.tsx';

type ManifestChunk = { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] };

const kbGzip = (file: string) => gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length / 1024;

/** The chunk keys loaded for `start` through static imports (what the browser fetches at once). */
function staticClosure(manifest: Record<string, ManifestChunk>, start: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length) {
    const key = stack.pop()!;
    if (seen.has(key)) continue;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`chunk ${key} missing from the Vite manifest`);
    seen.add(key);
    stack.push(...(chunk.imports ?? []));
  }
  return seen;
}

export const webBundle: Benchmark = {
  name: 'web-bundle',
  async run(): Promise<BenchResult> {
    const build = (await import(path.join(root, 'scripts', 'build-web.mjs'))) as { webIsStale(): boolean; buildWeb(o: { quiet: boolean }): Promise<void> };
    if (build.webIsStale()) {
      console.log('building web/dist…');
      await build.buildWeb({ quiet: true });
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
    const entries = Object.keys(manifest).filter((k) => manifest[k]!.isEntry);
    if (!manifest[FIELD_ENTRY]) throw new Error(`${FIELD_ENTRY} is not a chunk: is the field face still lazy-loaded?`);
    const fieldKeys = staticClosure(manifest, [...entries, FIELD_ENTRY]);
    const fieldFiles = [...new Set([...fieldKeys].map((k) => manifest[k]!.file))].filter((f) => f.endsWith('.js'));
    const fieldKb = fieldFiles.reduce((s, f) => s + kbGzip(f), 0);

    const allJs = fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'));
    const allKb = allJs.reduce((s, f) => s + kbGzip(path.join('assets', f)), 0);
    const consoleKeys = manifest['src/console/ConsoleApp.tsx'] ? staticClosure(manifest, [...entries, 'src/console/ConsoleApp.tsx']) : new Set<string>();
    const consoleKb = [...consoleKeys].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js')).reduce((s, f) => s + kbGzip(f), 0);

    console.log(`field face initial JS: ${fieldKb.toFixed(1)} KB gzip in ${fieldFiles.length} files (target ≤ 350)`);
    console.log(`console face initial JS: ${consoleKb.toFixed(1)} KB gzip; whole client: ${allKb.toFixed(1)} KB gzip in ${allJs.length} files`);
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      value: round(fieldKb),
      unit: 'KB gzip',
      baseline: 'all JavaScript of the web client (every face)',
      baseline_value: round(allKb),
      ratio: Math.round((fieldKb / allKb) * 1000) / 1000,
      extra: { target_kb: 350, within_target: fieldKb <= 350, field_files: fieldFiles.length, console_initial_kb: round(consoleKb), all_files: allJs.length },
    };
  },
};
