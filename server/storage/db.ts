import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import type { Database } from './schema.ts';
import { GroupCommitter } from './groupCommit.ts';
import { ensurePrivateDir, PRIVATE_FILE_MODE, tightenFileMode } from './privateFiles.ts';
import { CachingSqliteDatabase } from './statementCache.ts';

export type DB = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Either a database handle or a transaction: what repositories accept. */
export type Executor = Kysely<Database> | Transaction<Database>;

/**
 * What storage can do. Domain code asks these questions, never "which database is this?".
 */
export interface Capabilities {
  /** Several server processes may share this database (jobs must coordinate through it). */
  multiProcess: boolean;
  /** LISTEN/NOTIFY is available to fan live events out across processes. */
  listenNotify: boolean;
  /** SELECT … FOR UPDATE row locks exist (SQLite serialises writers instead). */
  rowLocks: boolean;
  /** Largest number of bound parameters in one statement. */
  maxParameters: number;
  /**
   * One writer at a time and commits share fsyncs through group commit (storage.transaction); an
   * Idempotency-Key reservation can then live in the same transaction as the work it guards.
   */
  singleWriter: boolean;
}

export interface Storage {
  db: DB;
  /** Name reported by /api/health; not for branching in domain code. */
  kind: 'sqlite' | 'postgres';
  capabilities: Capabilities;
  /** For PostgreSQL: the raw pool (LISTEN/NOTIFY, pg-boss); null on SQLite. */
  pgPool: pg.Pool | null;
  /**
   * Run a unit of work atomically: it commits with its audit entries or not at all. On SQLite units
   * arriving together share one durable commit (GroupCommitter); on PostgreSQL each is a transaction.
   */
  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
  /** SQLite only: durable commits made by group commit and the units they carried (for benchmarks). */
  commitStats?(): { commits: number; units: number };
  close(): Promise<void>;
}

// int8 (count(*), bigint) and numeric come back as strings from pg; timestamptz as Date.
// Parsers live on the pool, never globally (a global parser once leaked into other pg users).
const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const PG_TIMESTAMPTZ = 1184;
const PG_TIMESTAMP = 1114;

/** '2026-11-27 05:00:00.123+00' (PostgreSQL text output) → '2026-11-27T05:00:00.123Z'. */
export function parsePgTimestamptz(value: string): string {
  const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return new Date(iso).toISOString();
}

function pgTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) => {
      if (oid === PG_INT8 || oid === PG_NUMERIC) return (v: string) => Number(v);
      if (oid === PG_TIMESTAMPTZ) return parsePgTimestamptz;
      if (oid === PG_TIMESTAMP) return (v: string) => parsePgTimestamptz(`${v}+00`);
      return pg.types.getTypeParser(oid, format as 'text');
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

export interface OpenOptions {
  /** postgres://… or null for SQLite. */
  databaseUrl: string | null;
  /** SQLite file path (used when databaseUrl is null). ':memory:' allowed in tests. */
  sqliteFile?: string;
  poolSize?: number;
}

/** Open storage for either dialect with the settings each needs to be safe. */
export function openStorage(opts: OpenOptions): Storage {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      // UTC sessions: now() and timestamptz text output agree with the ISO strings the app writes.
      options: '-c TimeZone=UTC',
      types: pgTypes(),
    });
    // An idle client that errors (server restart) must not crash the process.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      capabilities: { multiProcess: true, listenNotify: true, rowLocks: true, maxParameters: 65535, singleWriter: false },
      pgPool: pool,
      transaction: (fn) => db.transaction().execute(fn),
      close: () => db.destroy(),
    };
  }
  const file = opts.sqliteFile ?? ':memory:';
  if (file !== ':memory:') {
    ensurePrivateDir(path.dirname(file));
    // SQLite creates a new database 0644 and gives its -wal and -shm files the database file's mode:
    // creating the (empty) file 0600 first makes all three private; older installs' files are narrowed.
    fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
    for (const f of [file, `${file}-wal`, `${file}-shm`]) tightenFileMode(f);
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit that returned is on disk even after power loss — cases and audit must not vanish.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Statements are prepared once per SQL text and reused (Kysely's driver would prepare every query anew).
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new CachingSqliteDatabase(sqlite) }) });
  const committer = new GroupCommitter(db);
  return {
    db,
    kind: 'sqlite',
    capabilities: { multiProcess: false, listenNotify: false, rowLocks: false, maxParameters: 32766, singleWriter: true },
    pgPool: null,
    transaction: (fn) => committer.run(fn),
    commitStats: () => ({ ...committer.stats }),
    close: () => db.destroy(),
  };
}
