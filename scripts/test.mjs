#!/usr/bin/env node
// The one test command (`npm test`): unit, storage and HTTP suites on SQLite and — when reachable —
// PostgreSQL, then end-to-end suites in Chromium when it is installed. Prints clearly what was skipped.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const ci = process.env.CI === 'true';
const pgUrl = process.env.WANGGE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function probePostgres() {
  if (process.env.WANGGE_TEST_PG === 'skip') return { ok: false, why: 'WANGGE_TEST_PG=skip' };
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return { ok: true };
  } catch (err) {
    return { ok: false, why: err.message };
  } finally {
    await client.end().catch(() => {});
  }
}

function findTests(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, out);
    else if (/\.test\.tsx?$/.test(entry.name)) out.push(path.relative(root, full));
  }
  return out;
}

const filter = process.argv.slice(2);
const pgState = await probePostgres();
if (!pgState.ok && ci) {
  console.error(`PostgreSQL is required in CI but not reachable at ${pgUrl}: ${pgState.why}`);
  process.exit(1);
}
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
if (!chromium && ci) {
  console.error('Chromium is required in CI for the end-to-end tests but /usr/bin/chromium is missing');
  process.exit(1);
}

let files = ['server', 'shared', 'cli', 'web', 'test', 'bench']
  .filter((d) => fs.existsSync(path.join(root, d)))
  .flatMap((d) => findTests(path.join(root, d)))
  .sort();
if (!chromium) files = files.filter((f) => !f.startsWith('test/e2e/'));
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));

console.log(`wangge tests: ${files.length} files`);
console.log(`  SQLite:     yes`);
console.log(`  PostgreSQL: ${pgState.ok ? `yes (${pgUrl})` : `SKIPPED — not reachable (${pgState.why}); storage and HTTP suites ran on SQLite only`}`);
console.log(`  Chromium:   ${chromium ? `yes (${chromium})` : 'SKIPPED — not installed; end-to-end tests not run (apt-get install -y chromium fonts-wqy-microhei)'}`);

const env = { ...process.env, WANGGE_TEST_PG: pgState.ok ? pgUrl : 'skip', WANGGE_CHROMIUM: chromium ?? '' };
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-force-exit', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env, cwd: root },
);
if (!pgState.ok) console.log('\nNOTE: PostgreSQL was skipped; CI runs both databases.');
if (!chromium) console.log('NOTE: Chromium was skipped; CI runs the end-to-end tests.');
process.exit(result.status ?? 1);
