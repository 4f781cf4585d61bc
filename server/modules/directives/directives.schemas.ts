import { z } from 'zod';
import { ROLES } from '../../../shared/access/roles.ts';

/** Request schemas of the directives API (通知/部署/指令); the field named in a 400 is the zod path. */

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex sha256 of an uploaded attachment');
const unitCode = z.string().regex(/^\d{2}$|^\d{4}$|^\d{6}$|^\d{9}$|^\d{12}$|^\d{15}$/, 'must be a division code (2/4/6/9/12 digits) or a 15-digit grid code');
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time with offset, e.g. 2026-12-01T18:00:00+08:00' });

/** One field of a structured reply form (落实反馈表). */
export const replyFormField = z.object({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'key: letters, digits, underscore; starts with a letter'),
  label: z.string().trim().min(1).max(100),
  type: z.enum(['text', 'number', 'choice', 'photo']),
  required: z.boolean().optional(),
  options: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional(),
});
export type ReplyFormField = z.infer<typeof replyFormField>;

export const issueBody = z.object({
  title: z.string().trim().min(1, 'title is required').max(200),
  body: z.string().trim().min(1, 'body is required').max(20000),
  /** The issuing unit (the caller must hold directive.issue there). */
  issuingUnit: unitCode,
  priority: z.enum(['normal', 'urgent', 'critical']).optional(),
  attachments: z.array(sha256).max(20).optional(),
  signDeadline: instant.optional(),
  reportDeadline: instant.optional(),
  remindAt: instant.optional(),
  /** Chosen units (inside the issuing unit); absent = every unit below the issuing unit. */
  targetUnits: z.array(unitCode).min(1).max(1000).optional(),
  /** Chosen roles; absent = everyone holding a role in the target units. */
  targetRoles: z.array(z.enum(ROLES)).min(1).optional(),
  replyForm: z.array(replyFormField).min(1).max(30).optional(),
  campaignId: z.string().regex(/^[0-9a-f-]{36}$/, 'campaignId must be a UUID').optional(),
});

export const idParams = z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/, 'id must be a UUID') });

export const signBody = z
  .object({
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
  })
  .optional();

export const reportBody = z.object({
  text: z.string().trim().min(1, 'text is required').max(10000),
  /** Which of the caller's units the report is for; needed only when the directive reached them in several. */
  unitCode: unitCode.optional(),
  answers: z.record(z.string(), z.union([z.string().max(4000), z.number()])).optional(),
  photos: z.array(sha256).max(20).optional(),
});

export const supplementBody = z.object({
  unitCode,
  body: z.string().trim().min(1, 'body is required').max(10000),
});

export const rollupQuery = z.object({
  unit: unitCode.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const listQuery = z.object({
  campaignId: z.string().regex(/^[0-9a-f-]{36}$/, 'campaignId must be a UUID').optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
