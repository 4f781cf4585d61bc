import { z } from 'zod';

/** Request schema of the audit log API (审计日志查询); the response shape is in shared/audit/wire.ts. */

export const MAX_AUDIT_PAGE = 200;

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/;

/** A real calendar instant: Date.parse alone rolls 2026-02-30 over to March 2 instead of refusing it. */
function isRealInstant(v: string): boolean {
  const m = ISO_INSTANT.exec(v);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  if (Number(m[4] ?? 0) > 23 || Number(m[5] ?? 0) > 59 || Number(m[6] ?? 0) > 59) return false;
  if (Number(m[7] ?? 0) > 23 || Number(m[8] ?? 0) > 59) return false;
  return !Number.isNaN(Date.parse(v));
}

const isoInstant = (what: string) =>
  z
    .string()
    .refine(isRealInstant, {
      message: `${what} must be an ISO-8601 date or date-time with zone, e.g. 2026-01-01 or 2026-01-01T08:00:00+08:00`,
    })
    // Normalised to UTC ISO text: the stored `at` compares as text on SQLite and as timestamptz on PostgreSQL.
    .transform((v) => new Date(v).toISOString());

const whole = (what: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${what} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${what} must be ${min}..${max}`).max(max, `${what} must be ${min}..${max}`));

export const auditQuery = z
  .object({
    recordType: z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/, 'recordType must be 1–64 characters of a-z, 0-9, _ and .').optional(),
    recordId: z.string().min(1, 'recordId must not be empty').max(200, 'recordId is at most 200 characters').optional(),
    actorId: z.string().min(1, 'actorId must not be empty').max(200, 'actorId is at most 200 characters').optional(),
    from: isoInstant('from').optional(),
    to: isoInstant('to').optional(),
    limit: whole('limit', 1, MAX_AUDIT_PAGE).optional().transform((v) => v ?? 50),
    /** Opaque to clients: the seq below which the next page starts (entries come newest first). */
    cursor: whole('cursor', 1, Number.MAX_SAFE_INTEGER).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.recordId !== undefined && q.recordType === undefined) {
      ctx.addIssue({ code: 'custom', path: ['recordType'], message: 'recordType is required with recordId' });
    }
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
    }
  });
export type AuditQuery = z.infer<typeof auditQuery>;
