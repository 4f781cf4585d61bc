import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../app.ts';
import type { TestStorage } from '../../../test/harness.ts';
import { IN_A1, seedCaseWorld } from '../cases/caseTestKit.ts';
import { runWangge, startCliTestApp } from '../../../test/cli.ts';


const wangge = runWangge;

// The CLI opens the SQLite file in WANGGE_DATA_DIR itself, so this suite is SQLite-only; the HTTP
// suite (open311.http.test.ts) covers both databases.
describe('wangge open311 key (command line, SQLite file)', () => {
  let ts: TestStorage;
  let app: App;

  before(async () => {
    ({ ts, app } = await startCliTestApp(async (db) => {
      await seedCaseWorld(db);
    }));
  });
  after(async () => {
    await app.close();
    await ts.cleanup();
  });

  const post = (key: string) =>
    app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ api_key: key, service_code: '0102', lat: String(IN_A1.lat), long: String(IN_A1.lng), description: '路面有泥沙' }).toString(),
    });

  it('key create prints a working key as its last line; list shows it; revoke makes it fail with 403', async () => {
    const created = await wangge(ts.dataDir, 'open311', 'key', 'create', '--name', '市民热线');
    assert.equal(created.code, 0, created.stderr);
    const lines = created.stdout.trim().split('\n');
    const key = lines[lines.length - 1]!;
    assert.match(key, /^o311_[A-Za-z0-9_-]{43}$/);
    const id = /id=([0-9a-f-]{36})/.exec(created.stdout)![1]!;

    const res = await post(key);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(typeof res.json()[0].service_request_id, 'string');

    const list = await wangge(ts.dataDir, 'open311', 'key', 'list');
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`${id}\\s+市民热线.*active`));
    assert.ok(!list.stdout.includes(key), 'list never shows the secret');

    const revoked = await wangge(ts.dataDir, 'open311', 'key', 'revoke', '--id', id);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal((await post(key)).statusCode, 403);

    const audit = await ts.storage.db.selectFrom('audit_log').select('action').where('record_id', '=', id).orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => a.action), ['open311.key.create', 'open311.key.revoke']);
  });

  it('refuses a missing --name or an unknown --id clearly', async () => {
    const noName = await wangge(ts.dataDir, 'open311', 'key', 'create');
    assert.equal(noName.code, 2);
    assert.match(noName.stderr, /--name: is required/);
    const unknown = await wangge(ts.dataDir, 'open311', 'key', 'revoke', '--id', '00000000-0000-7000-8000-000000000000');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /open311 key not found/);
  });
});
