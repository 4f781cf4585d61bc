import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import type { Executor } from '../server/storage/db.ts';
import { createTestStorage, type TestStorage } from './harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the real `wangge` CLI as an operator would, as a child process on the SQLite file in dataDir
 * (DATABASE_URL removed, so a PostgreSQL setting of the test run never leaks in). Resolves with the
 * exit code and both streams; never rejects, so tests can assert on failures.
 */
export function runWangge(dataDir: string, ...args: string[]): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, WANGGE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  delete env['DATABASE_URL'];
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'cli/bin.mjs'), ...args], { env, cwd: root }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/**
 * The app a CLI test checks the command's effects through: over a fresh SQLite file that
 * `runWangge(ts.dataDir, …)` opens too, on the real clock like the CLI. `seed` fills the database before
 * the app boots. Close with `app.close()` then `ts.cleanup()`.
 */
export async function startCliTestApp(seed: (db: Executor) => Promise<void> = async () => {}): Promise<{ ts: TestStorage; app: App }> {
  const ts = await createTestStorage('sqlite');
  await seed(ts.storage.db);
  const config = loadConfig({ WANGGE_DATA_DIR: ts.dataDir, LOG_LEVEL: 'silent', WANGGE_DEMO: 'off' }, 'test');
  const app = await createApp(config, { storage: ts.storage });
  await app.ready();
  return { ts, app };
}
