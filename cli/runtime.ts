import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from '../server/config.ts';
import { openStorage, type Storage } from '../server/storage/db.ts';
import { migrateToLatest } from '../server/storage/migrate.ts';
import { AppError } from '../server/errors.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The package version, reported by /api/health and --version. */
export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Parse config from the environment or exit with a message naming each bad variable. */
export function configFromEnv(): Readonly<Config> {
  try {
    return loadConfig(process.env, packageVersion());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

/** Open and migrate the configured database (SQLite file in the data dir unless DATABASE_URL is set). */
export async function openConfiguredStorage(config: Readonly<Config>): Promise<Storage> {
  const storage = openStorage({
    databaseUrl: config.databaseUrl,
    sqliteFile: path.join(config.dataDir, 'wangge.sqlite'),
  });
  await migrateToLatest(storage.db);
  return storage;
}

/** Print an error for a person at a terminal and exit non-zero. */
export function fail(message: string, code = 1): never {
  console.error(`error: ${message}`);
  process.exit(code);
}

/**
 * Run a command's work against the configured database. The storage is closed however the work ends;
 * an AppError then becomes the message and exit code `onAppError` chooses (each command names its own options).
 */
export async function withConfiguredStorage(work: (storage: Storage) => Promise<void>, onAppError: (err: AppError) => never): Promise<void> {
  const storage = await openConfiguredStorage(configFromEnv());
  try {
    await work(storage);
  } catch (err) {
    await storage.close();
    if (err instanceof AppError) onAppError(err);
    throw err;
  }
  await storage.close();
}
