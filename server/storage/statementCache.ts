import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Prepared-statement cache for embedded SQLite (what Kysely's SqliteDialect is handed as its database).
 *
 * Kysely's SQLite driver calls `prepare(sql)` for every query it runs; better-sqlite3 then parses and
 * plans the SQL again each time — for a wide `select *` that alone costs far more than running it.
 * Kysely renders the same builder chain to the same SQL text with `?` placeholders, so a cache keyed by
 * the SQL text lets the handful of statements an intake or a check-in batch runs be prepared once per
 * process. Bounded LRU (a Map keeps insertion order; a hit moves the entry to the end).
 *
 * Safety:
 * - A statement that is still iterating (`busy`, Kysely's streamQuery) is never handed out twice: the
 *   caller gets a fresh, uncached one.
 * - Schema changes (CREATE/ALTER/DROP, i.e. migrations) empty the cache, and are themselves not
 *   cached. SQLite re-prepares a statement whose schema changed anyway; emptying the cache also
 *   releases statements of dropped tables.
 * - Very long SQL (multi-row inserts of a whole batch, large IN lists) is rarely repeated verbatim and
 *   would only pin memory: prepared every time, as before.
 */
export interface StatementCacheStats {
  hits: number;
  misses: number;
  size: number;
}

const SCHEMA_CHANGE = /^\s*(create|alter|drop|vacuum|reindex)\b/i;

export class CachingSqliteDatabase implements SqliteDatabase {
  private readonly cache = new Map<string, BetterSqlite3.Statement>();
  private hits = 0;
  private misses = 0;

  constructor(
    readonly raw: BetterSqlite3.Database,
    private readonly maxEntries = 256,
    private readonly maxSqlLength = 4096,
  ) {}

  prepare(sql: string): SqliteStatement {
    const cached = this.cache.get(sql);
    if (cached && !cached.busy) {
      this.hits += 1;
      // Most recently used last: the first key is the one to evict.
      this.cache.delete(sql);
      this.cache.set(sql, cached);
      return cached;
    }
    this.misses += 1;
    if (SCHEMA_CHANGE.test(sql)) {
      this.cache.clear();
      return this.raw.prepare(sql);
    }
    const stmt = this.raw.prepare(sql);
    // A busy twin stays cached for its iterator's owner; this one is handed out uncached.
    if (cached || sql.length > this.maxSqlLength) return stmt;
    this.cache.set(sql, stmt);
    if (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    return stmt;
  }

  close(): void {
    this.cache.clear();
    this.raw.close();
  }

  stats(): StatementCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.cache.size };
  }
}
