import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// Wire shapes are declared once, as zod schemas in shared/<module>/wire.ts, and the web client imports
// their inferred types (issue #19). This guard reads the source: a web file that declares a type under the
// name of a wire type is re-mirroring a server answer by hand, and a value import of a wire file would pull
// zod into the browser bundle. (A hand copy under a new name still slips through — reviews catch those.)

const webSrc = fileURLToPath(new URL('..', import.meta.url));
const repo = join(webSrc, '..', '..');
const sharedDir = join(repo, 'shared');

/** Every .ts/.tsx file below dir, tests excluded. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** Exported type names of every shared/<module>/wire.ts, with the module that declares each. */
function wireTypeNames(): Map<string, string> {
  const names = new Map<string, string>();
  for (const mod of readdirSync(sharedDir, { withFileTypes: true })) {
    if (!mod.isDirectory()) continue;
    let text: string;
    try {
      text = readFileSync(join(sharedDir, mod.name, 'wire.ts'), 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(/^export (?:type|interface) (\w+)/gm)) names.set(m[1]!, `shared/${mod.name}/wire.ts`);
  }
  return names;
}

describe('web wire types come from shared/<module>/wire.ts', () => {
  const wire = wireTypeNames();
  const files = sourceFiles(webSrc);

  test('the wire files export types to check against', () => {
    // Sanity: a broken path would make the guard below pass vacuously.
    assert.ok(wire.size > 50, `only ${wire.size} wire types found under ${sharedDir}`);
    assert.equal(wire.get('CaseView'), 'shared/cases/wire.ts');
    assert.ok(files.length > 50, `only ${files.length} web files found under ${webSrc}`);
  });

  test('no web file declares a type named like a wire type', () => {
    const mirrors: string[] = [];
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        const m = /^\s*(?:export\s+)?(?:declare\s+)?(?:interface|type)\s+(\w+)/.exec(line);
        if (m && wire.has(m[1]!)) mirrors.push(`${relative(repo, file)}:${i + 1} declares ${m[1]} — import type { ${m[1]} } from '${wire.get(m[1]!)}'`);
      });
    }
    assert.deepEqual(mirrors, []);
  });

  test('wire files are imported type-only, so zod stays out of the browser bundle', () => {
    const valueImports: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']*\/shared\/[^']*\/wire\.ts)'/gm)) {
        if (!m[2]) valueImports.push(`${relative(repo, file)}: ${m[0].split('\n')[0]}`);
      }
    }
    assert.deepEqual(valueImports, []);
  });
});
