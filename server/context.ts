import type { Config } from './config.ts';
import type { Storage, Trx } from './storage/db.ts';
import type { EventBus } from './events/bus.ts';
import type { SlaPolicy } from '../shared/sla/policy.ts';

/** What modules receive from the app: configuration and storage, nothing read from globals. */
export interface AppContext {
  config: Readonly<Config>;
  storage: Storage;
  /** Clock injected so tests can move time (session idle timeout, lockouts, deadlines). */
  now(): Date;
  /**
   * Server-wide 预警/升级 defaults (WANGGE_SLA_WARN_SHARE, WANGGE_SLA_ESCALATE_AFTER), fixed at boot by
   * `slaPolicyOf(config)`; case use cases that start or extend a stage clock receive it in their options.
   */
  slaPolicy: Readonly<SlaPolicy>;
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

/** The server-wide SLA policy of a validated configuration (read once, when the context is built). */
export function slaPolicyOf(config: Pick<Config, 'slaWarnShare' | 'slaEscalateAfter'>): Readonly<SlaPolicy> {
  return Object.freeze({ warnShare: config.slaWarnShare, escalateAfter: config.slaEscalateAfter });
}
