import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { openStorage } from '../../server/storage/db.ts';
import { verifyPassword } from '../../server/modules/people/password.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Start `wangge serve` as `npm start` does, on a free port chosen by the OS, until its output matches
 * `ready`; then stop it and return everything it printed. The deadline only guards against a hang.
 */
async function serveUntil(dataDir: string, env: Record<string, string>, ready: RegExp): Promise<string> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, WANGGE_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env };
  for (const name of ['DATABASE_URL', 'NODE_ENV', 'WANGGE_DEMO', 'WANGGE_DEMO_PASSWORD']) if (!(name in env)) delete childEnv[name];
  const child = spawn(process.execPath, [path.join(root, 'cli', 'bin.mjs'), 'serve'], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`serve did not print ${ready} within 120 s:\n${out}`)), 120_000);
      const onData = (d: Buffer) => {
        out += d.toString();
        if (ready.test(out)) {
          clearTimeout(deadline);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(deadline);
        reject(new Error(`serve exited with ${code}:\n${out}`));
      });
    });
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return out;
}

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

// Issue #12 finding 9 / Deliver 7: no known credentials. SQLite only (the server runs on the data dir's file).
describe('wangge serve: demo password per install, production without demo, setup hint', () => {
  let base: string;
  before(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-serve-'));
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  it('builds the demo with a random password, prints it with the logins, keeps it 0600 in the data dir, and reuses it', async () => {
    const dataDir = path.join(base, 'demo');
    const first = await serveUntil(dataDir, { WANGGE_DEMO: 'city' }, /Demo logins[^\n]*\n(.*\n){8}/);
    const printed = /Demo logins \(password for all: (\S+) {2}— kept in (\S+)\):/.exec(first);
    assert.ok(printed, first);
    const [, password, file] = printed;
    assert.match(password!, /^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);
    assert.equal(file, path.join(dataDir, 'demo-password.txt'));
    assert.equal(fs.readFileSync(file!, 'utf8').trim(), password);
    assert.equal(modeOf(file!), 0o600);
    assert.equal(modeOf(dataDir), 0o700);
    assert.equal(modeOf(path.join(dataDir, 'wangge.sqlite')), 0o600);
    assert.doesNotMatch(first, /demo1234/);

    const second = await serveUntil(dataDir, { WANGGE_DEMO: 'city' }, /password is in \S+demo-password\.txt/);
    assert.doesNotMatch(second, /Empty database/);
    assert.doesNotMatch(second, new RegExp(password!), 'later starts point to the file rather than print the password again');
    assert.equal(fs.readFileSync(file!, 'utf8').trim(), password, 'the next start keeps the same password');

    const storage = openStorage({ databaseUrl: null, sqliteFile: path.join(dataDir, 'wangge.sqlite') });
    try {
      const admin = await storage.db.selectFrom('users').select('password_hash').where('username', '=', 'admin').executeTakeFirstOrThrow();
      assert.equal(await verifyPassword(password!, admin.password_hash), true);
      assert.equal(await verifyPassword('demo1234', admin.password_hash), false, 'the published password opens nothing');
    } finally {
      await storage.close();
    }
  });

  it('with NODE_ENV=production builds no demo and says how to set up the first administrator', async () => {
    const dataDir = path.join(base, 'prod');
    const out = await serveUntil(dataDir, { NODE_ENV: 'production' }, /npx wangge setup/);
    assert.match(out, /No administrator yet/);
    assert.match(out, /npx wangge import territory/);
    assert.doesNotMatch(out, /Demo logins|Empty database: building/);
    assert.equal(fs.existsSync(path.join(dataDir, 'demo-password.txt')), false);
    const storage = openStorage({ databaseUrl: null, sqliteFile: path.join(dataDir, 'wangge.sqlite') });
    try {
      const users = await storage.db.selectFrom('users').select('id').execute();
      const nodes = await storage.db.selectFrom('territory_nodes').select('code').execute();
      assert.deepEqual([users.length, nodes.length], [0, 0]);
    } finally {
      await storage.close();
    }
  });
});
