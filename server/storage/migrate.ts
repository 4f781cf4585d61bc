import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { DB } from './db.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const NAME = /^\d{8}T\d{4}_[a-z0-9_]+\.ts$/;

/** Loads timestamp-named migration files (YYYYMMDDTHHMM_name.ts); helpers start with '_'. */
class FolderProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const file of fs.readdirSync(MIGRATIONS_DIR).sort()) {
      if (file.startsWith('_')) continue;
      if (!NAME.test(file)) throw new Error(`migration file name ${file} is not YYYYMMDDTHHMM_name.ts`);
      const mod = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href)) as Migration;
      out[file.replace(/\.ts$/, '')] = mod;
    }
    return out;
  }
}

export class MigrationMismatchError extends Error {}

/**
 * Apply pending migrations under Kysely's lock (advisory lock on PostgreSQL, lock table on SQLite),
 * so several processes starting together migrate once. Refuses when an applied migration's file is
 * missing or files were inserted before applied ones: the code and the database disagree.
 */
export async function migrateToLatest(db: DB): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new FolderProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new MigrationMismatchError(`database migrations and migration files disagree: ${message}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
