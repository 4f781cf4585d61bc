import { uuidv7 } from 'uuidv7';
import { allowedIds } from '../../access/access.ts';
import { requireAttachments } from '../../attachments/requireAttachments.ts';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Executor, Trx } from '../../storage/db.ts';
import type { CaseRow } from '../../storage/schema.ts';
import { pathOfCode } from '../../../shared/territory/codes.ts';
import { haversineMeters } from '../../../shared/geo.ts';
import { getGridIndex, locatePoint, type PolygonIndex } from '../territory/gridIndex.ts';
import { categoryOf, UNHANDLED_CASE_COLUMNS } from './case.ts';
import { newCaseNo, newTrackingCode } from './caseCodes.ts';
import { findCategory, findOpenCasesNear, insertCase, insertEvents } from './cases.repository.ts';
import { newHazardRow } from './hazard.ts';
import { insertHazard } from './hazards.repository.ts';
import { startStage, type SlaPolicy } from './stages.ts';
import type { ReportBody } from '../../../shared/cases/wire.ts';
import { activeSlaMultiplier, scaleStageLimits } from '../campaigns/activeSlaMultiplier.ts';

/** Duplicate window: same category, within this distance and time, still open (疑似重复). */
export const DUPLICATE_RADIUS_M = 100;
export const DUPLICATE_WINDOW_HOURS = 24;

export type CaseSource = 'grid_worker' | 'hotline' | 'public' | 'referral' | 'open311';

/** Body fields the other channels (Open311, inspections, the demo) may pass as null. */
type IntakeFields = Pick<ReportBody, 'categoryCode' | 'description' | 'location'> & {
  [K in 'address' | 'photos' | 'reporterName' | 'reporterPhone']?: ReportBody[K] | null;
};

/** The intake fields of the staff body (POST /api/cases), by an actor at a time, through one channel. */
export type ReportCaseOptions = IntakeFields & {
  actor: Actor;
  now: Date;
  /**
   * The grid index (getGridIndex on the app's db, fetched before the transaction: on SQLite a query
   * on the db handle inside a transaction would wait for that transaction forever).
   */
  gridIndex?: PolygonIndex;
  source: CaseSource;
  /** Kind-specific details: the body's hazard or dispute part, Open311 attributes, an inspection's finding. */
  details?: Record<string, unknown> | null;
  /** The server's 预警/升级 defaults (the app context's `slaPolicy`); absent = the shipped defaults. */
  slaPolicy?: Readonly<SlaPolicy> | undefined;
};

/**
 * 疑似重复 around a point: open cases of the category created in [since, until], within DUPLICATE_RADIUS_M,
 * that `actor` may read (a hint never names a case from across a district line). A bounding box first
 * (indexed by category + time), then the exact distance, then the central check in bulk. Used by intake
 * and by the console's merge dialog (listPossibleDuplicates), so both flag the same cases.
 */
export async function findPossibleDuplicates(
  db: Executor,
  o: { actor: Actor; categoryCode: string; at: { lat: number; lng: number }; since: string; until?: string; excludeId: string },
) {
  const dLat = DUPLICATE_RADIUS_M / 111_320;
  const dLng = DUPLICATE_RADIUS_M / (111_320 * Math.max(0.01, Math.cos((o.at.lat * Math.PI) / 180)));
  const candidates = await findOpenCasesNear(db, {
    categoryCode: o.categoryCode,
    since: o.since,
    ...(o.until ? { until: o.until } : {}),
    minLat: o.at.lat - dLat,
    maxLat: o.at.lat + dLat,
    minLng: o.at.lng - dLng,
    maxLng: o.at.lng + dLng,
    excludeId: o.excludeId,
  });
  const near = candidates
    .map((c) => ({ id: c.id, caseNo: c.case_no, state: c.state, description: c.description, createdAt: c.created_at, distanceM: Math.round(haversineMeters(o.at.lat, o.at.lng, c.lat, c.lng)) }))
    .filter((c) => c.distanceM <= DUPLICATE_RADIUS_M);
  if (near.length === 0) return near;
  const readable = await allowedIds(db, { actor: o.actor, action: 'case.read', resource: 'case', ids: near.map((c) => c.id) });
  return near.filter((c) => readable.has(c.id));
}


/**
 * Intake (信息采集): find the grid from the location, check the reporter may report there, open the
 * case in 'reported' with the filing clock running, record the first event and the audit entry, and
 * list likely duplicates for the filer.
 */
