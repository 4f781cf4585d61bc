import type { Actor } from '../../access/actor.ts';
import { actorHasAction, allowedIds, requireAccess } from '../../access/access.ts';
import type { ResourceType } from '../../access/resources.ts';
import { AppError } from '../../errors.ts';
import type { Executor } from '../../storage/db.ts';
import type { AuditLogRow } from '../../storage/schema.ts';
import { maskPhone } from '../../../shared/access/roles.ts';
import { findAuditEntries } from './audit.repository.ts';
import type { AuditEntryView, AuditListResponse, AuditQuery } from './audit.schemas.ts';

/**
 * Audit record types a non-admin may look up, and the resource whose access check decides it.
 * Extend when a module registers a new resource (e.g. 'case' → 'case'); until then other record
 * types are admin-only, which fails closed.
 */
export const AUDIT_RECORD_RESOURCES: Readonly<Record<string, ResourceType>> = {
  territory: 'territory',
  territory_node: 'territory',
  user: 'user',
};

const PERSONAL_KEY = /phone/i;

/** Mask phone-like values anywhere inside an entry's before/after JSON (for callers without people.readPersonal). */
export function maskPersonalData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPersonalData);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = PERSONAL_KEY.test(k) && typeof v === 'string' ? maskPhone(v) : maskPersonalData(v);
  }
  return out;
}

function parseJson(text: string | null, mask: boolean): unknown {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  return mask ? maskPersonalData(value) : value;
}

function presentEntry(row: AuditLogRow, mask: boolean): AuditEntryView {
  return {
    seq: row.seq,
    at: row.at,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    recordType: row.record_type,
    recordId: row.record_id,
    before: parseJson(row.before_json, mask),
    after: parseJson(row.after_json, mask),
    sourceIp: row.source_ip,
    outcome: row.outcome,
    hash: row.hash,
  };
}

/**
 * Read the audit log (审计日志查询), newest first. Admins may filter freely. Anyone else with
 * 'audit.read' must name one record (recordType + recordId) they may audit under the central access
 * check; a record outside their scope answers NOT_FOUND like a missing one. Phone numbers inside
 * before/after are masked unless the caller may read that person's personal data.
 *
 * Not itself audited: an entry per read would make every read of the log a write to it (the log
 * grows as it is inspected, and paging through it would never reach a stable end). Access to it is
 * limited to audit.read roles instead, and the HTTP access log records the requests.
 */
export async function listAuditEntries(db: Executor, options: { actor: Actor; query: AuditQuery }): Promise<AuditListResponse> {
  const { actor, query } = options;
  if (!actorHasAction(actor, 'audit.read')) {
    throw new AppError('FORBIDDEN', '你的角色无权查看审计日志 / your role may not read the audit log');
  }
  const isAdmin = actor.assignments.some((a) => a.role === 'admin');
  let mask = false;
  if (!isAdmin) {
    if (query.recordType === undefined || query.recordId === undefined) {
      throw new AppError(
        'FORBIDDEN',
        '仅管理员可检索全部审计日志，请指定 recordType 和 recordId / only administrators may search the whole log: give recordType and recordId of a record in your scope',
        'recordId',
      );
    }
    const resource = AUDIT_RECORD_RESOURCES[query.recordType];
    if (!resource) {
      throw new AppError('FORBIDDEN', `仅管理员可查看此类记录的审计日志 / audit entries of ${query.recordType} records are available to administrators only`, 'recordType');
    }
    await requireAccess(db, { actor, action: 'audit.read', resource, ids: [query.recordId] });
    mask = true;
    if (resource === 'user') {
      const personal = await allowedIds(db, { actor, action: 'people.readPersonal', resource: 'user', ids: [query.recordId] });
      mask = !personal.has(query.recordId);
    }
  }
  const rows = await findAuditEntries(db, {
    recordType: query.recordType,
    recordId: query.recordId,
    actorId: query.actorId,
    from: query.from,
    to: query.to,
    beforeSeq: query.cursor,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const more = rows.length > query.limit;
  return {
    entries: page.map((r) => presentEntry(r, mask)),
    nextCursor: more ? String(page[page.length - 1]!.seq) : null,
    personalDataMasked: mask,
  };
}
