import { AppError } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import type { CaseCategoryRow } from '../../storage/schema.ts';
import { findCasesByCaseNo, findPublicCases } from './open311.repository.ts';
import type { ServiceRequestQuery } from './open311.schemas.ts';
import { PUBLIC_SOURCES } from '../cases/publication.ts';
import { isPublicCase, isTrackable, presentServiceRequest, PUBLIC_KINDS, statesFor, type Open311ServiceRequest } from './open311Requests.ts';

/** GeoReport v2 "Response Volume": a span of 90 days or the first 1,000 requests, whichever is smaller. */
export const DEFAULT_SPAN_DAYS = 90;
export const MAX_REQUESTS = 1000;
const DAY_MS = 86_400_000;

async function categoryMap(db: Executor): Promise<Map<string, CaseCategoryRow>> {
  const rows = await db.selectFrom('case_categories').selectAll().execute();
  return new Map(rows.map((r) => [r.code, r]));
}

/** GET requests: cases staff marked public (公开) matching the filters, newest first. */
export async function listServiceRequests(db: Executor, o: { now: Date; query: ServiceRequestQuery }): Promise<Open311ServiceRequest[]> {
  const q = o.query;
  const categories = await categoryMap(db);
  if (q.serviceRequestIds) {
    // The spec: service_request_id overrides all other arguments.
    const rows = await findCasesByCaseNo(db, q.serviceRequestIds);
    return rows.filter(isPublicCase).map((r) => presentServiceRequest(r, categories));
  }
  let from: Date;
  let to: Date;
  if (q.startDate && q.endDate) {
    from = q.startDate;
    to = q.endDate;
  } else if (q.startDate) {
    from = q.startDate;
    to = new Date(Math.min(o.now.getTime(), from.getTime() + DEFAULT_SPAN_DAYS * DAY_MS));
  } else if (q.endDate) {
    to = q.endDate;
    from = new Date(to.getTime() - DEFAULT_SPAN_DAYS * DAY_MS);
  } else {
    to = o.now;
    from = new Date(to.getTime() - DEFAULT_SPAN_DAYS * DAY_MS);
  }
  if (to < from) throw new AppError('VALIDATION_FAILED', 'end_date: 不能早于 start_date / end_date is before start_date', 'end_date');
  if (to.getTime() - from.getTime() > DEFAULT_SPAN_DAYS * DAY_MS) {
    throw new AppError('VALIDATION_FAILED', `end_date: 时间范围不能超过 ${DEFAULT_SPAN_DAYS} 天 / start_date..end_date may not span more than ${DEFAULT_SPAN_DAYS} days`, 'end_date');
  }
  const rows = await findPublicCases(db, {
    kinds: PUBLIC_KINDS,
    sources: PUBLIC_SOURCES,
    ...(q.serviceCodes ? { categoryCodes: q.serviceCodes } : {}),
    ...(q.statuses ? { states: statesFor(q.statuses) } : {}),
    from: from.toISOString(),
    to: to.toISOString(),
    limit: MAX_REQUESTS,
  });
  return rows.map((r) => presentServiceRequest(r, categories));
}

/** GET requests/{id}: one request as a one-element array, or NOT_FOUND (404). */
export async function getServiceRequest(db: Executor, o: { serviceRequestId: string }): Promise<Open311ServiceRequest[]> {
  const [row] = await findCasesByCaseNo(db, [o.serviceRequestId]);
  if (!row || !isTrackable(row)) {
    throw new AppError('NOT_FOUND', `service_request_id: 未找到 / service request ${o.serviceRequestId} was not found`, 'service_request_id');
  }
  return [presentServiceRequest(row, await categoryMap(db))];
}
