import { CASE_STATE_NAMES, CASE_STATES, type CaseState } from '../../../shared/cases/stateMachine.ts';
import { CLOSED_STATES } from '../cases/case.ts';
import { formatChinaTime } from '../../../shared/sla/index.ts';
import type { CaseCategoryRow, CaseRow } from '../../storage/schema.ts';
import type { CaseWithAgency } from './open311.repository.ts';
import { isPublished, PUBLISHABLE_KINDS } from '../cases/publication.ts';
import { coarsenAddress, coarsenLocation } from '../../../shared/privacy/coarsen.ts';
import { scrubPersonalData } from '../../../shared/privacy/scrub.ts';
import type { Open311ServiceRequest } from '../../../shared/open311/wire.ts';

/**
 * What Open311 shows of a case, and to whom (docs/open311.md, "GET requests — what is public").
 *
 * The public feed (GET requests) lists only cases staff marked public (公开) — and only resident reports
 * can be: an event that came in through the portal or Open311 (server/modules/cases/publication.ts).
 * Grid-worker, hotline and referral reports are staff work and never listed; disputes (parties' personal
 * data) and hazards (risk information) never. What is listed is scrubbed of personal data
 * (shared/privacy/scrub.ts) and its location coarsened to a ≈100 m cell (shared/privacy/coarsen.ts).
 * A request filed through Open311 can always be tracked by its id, but until it is public only its
 * status: no description, address, location or media. Reporter personal data (name, phone, email) is
 * never part of any Open311 response.
 */
export const PUBLIC_KINDS: readonly string[] = PUBLISHABLE_KINDS;

/** Is this case shown in full (listed on the feed)? */
export function isPublicCase(row: Pick<CaseRow, 'kind' | 'source' | 'published_at'>): boolean {
  return isPublished(row);
}

/** May GET requests/{id} answer for this case at all? */
export function isTrackable(row: Pick<CaseRow, 'kind' | 'source' | 'published_at'>): boolean {
  return isPublicCase(row) || row.source === 'open311';
}

/** Internal stage → GeoReport status: terminal and closed stages are 'closed', everything else 'open'. */
export function open311Status(state: string): 'open' | 'closed' {
  return CLOSED_STATES.includes(state) ? 'closed' : 'open';
}

/** Internal states that count as the given Open311 statuses (for the status filter). */
export function statesFor(statuses: readonly ('open' | 'closed')[]): string[] {
  return (CASE_STATES as readonly string[]).filter((s) => statuses.includes(open311Status(s)));
}

/** The internal stage in Chinese and English, e.g. "处置中 In handling". */
export function statusNotes(state: string): string {
  const names = CASE_STATE_NAMES[state as CaseState];
  return names ? `${names.zh} ${names.en}` : state;
}

/** What the resident can expect: the category's closing criteria. */
export function serviceNotice(category: Pick<CaseCategoryRow, 'closing_criteria'> | undefined): string | null {
  if (!category?.closing_criteria) return null;
  return `办结标准：${category.closing_criteria} / Closed when the closing criteria above are met`;
}

function mediaUrlOf(row: CaseRow): string | null {
  if (!row.details_json) return null;
  try {
    const details = JSON.parse(row.details_json) as { open311?: { mediaUrl?: string | null } };
    return details.open311?.mediaUrl ?? null;
  } catch {
    return null;
  }
}

/**
 * A stored time as the spec's W3C date-time with an explicit offset and whole seconds, in China time:
 * 2026-03-02T09:00:00+08:00 (what strict client parsers such as yyyy-MM-dd'T'HH:mm:ssXXX accept).
 */
export function w3cTime(value: string | Date | null): string | null {
  if (value === null) return null;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) return null;
  return formatChinaTime(Math.floor(ms / 1000) * 1000);
}

/** One service request in the spec's field order. Ids as strings, lat/long WGS84 numbers. */
export function presentServiceRequest(row: CaseWithAgency, categories: ReadonlyMap<string, CaseCategoryRow>): Open311ServiceRequest {
  const category = categories.get(row.category_code);
  const status = open311Status(row.state);
  const full = isPublicCase(row);
  const point = full ? coarsenLocation(row.lat, row.lng) : null;
  return {
    service_request_id: row.case_no,
    status,
    status_notes: statusNotes(row.state),
    service_name: category?.name_zh ?? row.category_code,
    service_code: row.category_code,
    description: full ? scrubPersonalData(row.description) : null,
    agency_responsible: full ? row.agency_name : null,
    service_notice: serviceNotice(category),
    requested_datetime: w3cTime(row.created_at),
    updated_datetime: w3cTime(row.closed_at ?? row.updated_at),
    expected_datetime: status === 'open' ? w3cTime(row.stage_due_at) : null,
    address: full ? coarsenAddress(row.address) : null,
    address_id: null,
    zipcode: null,
    lat: point ? point.lat : null,
    long: point ? point.lng : null,
    media_url: full ? mediaUrlOf(row) : null,
  };
}
export type { Open311ServiceRequest };
