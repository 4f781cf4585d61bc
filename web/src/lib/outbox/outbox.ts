import type { ApiErrorBody } from '../api.ts';
import type { CaseResponse, ReportResponse, UploadResponse } from '../../../../shared/cases/wire.ts';
import type { Answer, CaseActionPayload, Command, CommandKind, OutboxStore, PayloadOf, PostCommandPayload, ReportCasePayload, Transport } from './types.ts';

/** What to do after an answer: the IETF Idempotency-Key draft and our error table decide. */
export type Verdict = { kind: 'done' } | { kind: 'retry'; code: string; message: string } | { kind: 'failed'; code: string; message: string };

function errorOf(body: unknown): { code: string | null; message: string | null } {
  const e = (body as Partial<ApiErrorBody> | null)?.error;
  return { code: typeof e?.code === 'string' ? e.code : null, message: typeof e?.message === 'string' ? e.message : null };
}

/**
 * Classify one answer. 2xx (a replay included) is the acknowledgement. No answer, 5xx, 429, 401 (log in
 * again, then it goes) and 409 IDEMPOTENCY_IN_PROGRESS are transient: retry with the same key. Every other
 * 4xx is the server's final word (STALE_TRANSITION, INVALID_TRANSITION, VALIDATION_FAILED…): retrying
 * would answer the same, so the command fails with the server's message for the person to read.
 */
export function classify(answer: Answer): Verdict {
  const { status } = answer;
  if (status >= 200 && status < 300) return { kind: 'done' };
  const { code, message } = errorOf(answer.body);
  if (status === 0) return { kind: 'retry', code: 'NETWORK', message: message ?? 'network unavailable' };
  if (status >= 500 || status === 429 || status === 401 || (status === 409 && code === 'IDEMPOTENCY_IN_PROGRESS')) {
    return { kind: 'retry', code: code ?? `HTTP_${status}`, message: message ?? `HTTP ${status}` };
  }
  return { kind: 'failed', code: code ?? `HTTP_${status}`, message: message ?? `HTTP ${status}` };
}

/** Backoff before attempt n+1: 2 s, 4 s, 8 s … capped at 60 s (an `online` event skips the wait). */
export function backoffMs(attempts: number): number {
  return Math.min(60_000, 2_000 * 2 ** Math.max(0, attempts - 1));
}

/** Done commands kept for the sync list (the person sees 已同步); older ones are pruned. */
const KEEP_DONE = 50;

export interface OutboxOptions {
  store: OutboxStore;
  transport: Transport;
  now?: () => number;
  newId?: () => string;
  isOnline?: () => boolean;
  /** Schedules the next retry; tests pass a no-op and call flush() themselves. */
  schedule?: (fn: () => void, ms: number) => void;
}

/**
 * The replay engine: commands are sent one at a time, oldest first, each until acknowledged. A transient
 * failure stops the pass (later commands may depend on earlier ones, e.g. an action on a case reported
 * offline) and schedules a retry with backoff; a final failure marks that command failed and moves on.
 */
export class Outbox {
  private readonly store: OutboxStore;
  private readonly transport: Transport;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly isOnline: () => boolean;
  private readonly schedule: (fn: () => void, ms: number) => void;
  private running: Promise<void> | null = null;
  private again = false;
  private timerDue = 0;
  private readonly listeners = new Set<(commands: Command[]) => void>();
  private snapshot: Command[] = [];

  constructor(o: OutboxOptions) {
    this.store = o.store;
    this.transport = o.transport;
    this.now = o.now ?? (() => Date.now());
    this.newId = o.newId ?? (() => crypto.randomUUID());
    this.isOnline = o.isOnline ?? (() => true);
    this.schedule = o.schedule ?? ((fn, ms) => void setTimeout(fn, ms));
  }

  /** Commands, oldest first. */
  async list(): Promise<Command[]> {
    const all = await this.store.all();
    return all.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  }

  /** Last known list, for synchronous first renders. */
  current(): Command[] {
    return this.snapshot;
  }

