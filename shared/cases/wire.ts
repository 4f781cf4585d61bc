/**
 * Wire shapes of the case API (案件闭环): declared once here, used by the server's routes (request
 * validation, response serialisation, the OpenAPI document) and — type-only — by the web client.
 * A response schema lists every key the presenter writes: the serialiser strips what it does not list.
 * Presenters: server/modules/cases/case.ts (case, event, ledger), hazard.ts, mediation.ts.
 */
import { z } from 'zod';
import { CASE_ACTIONS, CASE_STATES } from './stateMachine.ts';

// ---------------------------------------------------------------------------------------------------
// Requests the web client sends (the server validates them; the other request schemas stay in
// server/modules/cases/cases.schemas.ts).

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex sha256 of an uploaded attachment');
/** An uploaded attachment's sha256 (POST /api/uploads). */
export const attachmentSha256 = sha256;
export const location = z.object({
  lat: z.number().min(-90, 'lat must be -90..90').max(90, 'lat must be -90..90'),
  lng: z.number().min(-180, 'lng must be -180..180').max(180, 'lng must be -180..180'),
});
export type Location = z.infer<typeof location>;
export const phone = z.string().trim().regex(/^[0-9+\-\s]{5,20}$/, 'must be a phone number');

/** 风险隐患等级, most serious first. */
export const HAZARD_GRADES = ['重大', '较大', '一般', '低'] as const;

/** 风险隐患 details: grade, plan, responsible unit/person, deadline, re-inspection, sign-off. */
export const hazardDetails = z.object({
  grade: z.enum(HAZARD_GRADES),
  plan: z.string().max(2000).optional(),
  responsibleUnit: z.string().max(200).optional(),
  responsiblePerson: z.string().max(100).optional(),
  deadline: z.string().max(40).optional(),
  reinspection: z.string().max(2000).optional(),
  signedOffBy: z.string().max(100).optional(),
});

/**
 * The pending 上交 (escalation) request a dispute keeps under details.escalationRequest until a leader of
 * the next level decides it (server/modules/cases/escalateDispute.ts writes it; the console shows it).
 */
export const escalationRequest = z.object({
  from: z.string().describe('dispute level the case is at: grid | community | street | county'),
  to: z.string().describe('the next level up'),
  reason: z.string(),
  requestedBy: z.string(),
  requestedByName: z.string(),
  at: z.string(),
});
export type EscalationRequest = z.infer<typeof escalationRequest>;

/** 矛盾纠纷 details: parties (personal data, masked by role), type, amount, sessions, agreement, outcome. */
export const disputeDetails = z.object({
  parties: z.array(z.object({ name: z.string().trim().min(1).max(100), phone: phone.nullable().optional() })).max(20).optional(),
  type: z.string().max(100).optional(),
  amount: z.number().min(0).optional(),
  sessions: z.array(z.object({ at: z.string().max(40), note: z.string().max(2000) })).max(100).optional(),
  agreement: z.string().max(4000).optional(),
  outcome: z.string().max(200).optional(),
});

/** POST /api/cases: staff intake (Idempotency-Key required). */
export const reportBody = z.object({
  categoryCode: z.string().trim().min(1, 'categoryCode is required').max(20),
  description: z.string().trim().min(1, 'description is required').max(4000),
  location,
  address: z.string().trim().max(300).optional(),
  photos: z.array(sha256).max(20).optional(),
  source: z.enum(['grid_worker', 'hotline', 'referral']).optional(),
  reporterName: z.string().trim().max(100).optional(),
  reporterPhone: phone.optional(),
  hazard: hazardDetails.optional(),
  dispute: disputeDetails.optional(),
});
export type ReportBody = z.infer<typeof reportBody>;

