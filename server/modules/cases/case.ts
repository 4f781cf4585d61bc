import { maskName, maskPhone } from '../../../shared/access/roles.ts';
import { findPersonalData, scrubPersonalData } from '../../../shared/privacy/scrub.ts';
import { CLOSED_STATES as FINISHED_STATES, type CaseSnapshot, type CaseState, type PendingRequest } from '../../../shared/cases/stateMachine.ts';
import type { CaseEvent, CaseFields, LedgerEntry } from '../../../shared/cases/wire.ts';
import type { CaseCategoryRow, CaseEventRow, CaseLedgerRow, CaseRow } from '../../storage/schema.ts';
import type { CategoryDef, StageLimits } from './taxonomy.ts';
import { categorySlaOverride } from './stages.ts';

/** Columns of a case nobody has handled yet: no department or handler, no rework, no pending request, not self-resolved. */
export const UNHANDLED_CASE_COLUMNS = {
  department_id: null,
  handler_id: null,
  rework_count: 0,
  pending_request_json: null,
  resume_to: null,
  self_resolved: 0,
  self_resolved_by: null,
} as const satisfies Partial<CaseRow>;

/** Row → the state machine's view of a case. */
export function snapshotOf(row: CaseRow): CaseSnapshot {
  return {
    state: row.state as CaseState,
    reworkCount: row.rework_count,
    pendingRequest: row.pending_request_json ? (JSON.parse(row.pending_request_json) as PendingRequest) : null,
    resumeTo: (row.resume_to as CaseState | null) ?? null,
    selfResolved: row.self_resolved === 1,
    selfResolvedBy: row.self_resolved_by,
  };
}

/** Category row → the taxonomy's shape. */
export function categoryOf(row: CaseCategoryRow): CategoryDef {
  return {
    code: row.code,
    parentCode: row.parent_code,
    nameZh: row.name_zh,
    nameEn: row.name_en ?? '',
    kind: row.kind as CategoryDef['kind'],
    departmentKind: row.department_kind as CategoryDef['departmentKind'],
    departmentLevel: row.department_level as CategoryDef['departmentLevel'],
    ...limitsAndPolicy(row.limits_json),
    filingCriteria: row.filing_criteria,
    closingCriteria: row.closing_criteria,
  };
}

/** limits_json holds the four stage limits and, optionally, the category's warnShare/escalateAfter override. */
function limitsAndPolicy(text: string): Pick<CategoryDef, 'limits' | 'sla'> {
  const stored = JSON.parse(text) as Record<string, unknown>;
  const limits = { filing: stored['filing'], dispatch: stored['dispatch'], handling: stored['handling'], verification: stored['verification'] } as StageLimits;
  const sla = categorySlaOverride(stored);
  return sla ? { limits, sla } : { limits };
}

/** Parse stored JSON, tolerating null. */
export function parseJson<T>(text: string | null): T | null {
  return text ? (JSON.parse(text) as T) : null;
}

/** An email address with the local part hidden but its first character: z****@example.cn. */
export function maskEmail(email: string | null): string | null {
  if (!email) return email;
  const at = email.lastIndexOf('@');
  if (at <= 0) return '*'.repeat(email.length);
  return `${email[0]}****${email.slice(at)}`;
}

/**
 * Whether a case holds personal data that masking hides (so an unmasked read is audited): the
 * reporter's name or phone, dispute parties, an Open311 submitter's email (details.open311.email), or
 * personal data the scrubber finds in the description (shown verbatim only to an unmasked reader).
 */
export function hasPersonalData(row: Pick<CaseRow, 'reporter_phone' | 'details_json'> & Partial<Pick<CaseRow, 'reporter_name' | 'description'>>): boolean {
  return (
    row.reporter_phone !== null ||
    (row.reporter_name ?? null) !== null ||
    /"(parties|email)"/.test(row.details_json ?? '') ||
    (row.description !== undefined && findPersonalData(row.description).length > 0)
  );
}

