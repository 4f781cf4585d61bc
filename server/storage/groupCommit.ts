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
 * shared. Batching is natural: there is no timer, a lone request commits at once (see gather).
 *
 * Units in a batch see each other's committed-so-far writes (as they would have after separate commits
 * in the same order); a unit must do all its work through the `trx` it is given.
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  private running = false;
  /** Durable commits made and units they carried (benchmarks report units per commit). */
  readonly stats = { commits: 0, units: 0 };

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
   * Let the queue fill while requests are still arriving, then commit. better-sqlite3 commits
   * synchronously: while the previous commit waited for the disk, new requests piled up in their
   * sockets. One turn of the event loop's I/O phase reads them and runs them up to this queue; as long
   * as a turn brings more, take another (up to `maxWaitMs` or a full batch). A turn that brings nothing
   * ends the wait — a lone request on an idle server commits at once instead of paying a fixed window,
   * and nothing spins through an idle window burning the CPU the requests themselves need.
   */
  private async gather(): Promise<void> {
    const deadline = performance.now() + this.maxWaitMs;
    let seen = -1;
    while (this.queue.length < this.maxBatch && this.queue.length !== seen && performance.now() < deadline) {
      seen = this.queue.length;
      await yieldToIo();
    }
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
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
      // One savepoint name for every unit (each is released before the next starts): the same three
      // statements each time, prepared once (storage/statementCache.ts).
      const name = 'unit';
      for (let i = 0; i < batch.length; i++) {
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
      this.stats.commits += 1;
      this.stats.units += batch.length;
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
