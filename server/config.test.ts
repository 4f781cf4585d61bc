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

  it('trusts no proxy by default and accepts a list of IPv4/IPv6 addresses and CIDRs', () => {
    assert.deepEqual(loadConfig({}).trustProxy, []);
    assert.deepEqual(loadConfig({ WANGGE_TRUST_PROXY: '' }).trustProxy, []);
    assert.deepEqual(loadConfig({ WANGGE_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback' }).trustProxy, ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
  });

  it('refuses a WANGGE_TRUST_PROXY entry that is not an address or CIDR, naming the variable and the entry', () => {
    for (const bad of ['true', '*', '10.0.0.0/33', '::1/129', 'proxy.example.com', '127.0.0.1,,', '300.1.1.1']) {
      assert.throws(
        () => loadConfig({ WANGGE_TRUST_PROXY: bad }),
        (err: unknown) => err instanceof ConfigError && /^WANGGE_TRUST_PROXY: must be a comma-separated list/.test(err.problems[0] ?? ''),
        bad,
      );
    }
    assert.throws(() => loadConfig({ WANGGE_TRUST_PROXY: '127.0.0.1,everyone' }), /not understood: "everyone"/);
  });

  it('builds no demo with NODE_ENV=production unless WANGGE_DEMO says so', () => {
    assert.equal(loadConfig({}).demoOnEmpty, true);
    const prod = loadConfig({ NODE_ENV: 'production' });
    assert.equal(prod.production, true);
    assert.equal(prod.demoOnEmpty, false);
    assert.equal(prod.demoActivity, false);
    assert.equal(loadConfig({ NODE_ENV: 'production', WANGGE_DEMO: 'city' }).demoOnEmpty, true);
    assert.equal(loadConfig({ NODE_ENV: 'production', WANGGE_DEMO: 'auto' }).demoActivity, true);
  });

  it('takes the demo password from WANGGE_DEMO_PASSWORD (at least 8 characters), else none (random per data dir)', () => {
    assert.equal(loadConfig({}).demoPassword, null);
    assert.equal(loadConfig({ WANGGE_DEMO_PASSWORD: 'scripted-demo' }).demoPassword, 'scripted-demo');
    assert.throws(() => loadConfig({ WANGGE_DEMO_PASSWORD: 'short' }), /WANGGE_DEMO_PASSWORD: must be at least 8 characters/);
  });
});
