import { createHash } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { systemActor, type Actor } from '../../access/actor.ts';
import { actorCan, actorHasAction } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError, errorBody, type ErrorBody } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { PatrolCheckinRow } from '../../storage/schema.ts';
import { distanceOutsideGeofence } from '../../../shared/patrols/geo.ts';
import { parseQrPayload, qrValidity } from '../../../shared/patrols/qr.ts';
import { checkinsByNonces, insertCheckinsIgnoringDuplicates, plannedVisitsFor, sitesByIds } from './patrols.repository.ts';
import type { CheckinBody as CheckinInput } from '../../../shared/patrols/wire.ts';
import type { QrSigner } from './qrSigner.ts';
import { toSite, type Site } from './sites.ts';

/** How long a phone may hold a check-in offline before it syncs. */
export const MAX_OFFLINE_HOURS = 72;
/** Clock skew tolerated for check-ins from the future. */
const MAX_FUTURE_MS = 5 * 60_000;
/** GPS fixes are trusted to their reported accuracy, at most this much (a larger claim buys nothing). */
const MAX_GPS_TOLERANCE_M = 30;
/** A QR check-in that also sends a GPS fix must be roughly there: indoor GPS drifts, so this is generous. */
const QR_GPS_TOLERANCE_M = 200;
/** A planned visit authorises check-ins this long before its shift starts and after it ends (late syncs carry their own time). */
export const PLAN_GRACE_MS = 60 * 60_000;

export interface PendingCheckin {
  actor: Actor;
  input: CheckinInput;
}

/** The statuses a single check-in is refused with: invalid, not a person, unknown site, refused by the rules. */
export type RefusalStatus = 400 | 403 | 404 | 422;

export type CheckinOutcome =
  | { status: 'accepted'; id: string }
  /** Same nonce, same worker, same content: a resend from the offline queue, applied once already. */
  | { status: 'duplicate'; id: string }
  | { status: 'refused'; error: ErrorBody['error'] };

/** Content fingerprint: a resend matches, a replay with altered fields does not. */
function fingerprintOf(actor: Actor, c: CheckinInput): string {
  return createHash('sha256')
    .update(JSON.stringify([actor.id, c.siteId, c.kind, Date.parse(c.at), c.qr ?? null, c.location?.lat ?? null, c.location?.lng ?? null]))
    .digest('hex');
}

/** A refusal carries its error code only; the HTTP layer maps it to a status (httpStatusFor). */
function refused(err: AppError): CheckinOutcome {
  return { status: 'refused', error: errorBody(err).error };
}

function refuse(reason: string, message: string, field: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('CHECKIN_REFUSED', message, field, { reason, ...extra });
}

/** Validate one check-in against its site; returns the refusal or null. Pure apart from the signer. */
export function validateCheckin(site: Site, actor: Actor, c: CheckinInput, now: Date, signer: QrSigner): AppError | null {
  if (!actor.id) return new AppError('FORBIDDEN', 'only a person may check in', 'siteId');
  const at = Date.parse(c.at);
  if (at > now.getTime() + MAX_FUTURE_MS) return new AppError('VALIDATION_FAILED', 'at: 打卡时间晚于服务器时间 / check-in time is in the future', 'at');
  if (at < now.getTime() - MAX_OFFLINE_HOURS * 3600_000) return new AppError('VALIDATION_FAILED', `at: older than ${MAX_OFFLINE_HOURS} h; offline check-ins must sync within ${MAX_OFFLINE_HOURS} h`, 'at');
  if (c.qr !== undefined) {
    const parsed = parseQrPayload(c.qr);
    if (!parsed || parsed.siteId !== site.id || !signer.verify(parsed, parsed.signature)) {
      return refuse('forged_qr', 'qr: 二维码无效 / this QR code was not issued for this site', 'qr');
    }
    const validity = qrValidity(parsed);
    // Both the claimed time and the receipt time must fall in the code's validity (receipt gets the offline grace).
    if (at < validity.from || at >= validity.until || now.getTime() >= validity.until + MAX_OFFLINE_HOURS * 3600_000) {
      return refuse('expired_qr', 'qr: 二维码已过期，请使用现场张贴的新码 / this QR code has expired; scan the code currently posted at the site', 'qr', { validUntil: new Date(validity.until).toISOString() });
    }
    if (c.location) {
      const d = distanceOutsideGeofence(site.geofence, c.location.lat, c.location.lng);
      if (d > QR_GPS_TOLERANCE_M) return refuse('outside_geofence', `location: 距离部位 ${Math.round(d)} 米 / ${Math.round(d)} m outside the site`, 'location', { distanceMeters: Math.round(d) });
    }
    return null;
  }
  if (!c.location) return new AppError('VALIDATION_FAILED', 'location: a GPS fix or a QR code is required', 'location');
  const d = distanceOutsideGeofence(site.geofence, c.location.lat, c.location.lng);
  const tolerance = Math.min(c.location.accuracyMeters ?? 0, MAX_GPS_TOLERANCE_M);
  if (d > tolerance) {
    return refuse('outside_geofence', `location: 不在部位范围内，距离 ${Math.round(d)} 米 / outside the site's geofence by ${Math.round(d)} m`, 'location', { distanceMeters: Math.round(d) });
  }
  return null;
}

/**
 * patrol.checkin over the site's territory — the patrolSite rule of the registry, applied in memory.
 * Justified exception to "allowedIds everywhere": the group commit decides a batch of check-ins from many
 * workers against sites it has already loaded (sitesByIds above); allowedIds would re-read the sites once
 * per distinct worker inside the hot transaction. actorCan is the matcher allowedIds itself uses, so the
 * decision is the same one.
 */
