import { z } from 'zod';
import { notification } from '../cases/wire.ts';

/**
 * Wire shapes of live updates (实时推送, server/modules/live): the case-change event, sent by the SSE
 * stream GET /api/live/cases and listed by its backfill GET /api/live/cases/recent, and the
 * notification event of GET /api/live/notifications. The streams are Server-Sent Events: each message
 * is `id: <event id>`, `event: case | notification`, `data: <one of the JSON objects below>`.
 */

/** What changed on a case; clients re-read the case for details. */
export const liveCaseEvent = z.object({
  id: z.string().describe('UUIDv7, also the SSE id'),
  type: z.string().describe("'case.<action>': case.report, case.dispatch, …"),
  caseId: z.string(),
  state: z.string().nullable().describe('the state the case moved to, null when it did not move'),
  departmentId: z.string().nullable(),
  at: z.string(),
});
export type LiveCaseEvent = z.infer<typeof liveCaseEvent>;

/** GET /api/live/cases/recent: the newest changes the caller may read (last 7 days), newest first. */
export const recentCaseEventsResponse = z.object({ events: z.array(liveCaseEvent) });
export type RecentCaseEvents = z.infer<typeof recentCaseEventsResponse>;

/** One new inbox entry of the caller (body scrubbed of personal data). */
export const liveNotification = notification.omit({ readAt: true });
export type LiveNotification = z.infer<typeof liveNotification>;
