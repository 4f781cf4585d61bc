import { sql } from 'kysely';
import type { Executor } from '../../storage/db.ts';
import { forEachChunk } from '../../storage/chunked.ts';
import { LEVEL_PATH_LENGTHS } from '../territory/lookups.ts';
import type { DirectiveDeliveryRow, DirectiveEscalationRow, DirectiveRow, DirectiveSupplementRow } from '../../storage/schema.ts';

/** Queries of the directives module (通知/部署/指令). Only queries: use cases own the transaction. */

export async function insertDirective(db: Executor, row: DirectiveRow): Promise<void> {
  await db.insertInto('directives').values(row).execute();
}

export async function findDirective(db: Executor, id: string): Promise<DirectiveRow | undefined> {
  return db.selectFrom('directives').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Paths are digits and '/', so they never contain LIKE wildcards: `path%` is an exact prefix test. */
function prefixPattern(path: string): string {
  return `${path}%`;
}

/**
 * The fan-out (下发到每个网格): ONE set-based INSERT … SELECT of every role assignment inside the target
 * subtrees, joined to the directive row itself so no per-row value is bound (the delivery time is the
 * directive's created_at). Each unit's path is a prefix of everything below it, so "every grid below
 * and every person holding a role there" is one prefix test per target. Returns the rows created.
 */
export async function fanOutDeliveries(
  db: Executor,
  o: { directiveId: string; targetPaths: readonly string[]; excludePath: string | null; roles: readonly string[] | null },
): Promise<number> {
  const select = db
    .selectFrom(['directives as d', 'role_assignments as ra'])
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .where('d.id', '=', o.directiveId)
    .where('u.disabled', '=', 0)
    .where((eb) => eb.or(o.targetPaths.map((p) => eb('ra.scope_path', 'like', prefixPattern(p)))))
    .$if(o.excludePath !== null, (q) => q.where('ra.scope_path', '<>', o.excludePath!))
    .$if(o.roles !== null, (q) => q.where('ra.role', 'in', o.roles!))
    .select(['d.id', 'ra.id as assignment_id', 'ra.user_id', 'ra.role', 'ra.scope_code', 'ra.scope_path', 'd.created_at', sql<number>`0`.as('escalation_step')]);
  const res = await db
    .insertInto('directive_deliveries')
    .columns(['directive_id', 'assignment_id', 'person_id', 'role', 'unit_code', 'territory_path', 'delivered_at', 'escalation_step'])
    .expression(select)
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0);
}

export async function setDeliveredCount(db: Executor, id: string, count: number): Promise<void> {
  await db.updateTable('directives').set({ delivered_count: count }).where('id', '=', id).execute();
}

/** The caller's own deliveries of one directive (one per role assignment that it reached). */
export async function findPersonDeliveries(db: Executor, directiveId: string, personId: string): Promise<DirectiveDeliveryRow[]> {
  return db.selectFrom('directive_deliveries').selectAll().where('directive_id', '=', directiveId).where('person_id', '=', personId).orderBy('territory_path').execute();
}

