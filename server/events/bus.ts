import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { uuidv7 } from 'uuidv7';
import type { Storage } from '../storage/db.ts';

/**
 * A live event: small on purpose. It says *which* case changed and where it belongs (enough to decide
 * access); receivers re-read details from the database. On PostgreSQL it travels as a NOTIFY payload,
 * which must stay under 8000 bytes.
 */
export interface LiveEvent {
  /** UUIDv7: sent as the SSE `id:`. */
  id: string;
  /** 'case.<action>' (case.report, case.dispatch, …) or 'notification'. */
  type: string;
  caseId: string | null;
  /** The case's grid territory path: what the access filter reads. */
  territoryPath: string | null;
  departmentId: string | null;
  state: string | null;
  at: string;
  /** For 'notification': the people whose inbox gained entries; null = anyone may have (receivers re-check). */
  userIds: string[] | null;
}

export type LiveEventInput = Omit<LiveEvent, 'id' | 'at' | 'userIds' | 'state' | 'departmentId' | 'territoryPath' | 'caseId'> &
  Partial<Pick<LiveEvent, 'id' | 'at' | 'userIds' | 'state' | 'departmentId' | 'territoryPath' | 'caseId'>>;

export type LiveFilter = (event: LiveEvent) => boolean;
export type LiveListener = (event: LiveEvent) => void;

/** Publish after commit, subscribe with a filter. Implementations: in-process, PostgreSQL LISTEN/NOTIFY. */
export interface EventBus {
  /** Deliver to local subscribers and (on PostgreSQL) to every other server process. Call only after commit. */
  publish(event: LiveEventInput): Promise<LiveEvent>;
  /** Returns the unsubscribe function. */
  subscribe(filter: LiveFilter, listener: LiveListener): () => void;
  close(): Promise<void>;
}

/** The channel every wangge process listens on. */
export const LIVE_CHANNEL = 'wangge_live';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; stay well below. */
export const MAX_PAYLOAD_BYTES = 7500;

function complete(input: LiveEventInput): LiveEvent {
  return {
    id: input.id ?? uuidv7(),
    type: input.type,
    caseId: input.caseId ?? null,
    territoryPath: input.territoryPath ?? null,
    departmentId: input.departmentId ?? null,
    state: input.state ?? null,
    at: input.at ?? new Date().toISOString(),
    userIds: input.userIds ?? null,
  };
}

/** One process (SQLite): subscribers live in memory; a throwing listener never stops the others. */
export class InProcessEventBus implements EventBus {
  private readonly subscribers = new Set<{ filter: LiveFilter; listener: LiveListener }>();

  async publish(input: LiveEventInput): Promise<LiveEvent> {
    const event = complete(input);
    this.deliver(event);
    return event;
  }

  /** Hand an event to matching local subscribers. */
  deliver(event: LiveEvent): void {
    for (const s of [...this.subscribers]) {
      try {
        if (s.filter(event)) s.listener(event);
      } catch {
        // A broken subscriber (closed socket) must not block delivery to the rest.
      }
    }
  }

  subscribe(filter: LiveFilter, listener: LiveListener): () => void {
    const entry = { filter, listener };
    this.subscribers.add(entry);
    return () => this.subscribers.delete(entry);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  async close(): Promise<void> {
    this.subscribers.clear();
  }
}

/** Shrink an event until its JSON fits a NOTIFY payload: drop the recipient list (receivers re-check). */
export function encodePayload(origin: string, event: LiveEvent): string {
  let text = JSON.stringify({ o: origin, e: event });
  if (Buffer.byteLength(text) >= MAX_PAYLOAD_BYTES) text = JSON.stringify({ o: origin, e: { ...event, userIds: null } });
  return text;
}

/**
 * Several processes on one PostgreSQL: local subscribers get the event at once; other processes get it
 * through NOTIFY on one dedicated client taken from the pool, which LISTENs and reconnects (with
 * back-off) when the connection drops. Our own notifications come back through LISTEN too; the origin
 * id lets us skip them so local subscribers see each event once.
 */
export class PgNotifyEventBus implements EventBus {
  private readonly local = new InProcessEventBus();
  private readonly origin = randomUUID();
  private client: pg.PoolClient | null = null;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelayMs = 250;
  /** Resolves once the first LISTEN is in place (or failed; publishing still works locally). */
  readonly ready: Promise<void>;

  constructor(private readonly pool: pg.Pool) {
    this.ready = this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    let client: pg.PoolClient | null = null;
    try {
      client = await this.pool.connect();
      client.on('notification', (msg) => this.onNotification(msg));
      client.on('error', () => this.dropAndRetry(client!));
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
      if (this.closed) {
        client.release(true);
        return;
      }
      this.client = client;
      this.retryDelayMs = 250;
    } catch {
      if (client) this.dropAndRetry(client);
      else this.scheduleRetry();
    }
  }

  private dropAndRetry(client: pg.PoolClient): void {
    if (this.client === client) this.client = null;
    try {
      // Destroy rather than return a broken connection to the pool.
      client.release(true);
    } catch {
      // already released
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, 10_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }

  private onNotification(msg: pg.Notification): void {
    if (msg.channel !== LIVE_CHANNEL || !msg.payload) return;
    try {
      const parsed = JSON.parse(msg.payload) as { o: string; e: LiveEvent };
      if (parsed.o === this.origin) return;
      this.local.deliver(parsed.e);
    } catch {
      // A malformed payload from some other writer on the channel: ignore it.
    }
  }

  async publish(input: LiveEventInput): Promise<LiveEvent> {
    const event = complete(input);
    this.local.deliver(event);
    try {
      await this.pool.query('select pg_notify($1, $2)', [LIVE_CHANNEL, encodePayload(this.origin, event)]);
    } catch {
      // Live updates are best effort: the change itself is committed; clients re-read on reconnect.
    }
    return event;
  }

  subscribe(filter: LiveFilter, listener: LiveListener): () => void {
    return this.local.subscribe(filter, listener);
  }

  /** True while the LISTEN connection is up (for health checks and tests). */
  get listening(): boolean {
    return this.client !== null;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.ready.catch(() => {});
    const client = this.client;
    this.client = null;
    if (client) {
      try {
        await client.query(`UNLISTEN ${LIVE_CHANNEL}`);
      } catch {
        // connection already gone
      }
      client.release(true);
    }
    await this.local.close();
  }
}

/** The bus storage supports: LISTEN/NOTIFY fan-out when available, otherwise in-process. */
export async function createEventBus(storage: Storage): Promise<EventBus> {
  if (storage.capabilities.listenNotify && storage.pgPool) {
    const bus = new PgNotifyEventBus(storage.pgPool);
    await bus.ready;
    return bus;
  }
  return new InProcessEventBus();
}
