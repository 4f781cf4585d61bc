import { outbox, type Command, type PostCommandPayload } from '../lib/outbox/index.ts';
import { PERSONAL_STORAGE_PREFIXES } from '../lib/session.tsx';
import type { DailyReportBody } from '../../../shared/campaigns/wire.ts';
import type { ReportImplementationBody } from '../../../shared/directives/wire.ts';

// The service worker's read cache does not hold directive reads, so the 通知 screens keep their own last
// good copy per person in localStorage: the inbox, each opened directive, the campaign list and today's
// daily-report status. Keyed by person id, and dropped at logout (or a 401) with every key under this
// prefix (forgetPersonalStorage in lib/session.tsx), so a shared phone keeps nothing of the last person.

const PREFIX = PERSONAL_STORAGE_PREFIXES[0];

function key(personId: string, what: string): string {
  return `${PREFIX}${personId}.${what}`;
}

/** Remember a read for offline use (best effort: a full storage only loses the offline copy). */
export function remember(personId: string, what: string, value: unknown): void {
  try {
    localStorage.setItem(key(personId, what), JSON.stringify(value));
  } catch {
    // quota or private mode: offline reads fall back to nothing
  }
}

/** The last remembered copy of a read, or null. */
export function recall<T>(personId: string, what: string): T | null {
  try {
    const text = localStorage.getItem(key(personId, what));
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

/** Pending (not yet acknowledged) outbox writes about one record, by kind. */
export function pendingFor(commands: Command[], ref: string): Command[] {
  return commands.filter((c) => (c.kind === 'directive.sign' || c.kind === 'directive.report' || c.kind === 'campaign.dailyReport') && (c.payload as PostCommandPayload).ref === ref && c.state !== 'done');
}

/** 签收 through the outbox: the command id is the Idempotency-Key, replayed until acknowledged. */
export function queueSign(directiveId: string, label: string, location?: { lat: number; lng: number } | null) {
  return outbox().enqueue('directive.sign', { path: `/api/directives/${directiveId}/sign`, body: location ? { lat: location.lat, lng: location.lng } : {}, label, ref: directiveId });
}

/** 落实反馈 through the outbox. */
export function queueReport(directiveId: string, label: string, body: ReportImplementationBody) {
  return outbox().enqueue('directive.report', { path: `/api/directives/${directiveId}/report`, body: { ...body }, label, ref: directiveId });
}

/** 日报 / 零报告 through the outbox; ref = campaign id + date. */
export function queueDailyReport(campaignId: string, label: string, body: DailyReportBody) {
  return outbox().enqueue('campaign.dailyReport', { path: `/api/campaigns/${campaignId}/daily-reports`, body: { ...body }, label, ref: `${campaignId}:${body.date}` });
}
