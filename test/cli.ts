import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
