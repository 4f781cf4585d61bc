import { z } from 'zod';

/** Wire shape of GET /api/audit (审计日志查询), declared by server/modules/audit/audit.routes.ts. */

/** One audit entry; `before`/`after` are the recorded snapshots (personal data masked unless the caller may read it). */
export const auditEntryView = z.object({
  seq: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  recordType: z.string(),
  recordId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  sourceIp: z.string().nullable(),
  outcome: z.string(),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof auditEntryView>;

export const auditListResponse = z.object({
  entries: z.array(auditEntryView),
  /** Pass as `cursor` to get the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** True when personal data (phone numbers) in before/after was masked for this caller. */
  personalDataMasked: z.boolean(),
});
export type AuditListResponse = z.infer<typeof auditListResponse>;
