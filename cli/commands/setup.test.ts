import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../server/app.ts';
import type { TestStorage } from '../../test/harness.ts';
import { seedSmallCity } from '../../test/factories.ts';
import { loginAs } from '../../test/auth.ts';
import { runWangge as wangge, startCliTestApp } from '../../test/cli.ts';

// Issue #12 finding 9 / Deliver 7: a database without the demo has no account; `wangge setup` makes the
// first administrator, once. The CLI opens the SQLite file in WANGGE_DATA_DIR itself, so this suite is
// SQLite-only; the use case's queries are portable Kysely.
describe('wangge setup (command line, SQLite file)', () => {
  let ts: TestStorage;
  let app: App;

  before(async () => {
    ({ ts, app } = await startCliTestApp());
  });
  after(async () => {
    await app.close();
    await ts.cleanup();
  });

  it('says to import territory first when there is none', async () => {
    const run = await wangge(ts.dataDir, 'setup', '--username', 'chief', '--password', 'first-admin-pass', '--scope', '3201');
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /--scope: there is no territory yet: import your divisions and grids first \(`wangge import territory FILE`\)/);
  });

  it('asks for what is missing, or without a terminal names the option', async () => {
    await seedSmallCity(ts.storage.db);
    const run = await wangge(ts.dataDir, 'setup', '--password', 'first-admin-pass', '--scope', '3201');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--username: is required \(or run `wangge setup` in a terminal to be asked\)/);
    const short = await wangge(ts.dataDir, 'setup', '--username', 'chief', '--password', 'short', '--scope', '3201');
    assert.equal(short.code, 2);
    assert.match(short.stderr, /--password: password must be at least 10 characters/);
  });

  it('creates the first administrator over the given scope, audited, who can then log in; refuses a second time', async () => {
    const run = await wangge(ts.dataDir, 'setup', '--username', 'chief', '--password', 'first-admin-pass', '--scope', '3201', '--name', '王主任');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /created administrator chief \(王主任\) over 3201 南京市/);

    const cookie = await loginAs(app, 'chief', 'first-admin-pass');
    const me = (await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).json();
    assert.deepEqual(me.roles.map((r: { role: string; scopeCode: string }) => [r.role, r.scopeCode]), [['admin', '3201']]);
    const audit = await ts.storage.db.selectFrom('audit_log').selectAll().where('action', '=', 'people.create').executeTakeFirstOrThrow();
    assert.match(audit.actor_label, /setup/);
    assert.match(audit.actor_label, /cli/);
    assert.equal(JSON.parse(audit.after_json!).role, 'admin');
    assert.ok(!`${audit.after_json}`.includes('first-admin-pass'), 'the password never reaches the audit log');

    const again = await wangge(ts.dataDir, 'setup', '--username', 'second', '--password', 'second-admin-pass', '--scope', '32');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /an administrator already exists/);
    const count = await ts.storage.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);
  });
});
