import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import path from 'node:path';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to embedded SQLite in ./data on port 3000', () => {
    const c = loadConfig({});
    assert.equal(c.databaseUrl, null);
    assert.equal(c.dataDir, path.resolve('./data'));
    assert.equal(c.port, 3000);
    assert.equal(c.sessionIdleMinutes, 30);
    assert.ok(Object.isFrozen(c));
  });

  it('accepts a PostgreSQL URL', () => {
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).databaseUrl, 'postgres://u@h/db');
  });

  it('lists every bad variable at once, by name', () => {
    assert.throws(
      () => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        const names = err.problems.map((p) => p.split(':')[0]).sort();
        assert.deepEqual(names, ['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
        assert.match(err.message, /PORT: must be a whole number/);
        return true;
      },
    );
  });

  it('reads the absolute session lifetime and the roles that must use two-step verification', () => {
    const d = loadConfig({});
    assert.equal(d.sessionMaxHours, 12);
    assert.deepEqual(d.requireTwoFactorRoles, []);
    const c = loadConfig({ WANGGE_SESSION_MAX_HOURS: '8', WANGGE_REQUIRE_2FA: 'admin, leader' });
    assert.equal(c.sessionMaxHours, 8);
    assert.deepEqual(c.requireTwoFactorRoles, ['admin', 'leader']);
    assert.throws(() => loadConfig({ WANGGE_SESSION_MAX_HOURS: '0' }), /WANGGE_SESSION_MAX_HOURS: must be a whole number from 1 to 720/);
    assert.throws(() => loadConfig({ WANGGE_REQUIRE_2FA: 'admin,king' }), /WANGGE_REQUIRE_2FA: must be 'off' or a comma-separated list of roles/);
  });

  it('refuses a port out of range', () => {
    assert.throws(() => loadConfig({ PORT: '70000' }), /PORT/);
  });
});
