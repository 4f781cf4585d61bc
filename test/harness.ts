import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'node:test';
import { openStorage, type Storage } from '../server/storage/db.ts';
import { migrateToLatest } from '../server/storage/migrate.ts';
import { loadConfig, type Config } from '../server/config.ts';
import { createApp, type App } from '../server/app.ts';
import { slaPolicyOf, type AppContext } from '../server/context.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

/**
 * Which databases the storage and HTTP suites run on. scripts/test.mjs probes PostgreSQL once and
 * passes WANGGE_TEST_PG (a URL) or 'skip'; run directly, a test file probes nothing and uses
 * SQLite unless WANGGE_TEST_PG is set.
 */
const PG_ADMIN_URL = process.env['WANGGE_TEST_PG'] && process.env['WANGGE_TEST_PG'] !== 'skip' ? process.env['WANGGE_TEST_PG'] : null;
export const DATABASE_KINDS: DatabaseKind[] = PG_ADMIN_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** Register the same suite once per database, named so failures say which. */
export function forEachDatabase(name: string, suite: (kind: DatabaseKind) => void): void {
  for (const kind of DATABASE_KINDS) describe(`${name} [${kind}]`, () => suite(kind));
}

export interface TestStorage {
  storage: Storage;
  dataDir: string;
  databaseUrl: string | null;
  cleanup(): Promise<void>;
}

/** A fresh, migrated database: a temp SQLite file, or a new PostgreSQL database dropped afterwards. */
export async function createTestStorage(kind: DatabaseKind): Promise<TestStorage> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-test-'));
  if (kind === 'sqlite') {
    const storage = openStorage({ databaseUrl: null, sqliteFile: path.join(dataDir, 'wangge.sqlite') });
    await migrateToLatest(storage.db);
    return {
      storage,
      dataDir,
      databaseUrl: null,
      cleanup: async () => {
        await storage.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (!PG_ADMIN_URL) throw new Error('PostgreSQL tests requested but WANGGE_TEST_PG is not set');
  const name = `wangge_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const storage = openStorage({ databaseUrl: url.toString(), poolSize: 4 });
  await migrateToLatest(storage.db);
  return {
    storage,
    dataDir,
    databaseUrl: url.toString(),
    cleanup: async () => {
      await storage.close();
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestApp extends TestStorage {
  app: App;
  ctx: AppContext;
  config: Readonly<Config>;
  /** Move the app's clock (sessions, lockouts, deadlines). */
  clock: { now: Date; advanceMinutes(m: number): void };
}

/** A real app over a fresh database, with a controllable clock. Call close() in after(). */
export async function createTestApp(kind: DatabaseKind, env: Record<string, string> = {}): Promise<TestApp & { close(): Promise<void> }> {
  const ts = await createTestStorage(kind);
  const config = loadConfig({ WANGGE_DATA_DIR: ts.dataDir, LOG_LEVEL: 'silent', WANGGE_DEMO: 'off', ...env }, 'test');
  const clock = {
    now: new Date(),
    advanceMinutes(m: number) {
      this.now = new Date(this.now.getTime() + m * 60_000);
    },
  };
  const app = await createApp(config, { storage: ts.storage, now: () => clock.now });
  await app.ready();
  const ctx: AppContext = { config, storage: ts.storage, now: () => clock.now, slaPolicy: slaPolicyOf(config) };
  return {
    ...ts,
    app,
    ctx,
    config,
    clock,
    close: async () => {
      await app.close();
      await ts.cleanup();
    },
  };
}
