import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Executor, Storage } from '../server/storage/db.ts';

// Server code is imported inside the functions, not at the top: bench files are also forked as load
// generators (loadChild.ts), and a child that only sends requests must not load the server.

/** A migrated SQLite database in a fresh temporary data dir; `dispose` closes it and removes the dir. */
export async function openScratchSqlite(prefix: string): Promise<{ dataDir: string; storage: Storage; dispose(): Promise<void> }> {
  const { openStorage } = await import('../server/storage/db.ts');
  const { migrateToLatest } = await import('../server/storage/migrate.ts');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const storage = openStorage({ databaseUrl: null, sqliteFile: path.join(dataDir, 'wangge.sqlite') });
  const dispose = async () => {
    await storage.close().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await migrateToLatest(storage.db);
  } catch (err) {
    await dispose();
    throw err;
  }
  return { dataDir, storage, dispose };
}

/** A live session for a person, inserted directly (logging in would only measure scrypt); answers the cookie header. */
export async function insertSessionCookie(db: Executor, userId: string, nowIso: string): Promise<string> {
  const { sha256Hex } = await import('../server/modules/people/secrets.ts');
  const token = randomBytes(32).toString('base64url');
  await db.insertInto('sessions').values({ id: sha256Hex(token), user_id: userId, created_at: nowIso, last_seen_at: nowIso, source_ip: null, user_agent: null }).execute();
  return `wangge_session=${token}`;
}