  /** Be told whenever a command changes; returns the unsubscribe function. */
  subscribe(fn: (commands: Command[]) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private async publish(): Promise<void> {
    this.snapshot = await this.list();
    for (const l of this.listeners) l(this.snapshot);
  }

  /** Queue a write; photos (Blobs) are stored alongside and uploaded before the command is sent. */
  async enqueue<K extends CommandKind>(kind: K, payload: PayloadOf<K>, photos: Blob[] = []): Promise<Command<K>> {
    const id = this.newId();
    if (kind === 'case.report') {
      const p = payload as ReportCasePayload;
      for (let i = 0; i < photos.length; i++) {
        const blobId = `${id}:${i}`;
        await this.store.putBlob(blobId, photos[i]!);
        p.photoBlobIds.push(blobId);
      }
    }
    const command: Command<K> = {
      id,
      kind,
      payload,
      createdAt: new Date(this.now()).toISOString(),
      state: 'queued',
      lastError: null,
      lastErrorCode: null,
      attempts: 0,
      nextAttemptAt: 0,
      result: null,
      doneAt: null,
    };
    await this.store.put(command as Command);
    await this.publish();
    void this.flush();
    return command;
  }

  /** Put a failed command back in the queue (after the person fixed what the server complained about). */
  async retry(id: string): Promise<void> {
    const c = (await this.store.all()).find((x) => x.id === id);
    if (!c || c.state !== 'failed') return;
    await this.store.put({ ...c, state: 'queued', nextAttemptAt: 0 });
    await this.publish();
    void this.flush();
  }

  /** Drop a failed command and its photos (the person gives up on it). */
  async discard(id: string): Promise<void> {
    const c = (await this.store.all()).find((x) => x.id === id);
    if (!c || c.state === 'sending') return;
    if (c.kind === 'case.report') for (const b of (c.payload as ReportCasePayload).photoBlobIds) await this.store.deleteBlob(b);
    await this.store.delete(id);
    await this.publish();
  }

  /** Send now, ignoring backoff (the `online` event, app start, a tap on 立即同步). */
  async flushNow(): Promise<void> {
    for (const c of await this.store.all()) if (c.state === 'queued' && c.nextAttemptAt > 0) await this.store.put({ ...c, nextAttemptAt: 0 });
    return this.flush();
  }

  /** One replay pass (coalesced: a call while a pass runs triggers one more pass after it). */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async pass(): Promise<void> {
    const commands = await this.list();
    // A command left `sending` by a closed tab or a crash is resent with the same key: safe by design.
    for (const c of commands) {
      if (c.state === 'sending') await this.store.put({ ...c, state: 'queued' });
    }
    for (const initial of await this.list()) {
      if (initial.state !== 'queued') continue;
      if (!this.isOnline()) {
        await this.publish();
        return;
      }
      if (initial.nextAttemptAt > this.now()) {
        this.retryAt(initial.nextAttemptAt);
        await this.publish();
        return;
      }
      let c: Command = { ...initial, state: 'sending', attempts: initial.attempts + 1 };
      await this.store.put(c);
      await this.publish();
      const verdict = await this.send(c, (updated) => (c = updated));
      if (verdict.kind === 'retry') {
        const next = this.now() + backoffMs(c.attempts);
        await this.store.put({ ...c, state: 'queued', lastError: verdict.message, lastErrorCode: verdict.code, nextAttemptAt: next });
        this.retryAt(next);
        await this.publish();
        return;
      }
      if (verdict.kind === 'failed') {
        await this.store.put({ ...c, state: 'failed', lastError: verdict.message, lastErrorCode: verdict.code });
        await this.publish();
        continue;
      }
      await this.publish();
    }
    await this.prune();
    await this.publish();
  }

  private retryAt(at: number): void {
    if (this.timerDue !== 0 && this.timerDue <= at) return;
    this.timerDue = at;
    this.schedule(() => {
      this.timerDue = 0;
      void this.flush();
    }, Math.max(0, at - this.now()));
  }

  /** Send one command; `update` records progress (uploaded photos) so a retry resumes, not restarts. */
  private async send(c: Command, update: (c: Command) => void): Promise<Verdict> {
    if (c.kind === 'case.report') {
      let p = c.payload as ReportCasePayload;
      while (p.photoBlobIds.length > 0) {
        const blobId = p.photoBlobIds[0]!;
        const blob = await this.store.getBlob(blobId);
        if (blob) {
          const answer = await this.transport.upload(blob);
          const v = classify(answer);
          if (v.kind !== 'done') return v;
          const sha = (answer.body as Partial<UploadResponse> | null)?.sha256;
          if (sha && !p.photoShas.includes(sha)) p = { ...p, photoShas: [...p.photoShas, sha] };
        }
        p = { ...p, photoBlobIds: p.photoBlobIds.slice(1) };
        const next = { ...c, payload: p };
        await this.store.put(next);
        await this.store.deleteBlob(blobId);
        update(next);
        c = next;
      }
      const body = { ...p.body, ...(p.photoShas.length ? { photos: p.photoShas } : {}) };
      const answer = await this.transport.postJson('/api/cases', body, c.id);
      const v = classify(answer);
      if (v.kind === 'done') {
        const created = (answer.body as Partial<ReportResponse> | null)?.case;
        await this.markDone(c, created ? { caseId: created.id, caseNo: created.caseNo, state: created.state } : {});
      }
      return v;
    }
    if (c.kind === 'directive.sign' || c.kind === 'directive.report' || c.kind === 'campaign.dailyReport' || c.kind === 'patrol.checkin') {
      const post = c.payload as PostCommandPayload;
      const answer = await this.transport.postJson(post.path, post.body, c.id);
      const v = classify(answer);
      if (v.kind === 'done') await this.markDone(c, {});
      return v;
    }
    const p = c.payload as CaseActionPayload;
    const answer = await this.transport.postJson(`/api/cases/${encodeURIComponent(p.caseId)}/actions`, p.body, c.id);
    const v = classify(answer);
    if (v.kind === 'done') {
      const updated = (answer.body as Partial<CaseResponse> | null)?.case;
      await this.markDone(c, updated ? { caseId: updated.id, caseNo: updated.caseNo, state: updated.state } : {});
    }
    return v;
  }

  private async markDone(c: Command, result: Command['result']): Promise<void> {
    await this.store.put({ ...c, state: 'done', lastError: null, lastErrorCode: null, result, doneAt: new Date(this.now()).toISOString() });
  }

  private async prune(): Promise<void> {
    const done = (await this.list()).filter((c) => c.state === 'done');
    for (const c of done.slice(0, Math.max(0, done.length - KEEP_DONE))) await this.store.delete(c.id);
  }
}
