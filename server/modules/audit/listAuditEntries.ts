import type { Actor } from '../../access/actor.ts';
import { actorHasAction, allowedIds, requireAccess, scopePathsFor } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import type { ResourceType } from '../../access/resources.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { AuditLogRow } from '../../storage/schema.ts';
import { maskPhone } from '../../../shared/access/roles.ts';
import { findAuditEntries } from './audit.repository.ts';
import type { AuditQuery } from './audit.schemas.ts';
import type { AuditEntryView, AuditListResponse } from '../../../shared/audit/wire.ts';

/**
 * Audit record types a non-admin may look up by id (?recordType=&recordId=), and the registered
 * resource whose access check decides it. A type not listed here (API tokens, templates, weights…)
 * fails closed: administrators only.
 */
export const AUDIT_RECORD_RESOURCES: Readonly<Record<string, ResourceType>> = {
  territory: 'territory',
  territory_node: 'territory',
  user: 'user',
  case: 'case',
  directive: 'directive',
  campaign: 'campaign',
  roster_unit: 'rosterUnit',
  patrol_site: 'patrolSite',
  patrol_plan: 'patrolPlan',
  inspection_plan: 'inspectionPlan',
  inspection_task: 'inspectionTask',
  followup: 'followup',
  accountability: 'accountabilityRecord',
  spotcheck_item: 'spotCheckItem',
  bulletin: 'bulletin',
};

const PHONE_KEY = /phone|mobile|(^|_)tel($|_)/i;
const ID_NUMBER_KEY = /id_?card|id_?number|身份证/i;
// Mainland mobile numbers and 18-character resident ID numbers inside free text (a note, a description).
const MOBILE_IN_TEXT = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const ID_IN_TEXT = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;

/** 32010619900101123X → 3201**********123X: region kept, birth date and serial hidden. */
function maskIdNumber(value: string): string {
  return value.length <= 8 ? '*'.repeat(value.length) : `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

function maskText(text: string): string {
  return text.replace(ID_IN_TEXT, maskIdNumber).replace(MOBILE_IN_TEXT, (m) => maskPhone(m)!);
}

/**
 * Mask personal data anywhere inside an entry's before/after JSON (for callers without
 * people.readPersonal where the entry lies): values of phone-like and ID-number keys, and mobile and
 * ID numbers typed into any other text.
 */
export function maskPersonalData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPersonalData);
  if (typeof value === 'string') return maskText(value);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (PHONE_KEY.test(k) && typeof v === 'string') out[k] = maskPhone(v);
    else if (ID_NUMBER_KEY.test(k) && typeof v === 'string') out[k] = maskIdNumber(v);
    else out[k] = maskPersonalData(v);
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

/** Most log rows one request scans for entries in the caller's scope before handing back a cursor. */
export const MAX_SCANNED_PER_REQUEST = 2000;

/**
 * Read the audit log (审计日志查询), newest first, and record that it was read.
 *
 * Who sees what (issue 12, finding 5): an entry is visible only when the record it is about lies in
 * the caller's `audit.read` scope — the central access check on the `auditEntry` resource, whose
 * territory rules are in server/audit/entryTerritory.ts (entries about no territory are city-wide).
 * Admins may filter freely; anyone else with 'audit.read' must name one record (recordType + recordId)
 * they may audit, and a record outside their scope answers NOT_FOUND like a missing one. Phone and ID
 * numbers inside before/after are masked unless the caller holds people.readPersonal where the entry lies.
 *
 * Entries out of scope are skipped, not counted: a page scans at most MAX_SCANNED_PER_REQUEST rows, so
 * it can hold fewer than `limit` entries and still carry a nextCursor.
 *
 * Each request writes one `audit.read` entry (record type `audit_log`, city-wide) naming the filter and
 * the seqs returned, in the same transaction. It is appended after the page was read and has a higher
 * seq than any entry shown, so cursors (seq below) stay stable while the log is read.
 */
export async function listAuditEntries(trx: Trx, options: { actor: Actor; query: AuditQuery }): Promise<AuditListResponse> {
  const { actor, query } = options;
  if (!actorHasAction(actor, 'audit.read')) {
    throw new AppError('FORBIDDEN', '你的角色无权查看审计日志 / your role may not read the audit log');
  }
  const isAdmin = actor.assignments.some((a) => a.role === 'admin');
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
    await requireAccess(trx, { actor, action: 'audit.read', resource, ids: [query.recordId] });
  }
  // Holders of a root scope ('' = everything) need no per-entry check.
  const seesAll = scopePathsFor(actor, 'audit.read').includes('');
  const readsAllPersonal = scopePathsFor(actor, 'people.readPersonal').includes('');

  const visible: AuditLogRow[] = [];
  let beforeSeq = query.cursor;
  let scanned = 0;
  let exhausted = false;
  const batch = Math.max(query.limit + 1, 200);
  while (visible.length <= query.limit) {
    if (scanned >= MAX_SCANNED_PER_REQUEST) break;
    const rows = await findAuditEntries(trx, {
      recordType: query.recordType,
      recordId: query.recordId,
      actorId: query.actorId,
      from: query.from,
      to: query.to,
      beforeSeq,
      limit: batch,
    });
    scanned += rows.length;
    const allowed = seesAll ? null : await allowedIds(trx, { actor, action: 'audit.read', resource: 'auditEntry', ids: rows.map((r) => String(r.seq)) });
    for (const row of rows) if (allowed === null || allowed.has(String(row.seq))) visible.push(row);
    if (rows.length < batch) {
      exhausted = true;
      break;
    }
    beforeSeq = rows[rows.length - 1]!.seq;
  }
  const page = visible.slice(0, query.limit);
  const nextCursor = visible.length > query.limit ? String(page[page.length - 1]!.seq) : !exhausted && beforeSeq !== undefined ? String(beforeSeq) : null;

  const unmasked = readsAllPersonal
    ? null
    : await allowedIds(trx, { actor, action: 'people.readPersonal', resource: 'auditEntry', ids: page.map((r) => String(r.seq)) });
  const masked = page.map((r) => unmasked !== null && !unmasked.has(String(r.seq)));
  const entries = page.map((r, i) => presentEntry(r, masked[i]!));

  await appendAudit(trx, actor, {
    action: 'audit.read',
    recordType: 'audit_log',
    after: {
      filter: { ...query, limit: query.limit },
      returned: entries.length,
      seqs: entries.length > 0 ? [entries[0]!.seq, entries[entries.length - 1]!.seq] : [],
      masked: masked.some(Boolean),
    },
  });
  return {
    entries,
    nextCursor,
    personalDataMasked: masked.some(Boolean),
  };
}
