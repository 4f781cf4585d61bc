import type { AccountabilityState } from '../../../shared/supervision/wire.ts';
import type { Executor } from '../../storage/db.ts';
import type { AccountabilityRecordRow } from '../../storage/schema.ts';
import { chinaDay } from '../../../shared/time/china.ts';

/** Wire shape of an accountability record. */
export function presentAccountability(r: AccountabilityRecordRow) {
  const t = (v: string | null) => (v ? new Date(v).toISOString() : null);
  return {
    id: r.id, sourceKind: r.source_kind, sourceId: r.source_id, caseId: r.case_id, personId: r.person_id, personName: r.person_name,
    departmentId: r.department_id, unitCode: r.unit_code, occurredAt: t(r.occurred_at), summary: r.summary, state: r.state as AccountabilityState,
    measure: r.measure, reason: r.reason, decidedBy: r.decided_by, decidedAt: t(r.decided_at),
  };
}

/** Records under a territory path, newest first, optionally by state, person and occurrence period. */
export async function listAccountability(db: Executor, o: {
  prefix: string; state?: string | undefined; personId?: string | undefined; unitCode?: string | undefined; departmentId?: string | undefined; sourceKind?: string | undefined;
  caseId?: string; from?: string; to?: string; limit: number;
}) {
  let q = db.selectFrom('accountability_records').selectAll().where('territory_path', 'like', `${o.prefix}%`);
  if (o.state) q = q.where('state', '=', o.state);
  if (o.personId) q = q.where('person_id', '=', o.personId);
  if (o.unitCode) q = q.where('unit_code', '=', o.unitCode);
  if (o.departmentId) q = q.where('department_id', '=', o.departmentId);
  if (o.sourceKind) q = q.where('source_kind', '=', o.sourceKind);
  if (o.caseId) q = q.where('case_id', '=', o.caseId);
  if (o.from) q = q.where('occurred_at', '>=', o.from);
  if (o.to) q = q.where('occurred_at', '<', o.to);
  const rows = await q.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(o.limit).execute();
  const names = await unitNames(db, rows);
  return rows.map((r) => ({ ...presentAccountability(r), unitName: names.units.get(r.unit_code) ?? r.unit_code, departmentName: r.department_id ? names.departments.get(r.department_id) ?? null : null, caseNo: r.case_id ? names.cases.get(r.case_id) ?? null : null }));
}

/** Display names of the grids, departments and case numbers of a set of records. */
async function unitNames(db: Executor, rows: readonly AccountabilityRecordRow[]) {
  const codes = [...new Set(rows.map((r) => r.unit_code))];
  const depts = [...new Set(rows.map((r) => r.department_id).filter((x): x is string => !!x))];
  const cases = [...new Set(rows.map((r) => r.case_id).filter((x): x is string => !!x))];
  const chunks = <T,>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / 500) }, (_, i) => xs.slice(i * 500, i * 500 + 500));
  const units = new Map<string, string>();
  const departments = new Map<string, string>();
  const caseNos = new Map<string, string>();
  for (const c of chunks(codes)) for (const n of await db.selectFrom('territory_nodes').select(['code', 'name_zh']).where('code', 'in', c).execute()) units.set(n.code, n.name_zh);
  for (const c of chunks(depts)) for (const d of await db.selectFrom('departments').select(['id', 'name_zh']).where('id', 'in', c).execute()) departments.set(d.id, d.name_zh);
  for (const c of chunks(cases)) for (const x of await db.selectFrom('cases').select(['id', 'case_no']).where('id', 'in', c).execute()) caseNos.set(x.id, x.case_no);
  return { units, departments, cases: caseNos };
}

/**
 * History over time (责任追究台账): per person, per unit (grid code) or per department and China-time
 * month — how many records, how many confirmed (by measure), waived, pending, and by source kind.
 * Records naming no person (or no department) group under the key `none`.
 */
export async function accountabilityHistory(db: Executor, o: { prefix: string; by: 'person' | 'unit' | 'department'; from: string; to: string }) {
  const rows = await db.selectFrom('accountability_records').selectAll().where('territory_path', 'like', `${o.prefix}%`).where('occurred_at', '>=', o.from).where('occurred_at', '<', o.to).execute();
  const names = await unitNames(db, rows);
  const groups = new Map<string, { key: string; name: string; month: string; total: number; pending: number; waived: number; confirmed: Record<string, number>; kinds: Record<string, number> }>();
  const nameOf = (r: AccountabilityRecordRow) =>
    o.by === 'person' ? r.person_name ?? '（未确定）' : o.by === 'department' ? (r.department_id ? names.departments.get(r.department_id) ?? r.department_id : '（无部门）') : names.units.get(r.unit_code) ?? r.unit_code;
  for (const r of rows) {
    const key = o.by === 'person' ? r.person_id ?? 'none' : o.by === 'department' ? r.department_id ?? 'none' : r.unit_code;
    const month = chinaDay(r.occurred_at).slice(0, 7);
    const g = groups.get(`${key}|${month}`) ?? { key, name: nameOf(r), month, total: 0, pending: 0, waived: 0, confirmed: {}, kinds: {} };
    g.kinds[r.source_kind] = (g.kinds[r.source_kind] ?? 0) + 1;
    g.total += 1;
    if (r.state === 'pending') g.pending += 1;
    else if (r.state === 'waived') g.waived += 1;
    else g.confirmed[r.measure ?? 'other'] = (g.confirmed[r.measure ?? 'other'] ?? 0) + 1;
    groups.set(`${key}|${month}`, g);
  }
  return [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.month < b.month ? -1 : 1));
}
