import { sql, type Kysely } from 'kysely';
import { columnTypes } from './_dialect.ts';

// Frozen: directive roll-up counters and the case's campaign time-limit multiplier.
//
// directive_counters: one row per (directive, unit path at every level incl. grid) that the directive
// reached, with subtree totals (reached / signed / reported deliveries, units = distinct delivery paths,
// implemented units, responsible-person deliveries and those reported) and the counts of deliveries at
// exactly that path (own_*: the 本级 row of a roll-up). Filled at fan-out, bumped by sign/report, so a
// roll-up reads the unit's children's rows instead of scanning every delivery below it.
// The primary key leads with (directive_id, path_len) so "the children of P" is one index range.
//
// cases.sla_multiplier: the campaign key-period multiplier in force when the case was opened; every
// later stage of the case starts with its limit scaled by it (1 = no campaign).
//
// campaign_daily_escalations: one row per (campaign, China date) whose missing daily reports were
// escalated — the claim that makes the scheduled 催报 job notify once per day however often it runs.

/** Path lengths of the six levels ('32/' = 3 … a grid's = 54), frozen with this migration. */
const LEVEL_PATH_LENGTHS = [3, 8, 15, 25, 38, 54];
/** Roles that were a unit's responsible persons for 落实反馈 when this migration was written. */
const REPORTING_ROLES = ['grid_leader', 'duty_officer', 'leader'];

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('directive_counters')
    .addColumn('directive_id', 'text', (c) => c.notNull())
    .addColumn('path_len', 'integer', (c) => c.notNull())
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('reached', 'integer', (c) => c.notNull())
    .addColumn('signed', 'integer', (c) => c.notNull())
    .addColumn('reported', 'integer', (c) => c.notNull())
    .addColumn('units', 'integer', (c) => c.notNull())
    .addColumn('implemented_units', 'integer', (c) => c.notNull())
    .addColumn('responsible', 'integer', (c) => c.notNull())
    .addColumn('responsible_reported', 'integer', (c) => c.notNull())
    .addColumn('own_reached', 'integer', (c) => c.notNull())
    .addColumn('own_signed', 'integer', (c) => c.notNull())
    .addColumn('own_reported', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('directive_counters_pk', ['directive_id', 'path_len', 'unit_path'])
    .execute();

  // Backfill directives issued before this migration: one grouped pass per level over the deliveries.
  const roles = sql.join(REPORTING_ROLES.map((r) => sql.lit(r)));
  for (const len of LEVEL_PATH_LENGTHS) {
    const prefix = sql`substr(territory_path, 1, ${sql.lit(len)})`;
    await sql`
      insert into directive_counters (directive_id, path_len, unit_path, reached, signed, reported, units, implemented_units,
        responsible, responsible_reported, own_reached, own_signed, own_reported)
      select directive_id, ${sql.lit(len)}, ${prefix}, count(*), count(signed_at), count(reported_at),
        count(distinct territory_path),
        count(distinct case when reported_at is not null then territory_path end),
        sum(case when role in (${roles}) then 1 else 0 end),
        sum(case when role in (${roles}) and reported_at is not null then 1 else 0 end),
        sum(case when length(territory_path) = ${sql.lit(len)} then 1 else 0 end),
        sum(case when length(territory_path) = ${sql.lit(len)} and signed_at is not null then 1 else 0 end),
        sum(case when length(territory_path) = ${sql.lit(len)} and reported_at is not null then 1 else 0 end)
      from directive_deliveries
      where length(territory_path) >= ${sql.lit(len)}
      group by directive_id, ${prefix}
    `.execute(db);
  }

  await db.schema
    .createTable('campaign_daily_escalations')
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('missing', 'integer', (c) => c.notNull())
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_daily_escalations_pk', ['campaign_id', 'date'])
    .execute();

  await db.schema.alterTable('cases').addColumn('sla_multiplier', t.double, (c) => c.notNull().defaultTo(1)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').dropColumn('sla_multiplier').execute();
  await db.schema.dropTable('campaign_daily_escalations').execute();
  await db.schema.dropTable('directive_counters').execute();
}
