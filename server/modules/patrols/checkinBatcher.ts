import type { AppContext } from '../../context.ts';
import { inTransaction } from '../../context.ts';
import type { QrSigner } from './qrSigner.ts';
import { recordCheckins, type CheckinOutcome, type PendingCheckin } from './recordCheckins.ts';

export interface BatcherOptions {
  /** How long the first item of a batch waits for company before the batch is written. */
  maxDelayMs?: number;
  /** Flush at once when this many are waiting. */
  maxBatch?: number;
}

export interface BatcherStats {
  batches: number;
  items: number;
  largestBatch: number;
}

interface Waiting {
  item: PendingCheckin;
  resolve: (o: CheckinOutcome) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for check-ins (巡逻打卡批量落库). Requests hand their check-in to `submit`; the batcher
 * collects them for a few milliseconds (or until maxBatch) and writes the whole batch in ONE durable
 * transaction, then settles every request. A request is acknowledged only after the commit that
 * contains it returned, so no acknowledged check-in can be lost; if the commit fails, every request
 * in it fails (the phone retries with the same nonce). Per-item refusals are outcomes, not failures.
 * Batches are written one at a time: while one commits, the next fills up — the fsync cost is shared.
 */
export class CheckinBatcher {
  private queue: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private closed = false;
  readonly stats: BatcherStats = { batches: 0, items: 0, largestBatch: 0 };
  private maxDelayMs: number;
  private maxBatch: number;

  constructor(
    private readonly ctx: AppContext,
    private readonly signer: QrSigner,
    options: BatcherOptions = {},
  ) {
    this.maxDelayMs = options.maxDelayMs ?? 4;
    this.maxBatch = options.maxBatch ?? 400;
  }

  /** Change batching on the fly (the benchmark sets maxBatch 1 to measure one transaction per check-in). */
  configure(options: BatcherOptions): void {
    if (options.maxDelayMs !== undefined) this.maxDelayMs = options.maxDelayMs;
    if (options.maxBatch !== undefined) this.maxBatch = Math.max(1, options.maxBatch);
  }

  /** Queue one check-in; resolves with its outcome after the batch committed. */
  submit(item: PendingCheckin): Promise<CheckinOutcome> {
    if (this.closed) return Promise.reject(new Error('check-in batcher is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.kick(0);
      else this.kick(this.maxDelayMs);
    });
  }

  /** Queue several (an offline sync); outcomes in input order. */
  submitMany(items: readonly PendingCheckin[]): Promise<CheckinOutcome[]> {
    return Promise.all(items.map((i) => this.submit(i)));
  }

  private kick(delay: number): void {
    if (this.writing) return; // the running flush picks the queue up when it finishes (see flush)
    if (delay === 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.flush();
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, delay);
    }
  }

  /**
   * Start writing the queue unless a write is under way. `writing` is owned here, not by drain():
   * it is set before and cleared after the drain settles, whatever order those happen in, and an item
   * that arrived after the drain's last look at the queue is picked up at once — nothing waits for a
   * kick that will never come.
   */
  private flush(): void {
    if (this.writing || this.queue.length === 0) return;
    const run = this.drain();
    this.writing = run;
    void run.then(() => {
      if (this.writing === run) this.writing = null;
      if (this.queue.length > 0) this.kick(this.queue.length >= this.maxBatch ? 0 : this.maxDelayMs);
    });
  }

  /** Write batches until the queue is empty; never rejects (a failed batch fails its own requests). */
  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const outcomes = await inTransaction(this.ctx, (trx) => recordCheckins(trx, batch.map((w) => w.item), this.ctx.now(), this.signer));
        this.stats.batches += 1;
        this.stats.items += batch.length;
        this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
        batch.forEach((w, i) => w.resolve(outcomes[i]!));
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
  }

  /** Write whatever is queued and refuse new work (app shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.writing || this.queue.length) {
      this.flush();
      await this.writing;
    }
  }
}
