import { z } from 'zod';
import { ROLES } from '../access/roles.ts';

/**
 * Wire shapes of the directives API (通知/部署/指令, server/modules/directives), declared once: the routes
 * validate requests and serialise responses through these schemas, the OpenAPI document is generated from
 * them, and the web client imports their inferred types (type-only, so zod never enters the bundle).
 *
 * Request schemas carry the checks and the messages a 400 names; response schemas list every field the
 * server sends (the serialiser strips what a schema does not list) and check nothing beyond the types.
 */

// ---------------------------------------------------------------------------------------------------
// Field rules shared by the request schemas (the field named in a 400 is the zod path).

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex sha256 of an uploaded attachment');
/** A division code (2/4/6/9/12 digits) or a 15-digit grid code. */
export const unitCode = z.string().regex(/^\d{2}$|^\d{4}$|^\d{6}$|^\d{9}$|^\d{12}$|^\d{15}$/, 'must be a division code (2/4/6/9/12 digits) or a 15-digit grid code');
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time with offset, e.g. 2026-12-01T18:00:00+08:00' });
/** Ids are UUIDs (v7, written by the server). */
export const uuid = (field: string) => z.string().regex(/^[0-9a-f-]{36}$/, `${field} must be a UUID`);

/** 普通 / 紧急 / 特急. */
export const PRIORITIES = ['normal', 'urgent', 'critical'] as const;
export const priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof priority>;

/** One field of a structured reply form (落实反馈表); answers are checked against it (server/modules/directives/directive.ts). */
export const replyFormField = z.object({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'key: letters, digits, underscore; starts with a letter'),
  label: z.string().trim().min(1).max(100),
  type: z.enum(['text', 'number', 'choice', 'photo']),
  required: z.boolean().optional(),
  options: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional(),
});
export type ReplyFormField = z.infer<typeof replyFormField>;

/** Answers of a reply form by field key: text, a choice, a number or a photo's sha256. */
const answers = z.record(z.string(), z.union([z.string().max(4000), z.number()]));

// ---------------------------------------------------------------------------------------------------
// Requests

/** POST /api/directives (下发). */
export const issueBody = z.object({
  title: z.string().trim().min(1, 'title is required').max(200),
  body: z.string().trim().min(1, 'body is required').max(20000),
  issuingUnit: unitCode.describe('The issuing unit (the caller must hold directive.issue there)'),
  priority: priority.optional(),
  attachments: z.array(sha256).max(20).optional(),
  signDeadline: instant.optional(),
  reportDeadline: instant.optional(),
  remindAt: instant.optional(),
  targetUnits: z.array(unitCode).min(1).max(1000).optional().describe('Chosen units inside the issuing unit; absent = every unit below it'),
  targetRoles: z.array(z.enum(ROLES)).min(1).optional().describe('Chosen roles; absent = everyone holding a role in the target units'),
  replyForm: z.array(replyFormField).min(1).max(30).optional(),
  campaignId: uuid('campaignId').optional(),
});
export type IssueDirectiveBody = z.infer<typeof issueBody>;

/** POST /api/directives/:id/sign (签收): where the phone was, when it knows. */
export const signBody = z
  .object({
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
  })
  .optional();
export type SignDirectiveBody = z.infer<typeof signBody>;

/** POST /api/directives/:id/report (落实反馈). */
export const reportBody = z.object({
  text: z.string().trim().min(1, 'text is required').max(10000),
  unitCode: unitCode.optional().describe("Which of the caller's units the report is for; needed only when the directive reached them in several"),
  answers: answers.optional(),
  photos: z.array(sha256).max(20).optional(),
});
export type ReportImplementationBody = z.infer<typeof reportBody>;

/** POST /api/directives/:id/supplements (补充要求). */
export const supplementBody = z.object({
  unitCode,
  body: z.string().trim().min(1, 'body is required').max(10000),
});
export type AddSupplementBody = z.infer<typeof supplementBody>;

// ---------------------------------------------------------------------------------------------------
// Responses