function checkInAllowedByScope(actor: Actor, site: Site): boolean {
  return actorCan(actor, 'patrol.checkin', [site.territoryPath]);
}

/**
 * Who may check in where: anyone holding `patrol.checkin` over the site's territory (their own grid),
 * and — because a street-wide plan sends workers across grids — a worker with a planned visit at that
 * site in a plan whose shift covers the check-in time (± PLAN_GRACE_MS). The plan is the authority
 * for those sites, and only while it runs; a worker still needs the check-in permission somewhere.
 * One query per batch, only for the items their territory does not already allow.
 */
async function plannedOutsideOwnScope(trx: Trx, items: readonly PendingCheckin[], sites: ReadonlyMap<string, Site>): Promise<(actor: Actor, input: CheckinInput) => boolean> {
  const outside = items.filter(({ actor, input }) => {
    const site = sites.get(input.siteId);
    return site && actor.id && actorHasAction(actor, 'patrol.checkin') && !checkInAllowedByScope(actor, site) && Number.isFinite(Date.parse(input.at));
  });
  if (outside.length === 0) return () => false;
  const times = outside.map((i) => Date.parse(i.input.at));
  const visits = await plannedVisitsFor(trx, {
    workerIds: outside.map((i) => i.actor.id!),
    siteIds: outside.map((i) => i.input.siteId),
    from: new Date(Math.min(...times) - PLAN_GRACE_MS).toISOString(),
    to: new Date(Math.max(...times) + PLAN_GRACE_MS).toISOString(),
  });
  return (actor, input) => {
    if (!actor.id || !actorHasAction(actor, 'patrol.checkin')) return false;
    const at = Date.parse(input.at);
    return visits.some(
      (v) => v.worker_id === actor.id && v.site_id === input.siteId && Date.parse(v.shift_start) - PLAN_GRACE_MS <= at && at <= Date.parse(v.shift_end) + PLAN_GRACE_MS,
    );
  };
}

/**
 * Record a batch of check-ins inside one transaction (the group commit). Every item gets its own
 * outcome; a refused item never fails the others. Client nonces are unique: an identical resend is
 * a 'duplicate' (the offline queue retrying), anything else reusing a nonce is a refused replay.
 */
export async function recordCheckins(trx: Trx, items: readonly PendingCheckin[], now: Date, signer: QrSigner): Promise<CheckinOutcome[]> {
  const sites = new Map((await sitesByIds(trx, items.map((i) => i.input.siteId))).filter((r) => r.active === 1).map((r) => [r.id, toSite(r)]));
  const planned = await plannedOutsideOwnScope(trx, items, sites);
  const outcomes: (CheckinOutcome | null)[] = new Array(items.length).fill(null);
  const rows: { index: number; row: PatrolCheckinRow }[] = [];
  const nowIso = now.toISOString();
  const seenNonce = new Map<string, number>();
  items.forEach(({ actor, input }, index) => {
    const site = sites.get(input.siteId);
    if (!site || !(checkInAllowedByScope(actor, site) || planned(actor, input))) {
      outcomes[index] = refused(new AppError('NOT_FOUND', 'key site not found', 'siteId'));
      return;
    }
    const problem = validateCheckin(site, actor, input, now, signer);
    if (problem) {
      outcomes[index] = refused(problem);
      return;
    }
    seenNonce.set(input.clientNonce, (seenNonce.get(input.clientNonce) ?? 0) + 1);
    rows.push({
      index,
      row: {
        id: uuidv7(),
        site_id: site.id,
        worker_id: actor.id!,
        kind: input.kind,
        method: input.qr !== undefined ? 'qr' : 'gps',
        at: new Date(input.at).toISOString(),
        lat: input.location?.lat ?? null,
        lng: input.location?.lng ?? null,
        accuracy_m: input.location?.accuracyMeters ?? null,
        client_nonce: input.clientNonce,
        fingerprint: fingerprintOf(actor, input),
        territory_path: site.territoryPath,
        received_at: nowIso,
      },
    });
  });
  await insertCheckinsIgnoringDuplicates(trx, rows.map((r) => r.row));
  const stored = new Map((await checkinsByNonces(trx, rows.map((r) => r.row.client_nonce))).map((r) => [r.client_nonce, r]));
  const accepted: PatrolCheckinRow[] = [];
  for (const { index, row } of rows) {
    const s = stored.get(row.client_nonce);
    if (s && s.id === row.id) {
      outcomes[index] = { status: 'accepted', id: row.id };
      accepted.push(row);
    } else if (s && s.worker_id === row.worker_id && s.fingerprint === row.fingerprint) {
      outcomes[index] = { status: 'duplicate', id: s.id };
    } else {
      outcomes[index] = refused(refuse('replayed', 'clientNonce: 该打卡已提交过 / this check-in nonce was already used; a replayed check-in is refused', 'clientNonce'));
    }
  }
  // One audit entry per committed batch, listing each check-in with its worker: a per-item entry
  // would serialise four statements per check-in on the audit head and cap ingest far below target.
  if (accepted.length > 0) {
    const single = accepted.length === 1 ? items[rows.find((r) => r.row === accepted[0])!.index]!.actor : null;
    await appendAudit(trx, single ?? systemActor('patrol-checkin-batch'), {
      action: 'patrol.checkin',
      recordType: 'patrol_checkin',
      recordId: accepted.length === 1 ? accepted[0]!.id : null,
      after: { checkins: accepted.map((r) => ({ id: r.id, workerId: r.worker_id, siteId: r.site_id, kind: r.kind, at: r.at, method: r.method })) },
    });
  }
  return outcomes.map((o) => o!);
}