/** POST /api/cases/public: a resident's submission (群众诉求, no login; Idempotency-Key required). */
export const publicReportBody = z.object({
  categoryCode: z.string().trim().min(1, 'categoryCode is required').max(20),
  description: z.string().trim().min(1, 'description is required').max(4000),
  location,
  address: z.string().trim().max(300).optional(),
  photos: z.array(sha256).max(9).optional(),
  contact: z.object({ name: z.string().trim().max(100).optional(), phone: phone.optional() }).optional(),
});
export type PublicReportBody = z.infer<typeof publicReportBody>;

/** POST /api/cases/:id/actions: one workflow action through the shared state machine. */
export const actionBody = z.object({
  action: z.enum(CASE_ACTIONS, { message: `action must be one of ${CASE_ACTIONS.join(', ')}` }),
  reason: z.string().max(1000).optional(),
  extendBy: z.string().max(20).optional(),
  note: z.string().max(2000).optional(),
  location: location.optional(),
  photos: z.array(sha256).max(20).optional(),
  departmentId: z.string().max(64).optional(),
  expectedVersion: z.number().int().min(1).optional(),
});
export type ActionBody = z.infer<typeof actionBody>;

/** 公开 toggle: list the resident's report on the public feed (true) or take it off (false). */
export const publicationBody = z.object({ public: z.boolean({ error: 'public must be true or false' }) });
export type PublicationBody = z.infer<typeof publicationBody>;

// ---------------------------------------------------------------------------------------------------
// Responses.

const caseState = z.enum(CASE_STATES);
const stageLimits = z.object({ filing: z.string(), dispatch: z.string(), handling: z.string(), verification: z.string() });

/** One category of the taxonomy with its stage limits, effective 预警/升级 policy and criteria (GET /api/categories). */
export const category = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  nameZh: z.string(),
  nameEn: z.string(),
  kind: z.string().describe('case kind: general | hazard | dispute | ...'),
  departmentKind: z.string(),
  departmentLevel: z.string(),
  limits: stageLimits.describe('per-stage limits in SLA notation ("2wh", "3wd", "4h")'),
  sla: z.object({ warnShare: z.number(), escalateAfter: z.string().nullable() }).describe("effective 预警/升级 policy: the category's override on the server defaults"),
  filingCriteria: z.string(),
  closingCriteria: z.string(),
});
export type Category = z.infer<typeof category>;
export const categoriesResponse = z.object({ categories: z.array(category) });
export type CategoriesResponse = z.infer<typeof categoriesResponse>;

export const pendingRequest = z.object({
  kind: z.enum(['extension', 'return', 'suspension', 'void']),
  reason: z.string(),
  requestedInState: caseState,
  extendBy: z.string().optional(),
});

