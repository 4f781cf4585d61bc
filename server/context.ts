import type { Config } from './config.ts';
import type { Storage, Trx } from './storage/db.ts';
import type { EventBus } from './events/bus.ts';

/** What modules receive from the app: configuration and storage, nothing read from globals. */
export interface AppContext {
  config: Readonly<Config>;
  storage: Storage;
  /** Clock injected so tests can move time (session idle timeout, lockouts, deadlines). */
  now(): Date;
  /**
   * Live events (SSE, LISTEN/NOTIFY fan-out), published after commit. Set by createApp; absent in
   * contexts built elsewhere (CLI, unit tests), where nothing is live and publishing is skipped.
   */
  events?: EventBus;
}

/**
 * Run a use case in one transaction: it commits with its audit entries or not at all (on SQLite,
 * possibly sharing its durable commit with concurrent units — see storage/groupCommit.ts).
 */
export function inTransaction<T>(ctx: AppContext, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return ctx.storage.transaction(fn);
}
