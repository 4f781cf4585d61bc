import { allowedIds, requireAccess } from '../../access/access.ts';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { notFound } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { maskPhone } from '../../../shared/access/roles.ts';
import type { Rollup, RollupPerson } from '../../../shared/directives/wire.ts';
import { childLevelOf, codeOfPath, levelOf, pathLengthAt, REPORTING_ROLES } from './directive.ts';
import { findDeliveriesIn, findDirective, findOutstanding, findRollupCounters, type RollupGroup } from './directives.repository.ts';
import { findNodeNames, findNodeSummary } from '../territory/lookups.ts';

function pct(n: number, of: number): number {
  return of === 0 ? 0 : Math.round((n / of) * 1000) / 10;
}

/**
 * 落实情况汇总 at one unit (default: the issuing unit): totals and per-child-unit counts and percentages
 * of reached / signed / implemented (a unit is implemented when its responsible person reported),
 * the overdue list with names (phones masked without people.readPersonal; unmasked reads audited),
 * and for a grid the people in it (drill-down).
 */
export async function getDirectiveRollup(trx: Trx, o: { actor: Actor; now: Date; directiveId: string; unitCode?: string | undefined; limit?: number | undefined }): Promise<Rollup> {
  await requireAccess(trx, { actor: o.actor, action: 'directive.read', resource: 'directive', ids: [o.directiveId] });
  const directive = await findDirective(trx, o.directiveId);
  if (!directive) throw notFound('directive');
  const unitCode = o.unitCode ?? directive.issuing_code;
  const level = levelOf(unitCode, 'unit');
  const unit = await findNodeSummary(trx, unitCode);
  // The unit must be the issuing unit or below it, and inside the caller's roll-up scope (the central
  // check on the unit's node); anything else looks like a directive that is not there.
  const at = async (action: 'directive.rollup' | 'people.readPersonal') => unit !== undefined && (await allowedIds(trx, { actor: o.actor, action, resource: 'territory', ids: [unit.code] })).has(unit.code);
  if (!unit || !unit.path.startsWith(directive.issuing_path) || !(await at('directive.rollup'))) throw notFound('directive');

  const childLevel = childLevelOf(level);
  // Counter rows (directive_counters): the unit's own row and its children's, never the deliveries.
  const counters = await findRollupCounters(trx, { directiveId: directive.id, unitPath: unit.path, childPathLength: childLevel ? pathLengthAt(childLevel) : null });
  const groups: RollupGroup[] = [];
  if (counters.own && counters.own.own_reached > 0) {
    const own = counters.own;
    groups.push({ child_path: unit.path, reached: own.own_reached, signed: own.own_signed, reported: own.own_reported, units: 1, implemented_units: own.own_reported > 0 ? 1 : 0 });
  }
  for (const c of counters.children) {
    groups.push({ child_path: c.unit_path, reached: c.reached, signed: c.signed, reported: c.reported, units: c.units, implemented_units: c.implemented_units });
  }
  const names = await findNodeNames(trx, groups.map((g) => codeOfPath(g.child_path)));
  const totals = groups.reduce((t, g) => ({ reached: t.reached + g.reached, signed: t.signed + g.signed, units: t.units + g.units, implementedUnits: t.implementedUnits + g.implemented_units }), { reached: 0, signed: 0, units: 0, implementedUnits: 0 });
  const children = groups.map((g) => {
    const code = codeOfPath(g.child_path);
    const own = g.child_path === unit.path;
    return {
      code,
      name: own ? `${unit.name_zh}（本级）` : (names.get(code)?.name ?? code),
      level: own ? level : (names.get(code)?.level ?? null),
      ownLevel: own,
      reached: g.reached,
      signed: g.signed,
      signedPct: pct(g.signed, g.reached),
      units: g.units,
      implementedUnits: g.implemented_units,
      implementedPct: pct(g.implemented_units, g.units),
    };
  });

  const nowIso = o.now.toISOString();
  const limit = o.limit ?? 200;
  const unmasked = await at('people.readPersonal');
  const mask = (phone: string | null) => (unmasked ? phone : maskPhone(phone));
  const signOverdue = directive.sign_deadline !== null && directive.sign_deadline < nowIso;
  const reportOverdue = directive.report_deadline !== null && directive.report_deadline < nowIso;
  const unsigned = signOverdue ? await findOutstanding(trx, { directiveId: directive.id, unitPath: unit.path, kind: 'unsigned', limit }) : [];
  const unreported = reportOverdue ? await findOutstanding(trx, { directiveId: directive.id, unitPath: unit.path, kind: 'unreported', reportRoles: REPORTING_ROLES, limit }) : [];
  const overdueNames = await findNodeNames(trx, [...unsigned, ...unreported].map((r) => r.unit_code));
  const present = (r: (typeof unsigned)[number], kind: 'sign' | 'report') => ({
    kind,
    personId: r.person_id,
    name: r.display_name,
    phone: mask(r.phone),
    role: r.role,
    unitCode: r.unit_code,
    unitName: overdueNames.get(r.unit_code)?.name ?? r.unit_code,
    deliveredAt: r.delivered_at,
    escalationStep: r.escalation_step,
  });
  const overdue = {
    unsignedCount: signOverdue && counters.own ? counters.own.reached - counters.own.signed : 0,
    unreportedCount: reportOverdue && counters.own ? counters.own.responsible - counters.own.responsible_reported : 0,
    items: [...unsigned.map((r) => present(r, 'sign')), ...unreported.map((r) => present(r, 'report'))],
  };

  const people = level === 'grid' || level === 'community'
    ? (await findDeliveriesIn(trx, directive.id, unit.path, limit)).map((r) => ({
        personId: r.person_id,
        name: r.display_name,
        phone: mask(r.phone),
        role: r.role,
        unitCode: r.unit_code,
        signedAt: r.signed_at,
        reportedAt: r.reported_at,
        reportText: r.report_text,
        answers: r.report_answers_json ? (JSON.parse(r.report_answers_json) as RollupPerson['answers']) : null,
        photos: r.report_photos_json ? (JSON.parse(r.report_photos_json) as string[]) : [],
      }))
    : null;
  if (unmasked && (overdue.items.length > 0 || (people?.length ?? 0) > 0)) {
    await appendAudit(trx, o.actor, { action: 'people.readPersonal', recordType: 'directive', recordId: directive.id, after: { view: 'rollup', unitCode } });
  }
  return {
    directiveId: directive.id,
    unit: { code: unit.code, name: unit.name_zh, level },
    totals: { ...totals, signedPct: pct(totals.signed, totals.reached), implementedPct: pct(totals.implementedUnits, totals.units) },
    children,
    overdue,
    people,
    phonesMasked: !unmasked,
  };
}
