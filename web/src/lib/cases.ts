import { api, ApiError } from './api.ts';

/** Wire shapes of the case, KPI and live APIs the console and handler faces use (mirror server/modules/cases, analytics, live). */

export type CaseState = 'reported' | 'filed' | 'rejected' | 'dispatched' | 'in_handling' | 'handled' | 'verified' | 'closed' | 'evaluated' | 'suspended' | 'voided';

export const CASE_STATE_LIST: CaseState[] = ['reported', 'filed', 'dispatched', 'in_handling', 'handled', 'verified', 'closed', 'evaluated', 'suspended', 'rejected', 'voided'];

/** States in which a case is still open (the server's CLOSED_STATES complement). */
export const OPEN_STATES: CaseState[] = ['reported', 'filed', 'dispatched', 'in_handling', 'handled', 'verified', 'suspended'];

export interface PendingRequest {
  kind: 'extension' | 'return' | 'suspension' | 'void';
  reason: string;
  requestedInState: CaseState;
  extendBy?: string;
}

export interface CaseView {
  id: string;
  caseNo: string;
  kind: string;
  categoryCode: string;
  state: CaseState;
  description: string;
  address: string | null;
  location: { lat: number; lng: number };
  gridCode: string;
  source: string;
  reporterName: string | null;
  reporterPhone: string | null;
  departmentId: string | null;
  handlerId: string | null;
  reworkCount: number;
  pendingRequest: PendingRequest | null;
  stage: string | null;
  stageDueAt: string | null;
  escalationLevel: number;
  supervisedAt: string | null;
  closedAt: string | null;
  closedOnTime: boolean | null;
  /** 公开: when staff listed this resident report on the public feed; null = not public. */
  publishedAt?: string | null;
  /** Extra operations the server offers this person (merge, dispute ladder, publish). */
  caseOps?: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  actions: string[];
}

export interface CaseEvent {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  fromState: string | null;
  toState: string | null;
  note: string | null;
  location: { lat: number; lng: number } | null;
  photos: string[];
  data: Record<string, unknown> | null;
}

export interface LedgerEntry {
  id: string;
  at: string;
  actorName: string | null;
  kind: string;
  step: string;
  action: string;
  reason: string | null;
  note: string | null;
  extendBy: string | null;
  fromState: string | null;
  toState: string | null;
}

export interface CaseDetail {
  case: CaseView;
  timeline: CaseEvent[];
  ledger: LedgerEntry[];
}

export interface CaseList {
  cases: CaseView[];
  nextCursor: string | null;
}

export interface Category {
  code: string;
  parentCode: string | null;
  nameZh: string;
  nameEn: string;
  kind: string;
  departmentKind: string;
}

export interface SuggestedHandler {
  departmentKind: string;
  level: string;
  territoryCode: string;
  department: { id: string; code: string; nameZh: string; kind: string } | null;
}

export interface KpiCounts {
  due: number;
  closed: number;
  closed_on_time: number;
  overdue_unclosed: number;
  verified: number;
  reworked: number;
  dispatched: number;
  extended: number;
  self_resolved: number;
  disputes_closed: number;
  disputes_at_grid: number;
}
export type KpiMetric = keyof KpiCounts;

export interface KpiRow {
  key: string;
  name: string;
  counts: KpiCounts;
  rates: { closure: number | null; onTime: number | null; rework: number | null; extension: number | null; gridResolution: number | null };
  stageMinutes: Record<string, { avgMinutes: number | null; n: number }>;
}

export interface KpiTable {
  from: string;
  to: string;
  groupBy: string;
  evaluatedAt: string;
  rows: KpiRow[];
  total: KpiRow;
}

export interface KpiCaseList {
  truncated: boolean;
  cases: { id: string; caseNo: string; categoryCode: string; state: CaseState; gridCode: string; reportedAt: string | null; stageDueAt: string | null; closedAt: string | null; closedOnTime: boolean | null; reworkCount: number }[];
}

/** One event of GET /api/live/cases. */
export interface LiveCaseEvent {
  id: string;
  type: string;
  caseId: string;
  state: CaseState | null;
  departmentId: string | null;
  at: string;
}

/** Actions whose form needs a reason (the state machine's needsReason rows). */
export const REASON_ACTIONS = new Set(['reject', 'rework', 'request_extension', 'deny_extension', 'request_return', 'deny_return', 'request_suspension', 'deny_suspension', 'request_void', 'deny_void']);

/** Actions that report work done on site: a note and photos go with them. */
export const EVIDENCE_ACTIONS = new Set(['complete', 'self_resolve']);

/** A fresh idempotency key (the server accepts any opaque string up to its limit). */
export function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

/** Query string from the defined, non-empty values. */
export function queryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    q.set(k, v === true ? '1' : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Upload one image as the raw body (POST /api/uploads) → its sha256. */
export async function uploadImage(file: Blob): Promise<string> {
  const type = file.type || 'image/jpeg';
  let res: Response;
  try {
    res = await fetch('/api/uploads', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': type }, body: file });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', (err as Error).message);
  }
  const data = (await res.json().catch(() => null)) as { sha256?: string; error?: { code: string; message: string; field?: string } } | null;
  if (!res.ok || !data?.sha256) throw new ApiError(res.status, data?.error?.code ?? `HTTP_${res.status}`, data?.error?.message ?? res.statusText, data?.error?.field ?? null);
  return data.sha256;
}

/** Apply a workflow action (POST /api/cases/:id/actions) with the version the person saw. */
export function applyAction(caseId: string, body: { action: string; reason?: string; note?: string; extendBy?: string; departmentId?: string; photos?: string[]; location?: { lat: number; lng: number }; expectedVersion?: number }) {
  return api<{ case: CaseView }>(`/api/cases/${caseId}/actions`, { method: 'POST', body });
}

/**
 * The server writes some messages in both languages, "中文 / English" (e.g. STALE_TRANSITION: "案件已被 王芳 于
 * 14:02 执行「核查通过」… / already verify by 王芳 at 14:02"); pick the half for the person's language.
 */
export function pickBilingual(message: string, en: boolean): string {
  const i = message.indexOf(' / ');
  if (i < 0) return message;
  return en ? message.slice(i + 3) : message.slice(0, i);
}

/** Is the stage deadline behind us (for an open case)? */
export function isOverdue(c: Pick<CaseView, 'stageDueAt' | 'state'>, now = Date.now()): boolean {
  return !!c.stageDueAt && OPEN_STATES.includes(c.state) && Date.parse(c.stageDueAt) < now;
}

/** China-time calendar date (YYYY-MM-DD) of an instant, offset by whole days. */
export function chinaDate(d: Date, addDays = 0): string {
  const t = new Date(d.getTime() + 8 * 3600_000 + addDays * 86_400_000);
  return t.toISOString().slice(0, 10);
}
