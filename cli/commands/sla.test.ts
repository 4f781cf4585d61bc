import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `node cli/bin.mjs ...args` as a child process (in a western time zone, to prove it does not matter). */
function wangge(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['cli/bin.mjs', ...args],
      { cwd: root, env: { ...process.env, TZ: 'America/Los_Angeles' }, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('wangge sla due', () => {
  // The CLI boots slowly on a busy machine; run the independent invocations side by side.
  const runs = Promise.all([
    wangge('sla', 'due', '--from', '2019-09-30T16:00:00+08:00', '--limit', '4wh'),
    wangge('sla', 'due', '--from', '2026-02-13T10:00:00+08:00', '--limit', '1wd'),
    wangge('sla', 'due', '--from', '2026-03-02T23:00:00+08:00', '--limit', '24h'),
    wangge('sla', 'due', '--from', '2026-12-30T10:00:00+08:00', '--limit', '3wd'),
    wangge('sla', 'due', '--from', 'next tuesday', '--limit', '4wh'),
    wangge('sla', 'due', '--from', '2026-03-02T10:00:00+08:00', '--limit', '4 days'),
    wangge('sla', 'due', '--limit', '4wh'),
  ]);

  it('prints the working-hours due time over the 2019 National Day as ISO-8601 with +08:00 on one line', async () => {
    const [run] = await runs;
    assert.deepEqual(run, { code: 0, stdout: '2019-10-08T11:00:00+08:00\n', stderr: '' });
  });

  it('counts the 2026 Spring Festival make-up Saturday as a working day', async () => {
    const run = (await runs)[1]!;
    assert.deepEqual(run, { code: 0, stdout: '2026-02-14T17:30:00+08:00\n', stderr: '' });
  });

  it('adds natural hours straight through the night', async () => {
    const run = (await runs)[2]!;
    assert.equal(run.stdout, '2026-03-03T23:00:00+08:00\n');
    assert.equal(run.code, 0);
  });

  it('still prints the due time but warns on stderr when the calendar does not know a year', async () => {
    const run = (await runs)[3]!;
    assert.equal(run.code, 0);
    assert.equal(run.stdout, '2027-01-04T17:30:00+08:00\n');
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /^warning: .*2027/);
  });

  it('exits 2 naming --from when the start time is bad', async () => {
    const run = (await runs)[4]!;
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /--from/);
  });

  it('exits 2 naming --limit when the limit is bad', async () => {
    const run = (await runs)[5]!;
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /--limit/);
  });

  it('exits 2 naming --from when it is missing', async () => {
    const run = (await runs)[6]!;
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--from is required/);
  });
});
