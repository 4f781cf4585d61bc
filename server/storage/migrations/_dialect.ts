import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * Column types that differ between the two dialects. Frozen with the migrations that use it:
 * never change an existing entry (that would silently change already-applied migrations); add new ones.
 */
export interface ColumnTypes {
  /** ISO-8601 UTC instant: timestamptz on PostgreSQL, text on SQLite. */
  timestamp: 'timestamptz' | 'text';
  /** 64-bit integer. */
  bigint: 'bigint' | 'integer';
  /** Floating point. */
  double: 'double precision' | 'real';
  isPostgres: boolean;
}

export function columnTypes(db: Kysely<any>): ColumnTypes {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return {
    timestamp: isPostgres ? 'timestamptz' : 'text',
    bigint: isPostgres ? 'bigint' : 'integer',
    double: isPostgres ? 'double precision' : 'real',
    isPostgres,
  };
}
