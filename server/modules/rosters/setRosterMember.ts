import type { Actor } from '../../access/actor.ts';
import { allowedIds } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import type { MemberBody } from '../../../shared/rosters/wire.ts';

/** Add a person to a unit's roster, or change their roles/skills, preferences and personal weekly cap. */
export async function setRosterMember(trx: Trx, o: MemberBody & { actor: Actor; unitId: string; now: Date }) {
  // Someone the manager may not see answers exactly like a missing person (no name echoed, no membership);
  // the unit's own members are seen through the unit (its page lists them), so they can always be edited.
  const before = await trx.selectFrom('roster_members').selectAll().where('unit_id', '=', o.unitId).where('user_id', '=', o.userId).executeTakeFirst();
  const visible = before !== undefined || (await allowedIds(trx, { actor: o.actor, action: 'people.read', resource: 'user', ids: [o.userId] })).has(o.userId);
  const user = visible ? await trx.selectFrom('users').select(['id', 'display_name']).where('id', '=', o.userId).executeTakeFirst() : undefined;
  if (!user) throw new AppError('NOT_FOUND', 'person not found', 'userId');
  const values = { skills_json: JSON.stringify(o.skills), preferences_json: o.preferences ? JSON.stringify(o.preferences) : null, max_weekly_hours: o.maxWeeklyHours ?? null };
  if (before) await trx.updateTable('roster_members').set(values).where('unit_id', '=', o.unitId).where('user_id', '=', o.userId).execute();
  else await trx.insertInto('roster_members').values({ unit_id: o.unitId, user_id: o.userId, ...values, created_at: o.now.toISOString() }).execute();
  await appendAudit(trx, o.actor, { action: 'roster.member.set', recordType: 'roster_unit', recordId: o.unitId, before: before ?? null, after: { user_id: o.userId, ...values } });
  return { userId: o.userId, name: user.display_name, skills: o.skills, preferences: o.preferences ?? null, maxWeeklyHours: o.maxWeeklyHours ?? null };
}