/** Personal data inside details (dispute parties' names and phones, Open311 submitter's email) masked unless the caller may read it. */
function presentDetails(details: Record<string, unknown> | null, unmasked: boolean): Record<string, unknown> | null {
  if (!details || unmasked) return details;
  const out: Record<string, unknown> = { ...details };
  if (Array.isArray(out['parties'])) {
    out['parties'] = (out['parties'] as { name?: string; phone?: string | null }[]).map((p) => ({ ...p, ...(p.name !== undefined ? { name: maskName(p.name) } : {}), phone: maskPhone(p.phone ?? null) }));
  }
  const open311 = out['open311'];
  if (open311 && typeof open311 === 'object' && typeof (open311 as { email?: unknown }).email === 'string') {
    out['open311'] = { ...open311, email: maskEmail((open311 as { email: string }).email) };
  }
  return out;
}

/** The wire shape of a case. `unmasked` only when the caller holds people.readPersonal (the read is audited). */
export function presentCase(row: CaseRow, unmasked: boolean): CaseFields {
  return {
    id: row.id,
    caseNo: row.case_no,
    kind: row.kind,
    categoryCode: row.category_code,
    state: row.state as CaseState,
    // Free text is where residents type phones and names the structured fields mask: scrubbed for a masked reader.
    description: unmasked ? row.description : scrubPersonalData(row.description),
    address: row.address,
    location: { lat: row.lat, lng: row.lng },
    gridCode: row.grid_code,
    source: row.source,
    reporterId: row.reporter_id,
    reporterName: unmasked ? row.reporter_name : maskName(row.reporter_name),
    reporterPhone: unmasked ? row.reporter_phone : maskPhone(row.reporter_phone),
    personalDataMasked: !unmasked,
    departmentId: row.department_id,
    handlerId: row.handler_id,
    reworkCount: row.rework_count,
    pendingRequest: parseJson<PendingRequest>(row.pending_request_json),
    resumeTo: row.resume_to as CaseState | null,
    selfResolved: row.self_resolved === 1,
    selfResolvedBy: row.self_resolved_by,
    stage: row.stage,
    stageLimit: row.stage_limit,
    stageStartedAt: row.stage_started_at,
    stageDueAt: row.stage_due_at,
    stageWarnAt: row.stage_warn_at,
    stageEscalateAt: row.stage_escalate_at,
    warnedAt: row.warned_at,
    supervisedAt: row.supervised_at,
    escalatedAt: row.escalated_at,
    escalationLevel: row.escalation_level,
    calendarUnknownYears: row.calendar_unknown_years ? row.calendar_unknown_years.split(',').map(Number) : [],
    closedAt: row.closed_at,
    closedOnTime: row.closed_on_time === null ? null : row.closed_on_time === 1,
    duplicateOf: row.duplicate_of,
    disputeLevel: row.dispute_level,
    details: presentDetails(parseJson<Record<string, unknown>>(row.details_json), unmasked),
    /** 公开: when staff listed this resident report on the public feed; null = not public. */
    publishedAt: row.published_at ?? null,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
export type CaseView = ReturnType<typeof presentCase>;

/** A timeline entry; its note (a reply, a handler's remark) is scrubbed of personal data unless the caller reads it unmasked. */
export function presentEvent(row: CaseEventRow, unmasked: boolean): CaseEvent {
  return {
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    fromState: row.from_state,
    toState: row.to_state,
    note: unmasked || row.note === null ? row.note : scrubPersonalData(row.note),
    location: row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null,
    photos: parseJson<string[]>(row.photos_json) ?? [],
    data: parseJson<Record<string, unknown>>(row.data_json),
  };
}

/** A ledger line; reason and note scrubbed of personal data unless the caller reads it unmasked. */
export function presentLedger(row: CaseLedgerRow, unmasked: boolean): LedgerEntry {
  return {
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    kind: row.kind,
    step: row.step,
    action: row.action,
    reason: unmasked || row.reason === null ? row.reason : scrubPersonalData(row.reason),
    note: unmasked || row.note === null ? row.note : scrubPersonalData(row.note),
    extendBy: row.extend_by,
    fromState: row.from_state,
    toState: row.to_state,
  };
}

/** States in which a case is finished (shared/cases/stateMachine.ts), as a list of stored state strings. */
export const CLOSED_STATES: readonly string[] = FINISHED_STATES;
