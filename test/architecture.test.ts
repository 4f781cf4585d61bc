import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The import rules of docs/ARCHITECTURE.md, checked on the source text: arrows run downward
// (web → shared, server → shared, never back), modules meet through use cases and lookups rather than
// each other's repositories, no circle between server folders or modules, and the browser never loads
// zod (wire types cross into web/ as types only).

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(full, out);
    else if (/\.tsx?$/.test(e.name)) out.push(full);
  }
  return out;
}

/** Relative imports and re-exports of a file (static and dynamic), resolved to repo-relative paths. */
export function importsOf(file: string, code: string): Import[] {
  const out: Import[] = [];
  const rel = (spec: string) => path.relative(root, path.resolve(path.dirname(file), spec));
  for (const m of code.matchAll(/(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.[^'"]+)['"]/g)) {
    out.push({ from: path.relative(root, file), to: rel(m[2]!), typeOnly: Boolean(m[1]) });
  }
  for (const m of code.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) out.push({ from: path.relative(root, file), to: rel(m[1]!), typeOnly: false });
  return out;
}

const files = ['server', 'shared', 'web/src', 'cli', 'bench', 'test'].flatMap((d) => sourceFiles(path.join(root, d)));
const code = new Map(files.map((f) => [path.relative(root, f), fs.readFileSync(f, 'utf8')]));
const imports = files.flatMap((f) => importsOf(f, code.get(path.relative(root, f))!));
const isTest = (f: string) => /\.test\.tsx?$/.test(f) || f.startsWith('test/') || f.endsWith('TestKit.ts');
const production = imports.filter((i) => !isTest(i.from));

/**
 * The unit an arrow is drawn between: a server module, another server folder, or a file directly in
 * server/ (app.ts composes everything from the top; errors.ts, context.ts and config.ts sit at the bottom).
 */
function unitOf(file: string): string {
  const mod = /^server\/modules\/([^/]+)\//.exec(file);
  if (mod) return `modules/${mod[1]}`;
  const srv = /^server\/([^/]+)\//.exec(file);
  if (srv) return `server/${srv[1]}`;
  return file;
}

describe('architecture: imports run downward', () => {
  test('the parser sees imports, type-only imports, re-exports and dynamic imports', () => {
    const found = importsOf(path.join(root, 'web/src/x/a.ts'), "import { a } from './b.ts';\nimport type { T } from '../../../shared/c/wire.ts';\nexport { d } from './d.ts';\nconst P = lazy(() => import('./e.tsx'));");
    assert.deepEqual(
      found.map((i) => [i.to, i.typeOnly]),
      [
        ['web/src/x/b.ts', false],
        ['shared/c/wire.ts', true],
        ['web/src/x/d.ts', false],
        ['web/src/x/e.tsx', false],
      ],
    );
  });

  test('shared/ imports nothing from server, web or cli; server nothing from web or cli; web nothing from server or cli', () => {
    const bad = production.filter(
      (i) =>
        (i.from.startsWith('shared/') && /^(server|web|cli)\//.test(i.to)) ||
        (i.from.startsWith('server/') && /^(web|cli)\//.test(i.to)) ||
        (i.from.startsWith('web/') && /^(server|cli)\//.test(i.to)),
    );
    assert.deepEqual(bad.map((i) => `${i.from} → ${i.to}`), []);
  });

  test('no module imports another module’s repository (it uses that module’s use cases or lookups.ts)', () => {
    const bad = production.filter((i) => {
      const a = /^server\/modules\/([^/]+)\//.exec(i.from)?.[1];
      const b = /^server\/modules\/([^/]+)\/[^/]*\.repository\.ts$/.exec(i.to)?.[1];
      return a && b && a !== b;
    });
    assert.deepEqual(bad.map((i) => `${i.from} → ${i.to}`), []);
  });

  test('no circle between server folders and modules at run time', () => {
    const edges = new Map<string, Set<string>>();
    for (const i of production) {
      if (i.typeOnly || !i.from.startsWith('server/') || !i.to.startsWith('server/')) continue;
      const a = unitOf(i.from);
      const b = unitOf(i.to);
      if (a !== b) (edges.get(a) ?? edges.set(a, new Set()).get(a)!).add(b);
    }
    // Depth-first search for a back edge; report the circle it closes.
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const circles: string[] = [];
    const visit = (v: string) => {
      state.set(v, 'open');
      stack.push(v);
      for (const w of edges.get(v) ?? []) {
        if (state.get(w) === 'open') circles.push([...stack.slice(stack.indexOf(w)), w].join(' → '));
        else if (!state.has(w)) visit(w);
      }
      stack.pop();
      state.set(v, 'done');
    };
    for (const v of edges.keys()) if (!state.has(v)) visit(v);
    assert.ok(edges.size > 10, 'the server import graph was not read');
    assert.deepEqual(circles, []);
  });

  test('the browser never loads zod: web/ reaches shared wire files by type-only imports', () => {
    // Every shared file the web client loads at run time, followed transitively through shared/.
    const runtime = new Set<string>();
    const queue = production.filter((i) => i.from.startsWith('web/') && !i.typeOnly && i.to.startsWith('shared/')).map((i) => i.to);
    while (queue.length) {
      const f = queue.pop()!;
      if (runtime.has(f)) continue;
      runtime.add(f);
      for (const i of production) if (i.from === f && !i.typeOnly && i.to.startsWith('shared/')) queue.push(i.to);
    }
    assert.ok(runtime.size > 0, 'web/ loads no shared code at all: the scan is broken');
    const withZod = [...runtime].filter((f) => /from ['"]zod['"]/.test(code.get(f) ?? ''));
    assert.deepEqual(withZod, []);
  });
});
