import { ApiError } from './api.ts';
import type { CaseState } from '../../../shared/cases/stateMachine.ts';

/**
 * Helpers every staff area uses (query strings, image upload, idempotency keys, bilingual messages,
 * China dates) and the KPI and live wire shapes still hand-written here. The case rules and calls
 * live in web/src/cases/shared/cases.ts, the case wire shapes in shared/cases/wire.ts.
 */

/** A category of the taxonomy (GET /api/categories), declared once in shared/cases/wire.ts. */
export type { Category } from '../../../shared/cases/wire.ts';

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

/**
 * The server writes some messages in both languages, "中文 / English" (e.g. STALE_TRANSITION: "案件已被 王芳 于
 * 14:02 执行「核查通过」… / already verify by 王芳 at 14:02"); pick the half for the person's language.
 */
export function pickBilingual(message: string, en: boolean): string {
  const i = message.indexOf(' / ');
  if (i < 0) return message;
  return en ? message.slice(i + 3) : message.slice(0, i);
}

/** China-time calendar date (YYYY-MM-DD) of an instant, offset by whole days. */
export function chinaDate(d: Date, addDays = 0): string {
  const t = new Date(d.getTime() + 8 * 3600_000 + addDays * 86_400_000);
  return t.toISOString().slice(0, 10);
}