/** A case as presentCase writes it (personal data masked unless personalDataMasked is false). */
export const caseFields = z.object({
  id: z.string(),
  caseNo: z.string(),
  kind: z.string(),
  categoryCode: z.string(),
  state: caseState,
  description: z.string(),
  address: z.string().nullable(),
  location,
  gridCode: z.string(),
  source: z.string(),
  reporterId: z.string().nullable(),
  reporterName: z.string().nullable(),
  reporterPhone: z.string().nullable(),
  personalDataMasked: z.boolean(),
  departmentId: z.string().nullable(),
  handlerId: z.string().nullable(),
  reworkCount: z.number(),
  pendingRequest: pendingRequest.nullable(),
  resumeTo: caseState.nullable(),
  selfResolved: z.boolean(),
  selfResolvedBy: z.string().nullable(),
  stage: z.string().nullable(),
  stageLimit: z.string().nullable(),
  stageStartedAt: z.string().nullable(),
  stageDueAt: z.string().nullable(),
  stageWarnAt: z.string().nullable(),
  stageEscalateAt: z.string().nullable(),
  warnedAt: z.string().nullable(),
  supervisedAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  escalationLevel: z.number(),
  calendarUnknownYears: z.array(z.number()).describe('years the holiday calendar did not know when a deadline was computed'),
  closedAt: z.string().nullable(),
  closedOnTime: z.boolean().nullable(),
  duplicateOf: z.string().nullable(),
  disputeLevel: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable().describe('kind-specific details (hazard grade, dispute parties, open311 submitter); personal data masked'),
  publishedAt: z.string().nullable().describe('公开: when staff listed this resident report on the public feed; null = not public'),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type CaseFields = z.infer<typeof caseFields>;

/** A case for one caller (presentCaseFor): with the actions the state machine offers them and extra operations. */
export const caseView = caseFields.extend({
  actions: z.array(z.string()).describe('workflow actions the caller may take now'),
  caseOps: z.array(z.string()).describe('extra operations offered: merge, dispute ladder, publish'),
});
export type CaseView = z.infer<typeof caseView>;
/** Answer of every endpoint that changes a case. */
export const caseResponse = z.object({ case: caseView });
export type CaseResponse = z.infer<typeof caseResponse>;

/** A case in a list: always masked, with the caller's actions and whether they may open its personal data. */
export const caseListItem = caseFields.extend({ actions: z.array(z.string()), canReadPersonal: z.boolean() });
export type CaseListItem = z.infer<typeof caseListItem>;
export const caseListResponse = z.object({ cases: z.array(caseListItem), nextCursor: z.string().nullable() });
export type CaseList = z.infer<typeof caseListResponse>;

/** A timeline entry (案件时间线). */
export const caseEvent = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  note: z.string().nullable(),
  location: location.nullable(),
  photos: z.array(z.string()),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type CaseEvent = z.infer<typeof caseEvent>;

/** One line of the controlled-action ledger (延期/回退/缓办/作废台账). */
export const ledgerEntry = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  kind: z.string(),
  step: z.string(),
  action: z.string(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  extendBy: z.string().nullable(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
});
export type LedgerEntry = z.infer<typeof ledgerEntry>;

/** A hazard's register entry (风险隐患台账); the case's own fields come with the case. */
export const hazardEntry = z.object({
  grade: z.string().nullable(),
  status: z.string(),
  statusZh: z.string(),
  plan: z.string().nullable(),
  responsibleUnit: z.string().nullable(),
  responsiblePerson: z.object({ id: z.string().nullable(), name: z.string() }).nullable(),
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  plannedBy: z.string().nullable(),
  plannedAt: z.string().nullable(),
  reinspectionCount: z.number(),
  lastReinspection: z.object({ result: z.string(), at: z.string().nullable(), by: z.string().nullable() }).nullable(),
  signedOffBy: z.string().nullable(),
  signedOffAt: z.string().nullable(),
});
export type HazardEntry = z.infer<typeof hazardEntry>;

/** 复查: one re-inspection with its evidence. */
export const reinspection = z.object({
  id: z.string(),
  result: z.string(),
  note: z.string(),
  photos: z.array(z.string()),
  inspectorId: z.string().nullable(),
  inspectorName: z.string(),
  at: z.string(),
});

/** 调解记录: one mediation session; parties masked unless the caller reads personal data. */
export const mediationSession = z.object({
  id: z.string(),
  date: z.string(),
  mediator: z.string(),
  place: z.string(),
  partiesPresent: z.array(z.object({ name: z.string(), phone: z.string().nullable() })),
  summary: z.string().nullable(),
  outcome: z.string(),
  outcomeZh: z.string(),
  recordedBy: z.string(),
  createdAt: z.string(),
});
export type MediationSession = z.infer<typeof mediationSession>;

/** GET /api/cases/:id: the case with its timeline, ledger and kind-specific parts (hazard, dispute). */
export const caseDetailResponse = z.object({
  case: caseView,
  timeline: z.array(caseEvent),
  ledger: z.array(ledgerEntry),
  hazard: hazardEntry.nullable().optional().describe('hazard cases only'),
  reinspections: z.array(reinspection).optional().describe('hazard cases only'),
  mediationSessions: z.array(mediationSession).optional().describe('dispute cases only'),
});
export type CaseDetail = z.infer<typeof caseDetailResponse>;

/** 疑似重复: an open case of the same category nearby that the caller may read. */
export const possibleDuplicate = z.object({
  id: z.string(),
  caseNo: z.string(),
  state: z.string(),
  description: z.string(),
  createdAt: z.string(),
  distanceM: z.number(),
});
export type PossibleDuplicate = z.infer<typeof possibleDuplicate>;
export const possibleDuplicatesResponse = z.object({ possibleDuplicates: z.array(possibleDuplicate) });
export type PossibleDuplicates = z.infer<typeof possibleDuplicatesResponse>;

/** POST /api/cases (201): the new case and the duplicates the filer should look at. */
export const reportResponse = z.object({ case: caseView, possibleDuplicates: z.array(possibleDuplicate) });
export type ReportResponse = z.infer<typeof reportResponse>;

/** POST /api/cases/public (201): what the resident keeps to follow the submission. */
export const publicReportResponse = z.object({ trackingCode: z.string().nullable(), caseNo: z.string(), state: z.string() });
export type PublicReportResponse = z.infer<typeof publicReportResponse>;

/** GET /api/public/cases/:trackingCode: status only, no personal data, no staff names. */
export const publicCaseStatus = z.object({
  trackingCode: z.string(),
  caseNo: z.string(),
  categoryCode: z.string(),
  state: z.string(),
  stateName: z.object({ zh: z.string(), en: z.string() }),
  reportedAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
});
export type PublicCaseStatus = z.infer<typeof publicCaseStatus>;

/** POST /api/uploads (201). uploadToken only for an anonymous uploader (shown once). */
export const uploadResponse = z.object({ sha256: z.string(), mime: z.string(), size: z.number(), uploadToken: z.string().optional() });
export type UploadResponse = z.infer<typeof uploadResponse>;

/** GET /api/cases/:id/suggested-handler: 派遣建议; department null when none is configured. */
export const suggestedHandler = z.object({
  departmentKind: z.string(),
  level: z.string(),
  territoryCode: z.string(),
  department: z.object({ id: z.string(), code: z.string(), nameZh: z.string(), kind: z.string() }).nullable(),
});
export type SuggestedHandler = z.infer<typeof suggestedHandler>;

/** One entry of the caller's inbox (消息). */
export const notification = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notification>;
export const notificationsResponse = z.object({ notifications: z.array(notification), nextCursor: z.string().nullable() });
export type NotificationList = z.infer<typeof notificationsResponse>;

export const okResponse = z.object({ ok: z.literal(true) });

/** One row of the hazard register list: the case's identity plus its hazard entry. */
export const hazardRegisterRow = hazardEntry.extend({
  caseId: z.string(),
  caseNo: z.string(),
  categoryCode: z.string(),
  description: z.string(),
  address: z.string().nullable(),
  gridCode: z.string(),
  state: z.string(),
  departmentId: z.string().nullable(),
  createdAt: z.string(),
});
export type HazardRegisterRow = z.infer<typeof hazardRegisterRow>;
export const hazardListResponse = z.object({ hazards: z.array(hazardRegisterRow), nextCursor: z.string().nullable() });
export type HazardList = z.infer<typeof hazardListResponse>;

/** Answer of the hazard steps (plan, re-inspection); sign-off adds whether it closed the case. */
export const hazardStepResponse = z.object({ case: caseView, hazard: hazardEntry });
export const hazardSignoffResponse = hazardStepResponse.extend({ caseClosed: z.boolean() });

/** POST /api/cases/:id/mediation-sessions (201): the case and the session as presented to the recorder. */
export const mediationSessionResponse = z.object({ case: caseView, session: mediationSession });

/** GET /api/attachments/:sha256: the image itself (binary, never JSON; the declaration documents it). */
export const attachmentBytes = z.unknown().describe('the image bytes, Content-Type image/jpeg, image/png or image/webp');
/** 304 Not Modified: no body (the ETag is the content hash). */
export const notModified = z.undefined().describe('not modified: no body');
/** GET /api/hazards/export.xlsx: the register as a workbook (binary). */
export const xlsxBytes = z.unknown().describe('XLSX workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)');
