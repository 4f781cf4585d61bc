import type { ControlledTransaction, Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { Trx } from './db.ts';

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Pending {
  fn: (trx: Trx) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/**
 * Group commit for a single-writer database (embedded SQLite).
 *
 * With synchronous=FULL every COMMIT waits for the disk (fsync): a few hundred per second on ordinary
 * disks, whatever the CPU does. Requests that arrive while a commit is under way are collected and run
 * one after another inside ONE transaction, each in its own SAVEPOINT — a failing unit rolls back to its
 * savepoint alone — and the batch commits once. Nobody is answered before the commit that holds their
 * writes has returned, so durability is exactly that of one transaction per unit; only the fsyncs are
 * shared. Batching is natural: there is no timer, a lone request commits at once.
 *
 * Units in a batch see each other's committed-so-far writes (as they would have after separate commits
 * in the same order); a unit must do all its work through the `trx` it is given.
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  private running = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxBatch = 128,
    private readonly maxWaitMs = 3,
  ) {}

  /** Run `fn` as one atomic unit; resolves after its batch is durably committed. */
  run<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.running) void this.drain();
    });
  }

  /**
   * Let the queue fill for up to `maxWaitMs` (or until a batch is full). Requests reach the queue only
   * after their own reads (session, grid), several event-loop turns after they arrive, so waiting for
   * "no growth in one turn" ends too early; a short fixed window is what lets a burst share one fsync.
   * A lone request pays at most this window in latency.
   */
  private async gather(): Promise<void> {
    const deadline = performance.now() + this.maxWaitMs;
    while (this.queue.length < this.maxBatch && performance.now() < deadline) await yieldToIo();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        // better-sqlite3 commits synchronously: while a commit waits for the disk the event loop is
        // blocked and new requests pile up in their sockets. Yield to the I/O phase once so they are
        // read and reach this queue, and join the next batch instead of each paying its own fsync.
        await this.gather();
        const batch = this.queue.splice(0, this.maxBatch);
        await this.runBatch(batch);
      }
    } finally {
      this.running = false;
    }
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    let trx: ControlledTransaction<Database>;
    try {
      trx = await this.db.startTransaction().execute();
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      for (let i = 0; i < batch.length; i++) {
        const name = `unit${i}`;
        const sp = await trx.savepoint(name).execute();
        try {
          const value = await batch[i]!.fn(sp);
          await sp.releaseSavepoint(name).execute();
          outcomes.push({ ok: true, value });
        } catch (error) {
          await sp.rollbackToSavepoint(name).execute();
          await sp.releaseSavepoint(name).execute();
          outcomes.push({ ok: false, error });
        }
      }
      await trx.commit().execute();
    } catch (err) {
      // The batch itself failed (disk full, connection lost): nothing in it is durable, tell everyone.
      await trx.rollback().execute().catch(() => undefined);
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }
}
