import type { Actor } from '../../access/actor.ts';
import type { Executor } from '../../storage/db.ts';
import type { RosterUnitRow } from '../../storage/schema.ts';
import type { Unit } from '../../../shared/rosters/wire.ts';
import { manageableUnits } from './rosterAccess.ts';
import { listMembers, listTemplateVersions, listUnavailability } from './rosters.repository.ts';

/**
 * 值班单位: a unit the caller may read (checked by the route's requireUnit) with its current templates,
 * the retired or superseded ones, its members, their leave, and whether the caller may manage it.
 */
export async function getRosterUnit(db: Executor, o: { actor: Actor; unit: RosterUnitRow; now: Date }): Promise<Unit> {
  const { unit } = o;
  // One read of every version: the current templates and the retired or superseded ones.
  const versions = await listTemplateVersions(db, unit.id);
  const templates = versions.filter((t) => t.active === 1);
  const past = versions.filter((t) => t.active !== 1);
  const replacedBy = new Map(versions.filter((t) => t.replaces_id).map((t) => [t.replaces_id!, t.id]));
  const shape = (t: (typeof versions)[number]) => ({
    id: t.id, nameZh: t.name_zh, startTime: t.start_time, durationMinutes: t.duration_minutes, night: t.night === 1, requirements: JSON.parse(t.requirements_json),
    validFrom: t.valid_from, retiredFrom: t.retired_from,
  });
  const members = await listMembers(db, unit.id);
  // Leave and unavailability still running or to come (and the last month's, for context).
  const now = o.now.getTime();
  const leave = await listUnavailability(db, members.map((m) => m.user_id), new Date(now - 30 * 86400_000).toISOString(), '9999-12-31T00:00:00.000Z');
  return {
    id: unit.id, nameZh: unit.name_zh, kind: unit.kind, territoryCode: unit.territory_code, rules: JSON.parse(unit.rules_json),
    templates: templates.map(shape),
    // Retired templates and superseded versions: they still name the shifts worked under them.
    pastTemplates: past.map((t) => ({ ...shape(t), replacedBy: replacedBy.get(t.id) ?? null })),
    members: members.map((m) => ({ userId: m.user_id, name: m.display_name, skills: JSON.parse(m.skills_json), preferences: m.preferences_json ? JSON.parse(m.preferences_json) : null, maxWeeklyHours: m.max_weekly_hours })),
    // kind is written from the validated body only: 'leave' or 'unavailable'.
    unavailability: leave.map((l) => ({ id: l.id, userId: l.user_id, kind: l.kind as 'leave' | 'unavailable', startsAt: l.starts_at, endsAt: l.ends_at, reason: l.reason })),
    canManage: (await manageableUnits(db, o.actor, [unit.id])).has(unit.id),
  };
}
