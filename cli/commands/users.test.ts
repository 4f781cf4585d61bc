import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../server/app.ts';
import type { TestStorage } from '../../test/harness.ts';
import { seedSmallCity } from '../../test/factories.ts';
import { loginAs } from '../../test/auth.ts';
import { runWangge as wangge, startCliTestApp } from '../../test/cli.ts';

// The CLI opens the SQLite file in WANGGE_DATA_DIR itself, so this suite is SQLite-only; the use
// cases it calls run on both databases in server/modules/people/people.test.ts.
describe('wangge users (command line, SQLite file)', () => {
  let ts: TestStorage;
  let app: App;
  let city: Awaited<ReturnType<typeof seedSmallCity>>;

  before(async () => {
    ({ ts, app } = await startCliTestApp(async (db) => {
      city = await seedSmallCity(db);
    }));
  });
  after(async () => {
    await app.close();
    await ts.cleanup();
  });

  it('users add creates a person who can then log in, with the role and scope given', async () => {
    const run = await wangge(ts.dataDir, 'users', 'add', '--username', 'cli_worker', '--password', 'cli-password-1', '--role', 'grid_worker', '--scope', city.gridA1, '--name', '陈网格', '--phone', '13811112222');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /created cli_worker \(陈网格\)/);
    const cookie = await loginAs(app, 'cli_worker', 'cli-password-1');
    const me = (await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).json();
    assert.equal(me.displayName, '陈网格');
    assert.equal(me.phone, '13811112222');
    assert.equal(me.roles[0].role, 'grid_worker');
    assert.equal(me.roles[0].scopeCode, city.gridA1);
    const audit = await ts.storage.db.selectFrom('audit_log').selectAll().where('action', '=', 'people.create').executeTakeFirstOrThrow();
    assert.match(audit.actor_label, /via cli/);
    assert.ok(!`${audit.after_json}`.includes('cli-password-1'));
  });

  it('rejects bad input with exit code 2 and a message naming the option', async () => {
    // A few representative cases (each is a child process); every rule is also walked over HTTP.
    const cases: [string[], RegExp][] = [
      [['--password', 'cli-password-1', '--role', 'grid_worker', '--scope', city.gridA1], /--username: is required/],
      [['--username', 'bad_role', '--password', 'cli-password-1', '--role', 'king', '--scope', city.gridA1], /--role: role must be one of/],
      [['--username', 'no_scope', '--password', 'cli-password-1', '--role', 'grid_worker', '--scope', '320106009009009'], /--scope: no territory node/],
    ];
    for (const [args, message] of cases) {
      const run = await wangge(ts.dataDir, 'users', 'add', ...args);
      assert.equal(run.code, 2, `${args.join(' ')} → ${run.stderr}`);
      assert.match(run.stderr, message);
    }
  });

  it('users list, token and disable: the token works over HTTP until the account is disabled', async () => {
    await wangge(ts.dataDir, 'users', 'add', '--username', 'cli_leader', '--password', 'cli-password-2', '--role', 'grid_leader', '--scope', city.gridB1);
    const list = await wangge(ts.dataDir, 'users', 'list', '--scope', city.streetB);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /cli_leader/);
    assert.doesNotMatch(list.stdout, /cli_worker/);

    const issued = await wangge(ts.dataDir, 'users', 'token', '--username', 'cli_leader', '--name', 'hotline');
    assert.equal(issued.code, 0, issued.stderr);
    const token = issued.stdout.trim().split('\n').at(-1)!;
    assert.match(token, /^wgt_/);
    const bearer = { authorization: `Bearer ${token}` };
    const me = await app.inject({ method: 'GET', url: '/api/me', headers: bearer });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().username, 'cli_leader');
    assert.equal((await wangge(ts.dataDir, 'users', 'token', '--username', 'cli_leader')).code, 2);

    const reset = await wangge(ts.dataDir, 'users', 'reset-password', '--username', 'cli_leader');
    assert.equal(reset.code, 0, reset.stderr);
    const temporary = reset.stdout.trim().split('\n').at(-1)!;
    const tempLogin = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'cli_leader', password: temporary } });
    assert.equal(tempLogin.statusCode, 200);
    const tempCookie = `wangge_session=${tempLogin.cookies.find((c) => c.name === 'wangge_session')!.value}`;
    assert.equal((await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: tempCookie } })).json().mustChangePassword, true);

    const disabled = await wangge(ts.dataDir, 'users', 'disable', '--username', 'cli_leader');
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.equal((await app.inject({ method: 'GET', url: '/api/me', headers: bearer })).statusCode, 401);
    const unknown = await wangge(ts.dataDir, 'users', 'disable', '--username', 'ghost');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--username: no account named ghost/);
  });
});