export async function reportCase(trx: Trx, o: ReportCaseOptions) {
  const categoryRow = await findCategory(trx, o.categoryCode);
  if (!categoryRow || categoryRow.active !== 1) {
    throw new AppError('VALIDATION_FAILED', `categoryCode: 未知分类 / unknown category "${o.categoryCode}" (GET /api/categories)`, 'categoryCode');
  }
  const category = categoryOf(categoryRow);

  // Without a prefetched index, build it on the transaction itself (uncached but never deadlocks).
  const gridIndex = o.gridIndex ?? (await getGridIndex(trx));
  const gridCode = locatePoint(gridIndex, o.location.lat, o.location.lng);
  if (!gridCode) {
    throw new AppError('OUTSIDE_TERRITORY', `location: 点 (${o.location.lat}, ${o.location.lng}) 不在任何网格内 / the point lies in no grid`, 'location');
  }
  const territoryPath = pathOfCode(gridCode);
  // External intake channels (resident portal, Open311 integrations) are not grid workers: no 属地 check.
  const externalChannel = o.source === 'public' || o.source === 'open311';
  if (!externalChannel && !(await allowedIds(trx, { actor: o.actor, action: 'case.report', resource: 'territory', ids: [gridCode] })).has(gridCode)) {
    // 属地管理: a grid worker reports inside their own grids only.
    throw new AppError('FORBIDDEN', `location: 该位置（网格 ${gridCode}）不在您的辖区 / you may not report cases in grid ${gridCode}`, 'location');
  }
  const photos = o.photos ?? [];
  await requireAttachments(trx, { actor: o.actor, photos, now: o.now });

  const nowIso = o.now.toISOString();
  // Campaign hook (专项行动): a running phase may tighten limits for cases opened now, e.g. ×0.5 in the key period.
  const slaMultiplier = await activeSlaMultiplier(trx, { gridPath: territoryPath, categoryCode: category.code, at: o.now });
  const { columns, unknownYears } = startStage('filing', scaleStageLimits(category.limits, slaMultiplier), o.now, category.sla, o.slaPolicy);
  const isDispute = category.kind === 'dispute';
  const details = isDispute ? { level: 'grid', ...(o.details ?? {}) } : (o.details ?? null);
  const row: CaseRow = {
    id: uuidv7(),
    case_no: newCaseNo(o.now),
    kind: category.kind,
    category_code: category.code,
    state: 'reported',
    description: o.description,
    address: o.address ?? null,
    lat: o.location.lat,
    lng: o.location.lng,
    grid_code: gridCode,
    territory_path: territoryPath,
    source: o.source,
    reporter_id: o.source === 'public' ? null : o.actor.id,
    reporter_name: o.reporterName ?? (o.source === 'grid_worker' ? o.actor.displayName : null),
    reporter_phone: o.reporterPhone ?? null,
    tracking_code: o.source === 'public' ? newTrackingCode() : null,
    ...UNHANDLED_CASE_COLUMNS,
    ...columns,
    escalation_level: 0,
    overdue_count: 0,
    calendar_unknown_years: unknownYears.length ? unknownYears.join(',') : null,
    closed_at: null,
    closed_on_time: null,
    duplicate_of: null,
    dispute_level: isDispute ? 'grid' : null,
    details_json: details ? JSON.stringify(details) : null,
    sla_multiplier: slaMultiplier,
    version: 1,
    created_at: nowIso,
    updated_at: nowIso,
  };
  await insertCase(trx, row);
  // 风险隐患台账: every hazard case has its register row from the start (grade from the report).
  if (category.kind === 'hazard') {
    const grade = (details as { grade?: unknown } | null)?.grade;
    await insertHazard(trx, newHazardRow(row.id, typeof grade === 'string' ? grade : null, nowIso));
  }
  await insertEvents(trx, [
    {
      id: uuidv7(),
      case_id: row.id,
      at: nowIso,
      actor_id: o.actor.id,
      actor_name: o.source === 'public' ? '公众' : o.actor.displayName,
      action: 'report',
      from_state: null,
      to_state: 'reported',
      note: null,
      lat: o.location.lat,
      lng: o.location.lng,
      photos_json: photos.length ? JSON.stringify(photos) : null,
      data_json: JSON.stringify({ source: o.source, ...(unknownYears.length ? { calendarUnknownYears: unknownYears } : {}) }),
    },
  ]);
  await appendAudit(trx, o.actor, {
    action: 'case.report',
    recordType: 'case',
    recordId: row.id,
    after: { caseNo: row.case_no, categoryCode: row.category_code, gridCode, source: o.source, stageDueAt: row.stage_due_at, calendarUnknownYears: unknownYears },
  });

  const possibleDuplicates = await findPossibleDuplicates(trx, {
    actor: o.actor,
    categoryCode: category.code,
    at: o.location,
    since: new Date(o.now.getTime() - DUPLICATE_WINDOW_HOURS * 3_600_000).toISOString(),
    excludeId: row.id,
  });
  return { row, possibleDuplicates, calendarUnknownYears: unknownYears };
}
