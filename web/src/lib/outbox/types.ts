/**
 * The field app's outbox (发件箱): every write is a command kept in IndexedDB and replayed in order
 * until the server acknowledges it. The command id doubles as the Idempotency-Key, so a replay after
 * a lost response, a reload or a restart is applied by the server exactly once.
 */

import type { ActionBody, ReportBody } from '../../../../shared/cases/wire.ts';

export type CommandState = 'queued' | 'sending' | 'done' | 'failed';

/** 上报案件: the body of POST /api/cases; photos are local blob ids until uploaded. */
export interface ReportCasePayload {
  body: Pick<ReportBody, 'categoryCode' | 'description' | 'location' | 'address'>;
  /** Local photo blobs (outbox `blobs` store) still to upload, in order. */
  photoBlobIds: string[];
  /** sha256 of photos already uploaded (filled in as uploads succeed, so a retry does not re-upload). */
  photoShas: string[];
  /** What the person sees in lists before the server answers (category name). */
  label: string;
}

/** 办理动作: the body of POST /api/cases/:id/actions. */
export interface CaseActionPayload {
  caseId: string;
  caseNo: string | null;
  /** The action name is checked by the server (a queued command may outlive a renamed action). */
  body: Pick<ActionBody, 'reason' | 'note' | 'expectedVersion' | 'location'> & { action: string };
  label: string;
}

export type CommandKind = 'case.report' | 'case.action' | PostCommandKind;
export type PayloadOf<K extends CommandKind> = K extends 'case.report' ? ReportCasePayload : K extends PostCommandKind ? PostCommandPayload : CaseActionPayload;

/** 通知签收 / 落实反馈 / 专项行动日报 (directives and campaigns): each is one JSON POST to `path`. */
export type PostCommandKind = 'directive.sign' | 'directive.report' | 'campaign.dailyReport' | PatrolCheckinKind;
/** 巡逻打卡 (patrols): POST /api/patrols/checkin; body.clientNonce is the check-in's own nonce (replay guard). */
export type PatrolCheckinKind = 'patrol.checkin';
/** The payload of a PostCommandKind: where to POST, what, and what the person sees in lists. */
export interface PostCommandPayload {
  path: string;
  body: Record<string, unknown>;
  label: string;
  /** The record it is about (directive id, or campaign id + date), for screens showing pending writes. */
  ref: string;
}

export interface Command<K extends CommandKind = CommandKind> {
  /** crypto.randomUUID(); sent as Idempotency-Key. */
  id: string;
  kind: K;
  payload: PayloadOf<K>;
  /** ISO-8601 UTC; replay order. */
  createdAt: string;
  state: CommandState;
  /** The server's message (or the network failure) of the last attempt. */
  lastError: string | null;
  /** Stable error code of the last attempt (STALE_TRANSITION, NETWORK, …). */
  lastErrorCode: string | null;
  attempts: number;
  /** Epoch ms before which the engine does not retry (backoff). */
  nextAttemptAt: number;
  /** The server's answer once done (e.g. the new case's id and number). */
  result: { caseId?: string; caseNo?: string; state?: string } | null;
  doneAt: string | null;
}

/** Where commands and photo blobs live: IndexedDB in the browser, memory in unit tests. */
export interface OutboxStore {
  all(): Promise<Command[]>;
  put(command: Command): Promise<void>;
  delete(id: string): Promise<void>;
  putBlob(id: string, blob: Blob): Promise<void>;
  getBlob(id: string): Promise<Blob | null>;
  deleteBlob(id: string): Promise<void>;
}

/** One HTTP exchange as the engine sees it (status 0 = no answer: offline, DNS, reset). */
export interface Answer {
  status: number;
  body: unknown;
  replayed: boolean;
}

/** How the engine talks to the server; fetch in the browser, a fake in unit tests. */
export interface Transport {
  postJson(path: string, body: unknown, idempotencyKey: string): Promise<Answer>;
  upload(blob: Blob): Promise<Answer>;
}
