import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { demoPasswordFile, discardNewDemoPassword, generateDemoPassword, resolveDemoPassword } from './demoPassword.ts';

// Issue #12 finding 9: the demo password was the published constant demo1234 on every install.
describe('demo password: random per data dir, kept 0600, or WANGGE_DEMO_PASSWORD', () => {
  let base: string;
  let previousUmask: number;
  before(() => {
    previousUmask = process.umask(0o022);
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-demo-pw-'));
  });
  after(() => {
    process.umask(previousUmask);
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('makes 12 readable characters in three groups, different every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const p = generateDemoPassword();
      // No 0/o, 1/l/i: read off a terminal and typed on a phone without guessing.
      assert.match(p, /^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);
      seen.add(p);
    }
    assert.equal(seen.size, 50);
  });

  it('writes a new password 0600 into a new 0700 data dir, and gives the same one on the next start', () => {
    const dataDir = path.join(base, 'a', 'data');
    const first = resolveDemoPassword({ dataDir, explicit: null });
    assert.equal(first.source, 'new');
    assert.equal(first.file, demoPasswordFile(dataDir));
    assert.equal(fs.statSync(first.file!).mode & 0o777, 0o600);
    assert.equal(fs.statSync(dataDir).mode & 0o777, 0o700);
    const again = resolveDemoPassword({ dataDir, explicit: null });
    assert.deepEqual(again, { password: first.password, source: 'file', file: first.file });
    const elsewhere = resolveDemoPassword({ dataDir: path.join(base, 'b'), explicit: null });
    assert.notEqual(elsewhere.password, first.password, 'each install has its own');
  });

  it('uses WANGGE_DEMO_PASSWORD as given and writes no file', () => {
    const dataDir = path.join(base, 'explicit');
    assert.deepEqual(resolveDemoPassword({ dataDir, explicit: 'scripted-demo' }), { password: 'scripted-demo', source: 'env', file: null });
    assert.equal(fs.existsSync(demoPasswordFile(dataDir)), false);
  });

  it('forgets a password made for a demo another process built, but never one read from the file', () => {
    const dataDir = path.join(base, 'raced');
    const made = resolveDemoPassword({ dataDir, explicit: null });
    discardNewDemoPassword(made);
    assert.equal(fs.existsSync(made.file!), false);
    const kept = resolveDemoPassword({ dataDir, explicit: null });
    discardNewDemoPassword(resolveDemoPassword({ dataDir, explicit: null }));
    assert.equal(fs.readFileSync(kept.file!, 'utf8').trim(), kept.password);
  });
});