/** 签收: mark still-unsigned deliveries signed; already-signed rows keep their original time. */
export async function signDeliveries(db: Executor, o: { directiveId: string; personId: string; at: string; lat: number | null; lng: number | null }): Promise<number> {
  const res = await db
    .updateTable('directive_deliveries')
    .set({ signed_at: o.at, sign_lat: o.lat, sign_lng: o.lng })
    .where('directive_id', '=', o.directiveId)
    .where('person_id', '=', o.personId)
    .where('signed_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function recordReport(
  db: Executor,
  o: { directiveId: string; assignmentIds: readonly string[]; at: string; text: string; answersJson: string | null; photosJson: string | null },
): Promise<void> {
  await db
    .updateTable('directive_deliveries')
    .set({ reported_at: o.at, report_text: o.text, report_answers_json: o.answersJson, report_photos_json: o.photosJson })
    .where('directive_id', '=', o.directiveId)
    .where('assignment_id', 'in', o.assignmentIds)
    .execute();
}

export async function insertSupplement(db: Executor, row: DirectiveSupplementRow): Promise<void> {
  await db.insertInto('directive_supplements').values(row).execute();
}

/** 补充要求 added along the way down to `path`: those whose unit is `path` or one of its ancestors. */
export async function findSupplementsFor(db: Executor, directiveId: string, paths: readonly string[]): Promise<DirectiveSupplementRow[]> {
  const rows = await db.selectFrom('directive_supplements').selectAll().where('directive_id', '=', directiveId).orderBy('unit_path').orderBy('id').execute();
  return rows.filter((r) => paths.some((p) => p.startsWith(r.unit_path)));
}

export async function findAllSupplements(db: Executor, directiveId: string): Promise<DirectiveSupplementRow[]> {
  return db.selectFrom('directive_supplements').selectAll().where('directive_id', '=', directiveId).orderBy('unit_path').orderBy('id').execute();
}

/** The person's inbox: their deliveries joined with the directive, newest first. */
export async function findInbox(db: Executor, personId: string, limit: number) {
  return db
    .selectFrom('directive_deliveries as dd')
    .innerJoin('directives as d', 'd.id', 'dd.directive_id')
    .where('dd.person_id', '=', personId)
    .select([
      'd.id', 'd.title', 'd.priority', 'd.issuer_name', 'd.issuing_code', 'd.sign_deadline', 'd.report_deadline', 'd.created_at', 'd.campaign_id',
      'dd.unit_code', 'dd.territory_path', 'dd.role', 'dd.signed_at', 'dd.reported_at',
    ])
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute();
}

/** Directives issued at units inside any of the given scope paths, newest first. */
export async function findIssued(db: Executor, scopePaths: readonly string[], limit: number, campaignId?: string): Promise<DirectiveRow[]> {
  if (scopePaths.length === 0) return [];
  return db
    .selectFrom('directives')
    .selectAll()
    .where((eb) => eb.or(scopePaths.map((p) => eb('issuing_path', 'like', prefixPattern(p)))))
    .$if(campaignId !== undefined, (q) => q.where('campaign_id', '=', campaignId!))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export interface RollupGroup {
  child_path: string;
  reached: number;
  signed: number;
  reported: number;
  units: number;
  implemented_units: number;
}

/** People inside `unitPath` who have not signed (or, with `unreported`, responsible people who have not reported). */
export async function findOutstanding(
  db: Executor,
  o: { directiveId: string; unitPath: string; kind: 'unsigned' | 'unreported'; reportRoles?: readonly string[]; limit: number },
) {
  let q = db
    .selectFrom('directive_deliveries as dd')
    .innerJoin('users as u', 'u.id', 'dd.person_id')
    .where('dd.directive_id', '=', o.directiveId)
    .where('dd.territory_path', 'like', prefixPattern(o.unitPath));
  q = o.kind === 'unsigned' ? q.where('dd.signed_at', 'is', null) : q.where('dd.reported_at', 'is', null).where('dd.role', 'in', o.reportRoles ?? ['__none__']);
  return q
    .select(['dd.person_id', 'u.display_name', 'u.phone', 'dd.role', 'dd.unit_code', 'dd.territory_path', 'dd.delivered_at', 'dd.signed_at', 'dd.escalation_step'])
    .orderBy('dd.territory_path')
    .orderBy('u.display_name')
    .limit(o.limit)
    .execute();
}

/** Every delivery inside one grid or unit (drill-down). */
export async function findDeliveriesIn(db: Executor, directiveId: string, unitPath: string, limit: number) {
  return db
    .selectFrom('directive_deliveries as dd')
    .innerJoin('users as u', 'u.id', 'dd.person_id')
    .where('dd.directive_id', '=', directiveId)
    .where('dd.territory_path', 'like', prefixPattern(unitPath))
    .select(['dd.person_id', 'u.display_name', 'u.phone', 'dd.role', 'dd.unit_code', 'dd.territory_path', 'dd.signed_at', 'dd.reported_at', 'dd.report_text', 'dd.report_answers_json', 'dd.report_photos_json'])
    .orderBy('dd.territory_path')
    .orderBy('u.display_name')
    .limit(limit)
    .execute();
}

/** Directives with a sign deadline whose unsigned deliveries may need the next reminder step. */
export async function findDirectivesToEscalate(db: Executor, nowIso: string): Promise<DirectiveRow[]> {
  return db
    .selectFrom('directives')
    .selectAll()
    .where((eb) => eb.or([eb('remind_at', '<=', nowIso), eb('sign_deadline', '<=', nowIso)]))
    .where((eb) => eb.exists(eb.selectFrom('directive_deliveries as dd').select('dd.directive_id').whereRef('dd.directive_id', '=', 'directives.id').where('dd.signed_at', 'is', null).where('dd.escalation_step', '<', 3)))
    .orderBy('id')
    .execute();
}

/** Unsigned deliveries of a directive still below `step`. */
export async function findUnsignedBelowStep(db: Executor, directiveId: string, step: number) {
  return db
    .selectFrom('directive_deliveries as dd')
    .innerJoin('users as u', 'u.id', 'dd.person_id')
    .where('dd.directive_id', '=', directiveId)
    .where('dd.signed_at', 'is', null)
    .where('dd.escalation_step', '<', step)
    .select(['dd.assignment_id', 'dd.person_id', 'u.display_name', 'dd.unit_code', 'dd.territory_path'])
    .orderBy('dd.territory_path')
    .execute();
}

export async function setEscalationStep(db: Executor, directiveId: string, assignmentIds: readonly string[], step: number): Promise<void> {
  await forEachChunk(assignmentIds, (chunk) =>
    db
      .updateTable('directive_deliveries')
      .set({ escalation_step: step })
      .where('directive_id', '=', directiveId)
      .where('assignment_id', 'in', chunk)
      .where('escalation_step', '<', step)
      .execute(),
  );
}

export async function insertEscalations(db: Executor, rows: DirectiveEscalationRow[]): Promise<void> {
  await forEachChunk(rows, (chunk) => db.insertInto('directive_escalations').values(chunk).execute());
}

export async function findEscalations(db: Executor, directiveId: string): Promise<DirectiveEscalationRow[]> {
  return db.selectFrom('directive_escalations').selectAll().where('directive_id', '=', directiveId).orderBy('at').orderBy('id').execute();
}

/**
 * Fill the roll-up counters of one directive from its deliveries, bottom-up: one grouped INSERT … SELECT
 * per distinct delivery path (an index-ordered scan, no sort), then one grouped upsert per level folding
 * the level below into its parents. Six statements over the deliveries' paths, never one per person.
 * Works on a directive with signs/reports too (used to rebuild counters).
 */
export async function fillDirectiveCounters(db: Executor, directiveId: string, reportRoles: readonly string[]): Promise<void> {
  const responsible = reportRoles.length ? sql`role in (${sql.join(reportRoles.map((r) => sql.lit(r)))})` : sql`1 = 0`;
  await db
    .insertInto('directive_counters')
    .columns(['directive_id', 'path_len', 'unit_path', 'reached', 'signed', 'reported', 'units', 'implemented_units', 'responsible', 'responsible_reported', 'own_reached', 'own_signed', 'own_reported'])
    .expression(
      db
        .selectFrom('directive_deliveries')
        .where('directive_id', '=', directiveId)
        .groupBy(['directive_id', 'territory_path'])
        .select([
          'directive_id',
          sql<number>`length(territory_path)`.as('path_len'),
          'territory_path',
          sql<number>`count(*)`.as('reached'),
          sql<number>`count(signed_at)`.as('signed'),
          sql<number>`count(reported_at)`.as('reported'),
          sql<number>`1`.as('units'),
          sql<number>`max(case when reported_at is null then 0 else 1 end)`.as('implemented_units'),
          sql<number>`sum(case when ${responsible} then 1 else 0 end)`.as('responsible'),
          sql<number>`sum(case when ${responsible} and reported_at is not null then 1 else 0 end)`.as('responsible_reported'),
          sql<number>`count(*)`.as('own_reached'),
          sql<number>`count(signed_at)`.as('own_signed'),
          sql<number>`count(reported_at)`.as('own_reported'),
        ]),
    )
    .execute();
  const summed = ['reached', 'signed', 'reported', 'units', 'implemented_units', 'responsible', 'responsible_reported'] as const;
  for (let i = LEVEL_PATH_LENGTHS.length - 1; i > 0; i--) {
    const childLen = LEVEL_PATH_LENGTHS[i]!;
    const parentLen = LEVEL_PATH_LENGTHS[i - 1]!;
    const prefix = sql<string>`substr(unit_path, 1, ${sql.lit(parentLen)})`;
    await db
      .insertInto('directive_counters')
      .columns(['directive_id', 'path_len', 'unit_path', ...summed, 'own_reached', 'own_signed', 'own_reported'])
      .expression(
        db
          .selectFrom('directive_counters')
          .where('directive_id', '=', directiveId)
          .where('path_len', '=', childLen)
          .groupBy(['directive_id', prefix])
          .select([
            'directive_id',
            sql<number>`${sql.lit(parentLen)}`.as('path_len'),
            prefix.as('unit_path'),
            ...summed.map((c) => sql<number>`sum(${sql.ref(c)})`.as(c)),
            sql<number>`0`.as('own_reached'),
            sql<number>`0`.as('own_signed'),
            sql<number>`0`.as('own_reported'),
          ]),
      )
      .onConflict((oc) =>
        oc.columns(['directive_id', 'path_len', 'unit_path']).doUpdateSet((eb) =>
          Object.fromEntries(summed.map((c) => [c, eb(eb.ref(`directive_counters.${c}`), '+', eb.ref(`excluded.${c}`))])),
        ),
      )
      .execute();
  }
}

/** Delete the counters of one directive (before a rebuild). */
export async function deleteDirectiveCounters(db: Executor, directiveId: string): Promise<void> {
  await db.deleteFrom('directive_counters').where('directive_id', '=', directiveId).execute();
}

type CounterColumn = 'reached' | 'signed' | 'reported' | 'units' | 'implemented_units' | 'responsible' | 'responsible_reported' | 'own_reached' | 'own_signed' | 'own_reported';

/**
 * Add to the counters of one unit path (by primary key). With `returning`, answers the row's own_reported
 * after the update: the row lock serialises concurrent reports, so "became implemented" is decided exactly once.
 */
export async function bumpCounters(db: Executor, directiveId: string, unitPath: string, add: Partial<Record<CounterColumn, number>>): Promise<{ own_reported: number } | undefined> {
  const entries = Object.entries(add).filter(([, n]) => n !== 0) as [CounterColumn, number][];
  if (entries.length === 0) return undefined;
  return db
    .updateTable('directive_counters')
    .set((eb) => Object.fromEntries(entries.map(([c, n]) => [c, eb(eb.ref(c), '+', n)])))
    .where('directive_id', '=', directiveId)
    .where('path_len', '=', unitPath.length)
    .where('unit_path', '=', unitPath)
    .returning('own_reported')
    .executeTakeFirst();
}

/** The counters of a unit (its own row) and of its children one level down, children in path order. */
export async function findRollupCounters(db: Executor, o: { directiveId: string; unitPath: string; childPathLength: number | null }) {
  const own = await db
    .selectFrom('directive_counters')
    .selectAll()
    .where('directive_id', '=', o.directiveId)
    .where('path_len', '=', o.unitPath.length)
    .where('unit_path', '=', o.unitPath)
    .executeTakeFirst();
  const children = o.childPathLength === null
    ? []
    : await db
        .selectFrom('directive_counters')
        .selectAll()
        .where('directive_id', '=', o.directiveId)
        .where('path_len', '=', o.childPathLength)
        .where('unit_path', 'like', prefixPattern(o.unitPath))
        .execute();
  // Byte order of fixed-length digit paths, the same on both databases whatever their collation.
  children.sort((a, b) => (a.unit_path < b.unit_path ? -1 : a.unit_path > b.unit_path ? 1 : 0));
  return { own, children };
}
