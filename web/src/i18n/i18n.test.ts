import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Every key in one language must exist in the other, and every literal t('key') in the source must
// exist in both. Dynamic keys (t(`levels.${x}`)) are checked by listing their families below.

const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.resolve(here, '..');
type Tree = { [k: string]: string | Tree };
const load = (f: string) => JSON.parse(fs.readFileSync(path.join(here, f), 'utf8')) as Tree;

/** Flatten nested JSON into dotted keys. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(full, out);
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

/** Literal keys passed to t(): t('a.b'), t("a.b"), also label: 'a.b' entries fed to t() through tables. */
export function usedKeys(code: string): string[] {
  const keys = new Set<string>();
  for (const m of code.matchAll(/\bt\(\s*['"]([\w.-]+)['"]/g)) keys.add(m[1]!);
  return [...keys];
}

/** All area files of one language (core.zh-CN.json, cases.zh-CN.json, …), flattened together; duplicate keys across areas are errors. */
function loadLanguage(lang: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of fs.readdirSync(here).filter((f) => f.endsWith(`.${lang}.json`)).sort()) {
    for (const [k, v] of flatten(load(file))) {
      assert.ok(!out.has(k), `translation key ${k} is defined twice (again in ${file})`);
      out.set(k, v);
    }
  }
  assert.ok(out.size > 0, `no ${lang} translation files found`);
  return out;
}

const zh = loadLanguage('zh-CN');
const en = loadLanguage('en');

test('zh-CN and en have the same keys', () => {
  const onlyZh = [...zh.keys()].filter((k) => !en.has(k));
  const onlyEn = [...en.keys()].filter((k) => !zh.has(k));
  assert.deepEqual(onlyZh, [], `keys missing in the en files: ${onlyZh.join(', ')}`);
  assert.deepEqual(onlyEn, [], `keys missing in the zh-CN files: ${onlyEn.join(', ')}`);
});

test('no translation is empty', () => {
  for (const [lang, map] of [['zh-CN', zh], ['en', en]] as const) {
    const empty = [...map].filter(([, v]) => v.trim() === '').map(([k]) => k);
    assert.deepEqual(empty, [], `empty strings in ${lang}`);
  }
});

test('every t() key used in web/src exists in both languages', () => {
  const files = sourceFiles(src);
  assert.ok(files.length > 10, 'scanned the web sources');
  const missing: string[] = [];
  let count = 0;
  for (const f of files) {
    const code = fs.readFileSync(f, 'utf8');
    // Keys in tables that are passed to t() later (e.g. tab labels) are written as label: 'x.y'.
    const tableKeys = [...code.matchAll(/\blabel:\s*'((?:field|console|public|admin)\.[\w.]+)'/g)].map((m) => m[1]!);
    for (const key of [...usedKeys(code), ...tableKeys]) {
      count++;
      if (!zh.has(key) || !en.has(key)) missing.push(`${key} (${path.relative(src, f)})`);
    }
  }
  assert.ok(count > 50, `found ${count} keys in use`);
  assert.deepEqual(missing, [], `keys used but not translated: ${missing.join(', ')}`);
});

test('dynamic key families are complete: every territory level and known error code', () => {
  for (const level of ['province', 'city', 'county', 'street', 'community', 'grid']) {
    assert.ok(zh.has(`levels.${level}`) && en.has(`levels.${level}`), `levels.${level}`);
  }
  for (const code of ['INVALID_CREDENTIALS', 'LOCKED_OUT', 'RATE_LIMITED', 'NETWORK', 'VALIDATION_FAILED']) {
    assert.ok(zh.has(`errors.${code}`), `errors.${code}`);
  }
  assert.equal(zh.get('errors.INVALID_CREDENTIALS'), '用户名或密码错误');
  assert.equal(zh.get('errors.LOCKED_OUT'), '登录失败次数过多，请稍后再试');
});

test('the key scanner finds what it should (guards the guard)', () => {
  assert.deepEqual(usedKeys(`t('a.b'); t("c.d", { n: 1 }); x.t('e'); const y = t(\`dyn.\${z}\`); format('no.key')`).sort(), ['a.b', 'c.d', 'e']);
});
