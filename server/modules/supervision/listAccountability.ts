import type { Executor } from '../../storage/db.ts';
import type { AccountabilityRecordRow } from '../../storage/schema.ts';

/** Wire shape of an accountability record. */
export function presentAccountability(r: AccountabilityRecordRow) {
  const t = (v: string | null) => (v ? new Date(v).toISOString() : null);
  return {
    id: r.id, sourceKind: r.source_kind, sourceId: r.source_id, caseId: r.case_id, personId: r.person_id, personName: r.person_name,
    departmentId: r.department_id, unitCode: r.unit_code, occurredAt: t(r.occurred_at), summary: r.summary, state: r.state,
    measure: r.measure, reason: r.reason, decidedBy: r.decided_by, decidedAt: t(r.decided_at),
  };
}

/** Records under a territory path, newest first, optionally by state, person and occurrence period. */
export async function listAccountability(db: Executor, o: { prefix: string; state?: string | undefined; personId?: string | undefined; caseId?: string; from?: string; to?: string; limit: number }) {
  let q = db.selectFrom('accountability_records').selectAll().where('territory_path', 'like', `${o.prefix}%`);
  if (o.state) q = q.where('state', '=', o.state);
  if (o.personId) q = q.where('person_id', '=', o.personId);
  if (o.caseId) q = q.where('case_id', '=', o.caseId);
  if (o.from) q = q.where('occurred_at', '>=', o.from);
  if (o.to) q = q.where('occurred_at', '<', o.to);
  const rows = await q.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(o.limit).execute();
  return rows.map(presentAccountability);
}

/**
 * History over time (责任追究台账): per person or per unit (grid code) and China-time month — how many
 * records, how many confirmed (by measure), waived, pending.
 */
export async function accountabilityHistory(db: Executor, o: { prefix: string; by: 'person' | 'unit'; from: string; to: string }) {
  const rows = await db.selectFrom('accountability_records').selectAll().where('territory_path', 'like', `${o.prefix}%`).where('occurred_at', '>=', o.from).where('occurred_at', '<', o.to).execute();
  const groups = new Map<string, { key: string; name: string; month: string; total: number; pending: number; waived: number; confirmed: Record<string, number> }>();
  for (const r of rows) {
    const key = o.by === 'person' ? r.person_id ?? 'none' : r.unit_code;
    const month = new Date(new Date(r.occurred_at).getTime() + 8 * 3600_000).toISOString().slice(0, 7);
    const g = groups.get(`${key}|${month}`) ?? { key, name: o.by === 'person' ? r.person_name ?? '（未确定）' : r.unit_code, month, total: 0, pending: 0, waived: 0, confirmed: {} };
    g.total += 1;
    if (r.state === 'pending') g.pending += 1;
    else if (r.state === 'waived') g.waived += 1;
    else g.confirmed[r.measure ?? 'other'] = (g.confirmed[r.measure ?? 'other'] ?? 0) + 1;
    groups.set(`${key}|${month}`, g);
  }
  return [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.month < b.month ? -1 : 1));
}