/** A 补充要求 added by a unit on the way down. */
export const supplement = z.object({
  id: z.string(),
  unitCode: z.string(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export type Supplement = z.infer<typeof supplement>;

/** A directive as issued (presentDirective). */
export const directive = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  priority,
  attachments: z.array(z.string()).describe('sha256 of uploaded attachments'),
  issuer: z.object({ id: z.string().nullable(), name: z.string(), unitCode: z.string() }),
  targetUnits: z.array(z.string()).nullable().describe('null = every unit below the issuing unit'),
  targetRoles: z.array(z.string()).nullable().describe('null = every role'),
  replyForm: z.array(replyFormField).nullable(),
  signDeadline: z.string().nullable(),
  reportDeadline: z.string().nullable(),
  remindAt: z.string().nullable(),
  campaignId: z.string().nullable(),
  deliveredCount: z.number().describe('People the directive reached (one per role assignment)'),
  createdAt: z.string(),
  supplements: z.array(supplement),
});
export type Directive = z.infer<typeof directive>;

/** 201 of POST /api/directives. */
export const issueResponse = z.object({ directive });
export type IssueDirectiveResponse = z.infer<typeof issueResponse>;

/** GET /api/directives: directives issued by units inside the caller's roll-up scopes, newest first. */
export const directiveListResponse = z.object({ items: z.array(directive) });
export type DirectiveList = z.infer<typeof directiveListResponse>;

/** One of the caller's own deliveries of a directive (one per role assignment it reached). */
export const myDelivery = z.object({
  unitCode: z.string(),
  role: z.string(),
  deliveredAt: z.string(),
  signedAt: z.string().nullable(),
  reportedAt: z.string().nullable(),
  reportText: z.string().nullable(),
});
export type MyDelivery = z.infer<typeof myDelivery>;

/** GET /api/directives/:id: the directive with the supplements the caller may see and their own deliveries. */
export const directiveViewResponse = z.object({ directive, myDeliveries: z.array(myDelivery) });
export type DirectiveView = z.infer<typeof directiveViewResponse>;

/** One row of 我的通知: a delivery joined with its directive. */
export const inboxItem = z.object({
  id: z.string(),
  title: z.string(),
  priority,
  issuerName: z.string(),
  issuingCode: z.string(),
  signDeadline: z.string().nullable(),
  reportDeadline: z.string().nullable(),
  createdAt: z.string(),
  campaignId: z.string().nullable(),
  unitCode: z.string(),
  role: z.string(),
  signedAt: z.string().nullable(),
  reportedAt: z.string().nullable(),
});
export type InboxItem = z.infer<typeof inboxItem>;

/** GET /api/directives/inbox. */
export const inboxResponse = z.object({ items: z.array(inboxItem) });
export type Inbox = z.infer<typeof inboxResponse>;

/** 200 of POST /api/directives/:id/sign; a repeat sign answers the original time with alreadySigned. */
export const signResponse = z.object({
  directiveId: z.string(),
  signedAt: z.string(),
  alreadySigned: z.boolean(),
  deliveries: z.array(z.object({ unitCode: z.string(), role: z.string(), signedAt: z.string().nullable() })),
});
export type SignDirectiveResponse = z.infer<typeof signResponse>;

/** 200 of POST /api/directives/:id/report. */
export const reportResponse = z.object({ directiveId: z.string(), unitCode: z.string(), reportedAt: z.string() });
export type ReportImplementationResponse = z.infer<typeof reportResponse>;

/** 201 of POST /api/directives/:id/supplements. */
export const supplementResponse = z.object({ supplement });
export type AddSupplementResponse = z.infer<typeof supplementResponse>;

/** One child unit (or the unit's own level) in a roll-up. */
export const rollupRow = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string().nullable(),
  ownLevel: z.boolean().describe("The unit's own staff (本级), not a child unit"),
  reached: z.number(),
  signed: z.number(),
  signedPct: z.number(),
  units: z.number(),
  implementedUnits: z.number(),
  implementedPct: z.number(),
});
export type RollupRow = z.infer<typeof rollupRow>;

/** A person past the sign or report deadline (phone masked without people.readPersonal). */
export const overdueItem = z.object({
  kind: z.enum(['sign', 'report']),
  personId: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  role: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  deliveredAt: z.string(),
  escalationStep: z.number().nullable(),
});
export type OverdueItem = z.infer<typeof overdueItem>;

/** One person reached inside a grid or community (drill-down). */
export const rollupPerson = z.object({
  personId: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  role: z.string(),
  unitCode: z.string(),
  signedAt: z.string().nullable(),
  reportedAt: z.string().nullable(),
  reportText: z.string().nullable(),
  answers: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  photos: z.array(z.string()),
});
export type RollupPerson = z.infer<typeof rollupPerson>;

const rollupTotals = z.object({
  reached: z.number(),
  signed: z.number(),
  units: z.number(),
  implementedUnits: z.number(),
  signedPct: z.number(),
  implementedPct: z.number(),
});

/** GET /api/directives/:id/rollup (落实情况汇总). */
export const rollupResponse = z.object({
  directiveId: z.string(),
  unit: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  totals: rollupTotals,
  children: z.array(rollupRow),
  overdue: z.object({ unsignedCount: z.number(), unreportedCount: z.number(), items: z.array(overdueItem) }),
  people: z.array(rollupPerson).nullable().describe('People reached, for a grid or community; null above'),
  phonesMasked: z.boolean(),
});
export type Rollup = z.infer<typeof rollupResponse>;

/** GET /api/directives/:id/escalations (催签督办记录). */
export const escalationsResponse = z.object({
  items: z.array(
    z.object({
      step: z.number().describe('1 person reminded, 2 grid leader told, 3 unit leader told'),
      unitCode: z.string(),
      recipientId: z.string(),
      unsignedCount: z.number(),
      at: z.string(),
    }),
  ),
});
export type Escalations = z.infer<typeof escalationsResponse>;
