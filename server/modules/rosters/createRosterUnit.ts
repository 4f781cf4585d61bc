import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { actorCan } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { DEFAULT_RULES, type RosterRules } from '../../../shared/rosters/model.ts';

/** Create a rostering unit (值班单位) on a territory node the actor manages rosters for. */
export async function createRosterUnit(trx: Trx, o: { actor: Actor; nameZh: string; kind: string; territoryCode: string; rules?: Partial<RosterRules> | undefined; now: Date }) {
  const node = await trx.selectFrom('territory_nodes').select(['code', 'path']).where('code', '=', o.territoryCode).executeTakeFirst();
  if (!node || !actorCan(o.actor, 'roster.read', [node.path]) && !actorCan(o.actor, 'roster.manage', [node.path])) {
    throw new AppError('NOT_FOUND', 'territory node not found', 'territoryCode');
  }
  if (!actorCan(o.actor, 'roster.manage', [node.path])) throw new AppError('FORBIDDEN', 'your role may not create roster units here');
  const row = {
    id: uuidv7(), name_zh: o.nameZh, kind: o.kind, territory_code: node.code, territory_path: node.path,
    rules_json: JSON.stringify({ ...DEFAULT_RULES, ...o.rules }), created_at: o.now.toISOString(), updated_at: o.now.toISOString(),
  };
  await trx.insertInto('roster_units').values(row).execute();
  await appendAudit(trx, o.actor, { action: 'roster.unit.create', recordType: 'roster_unit', recordId: row.id, after: row });
  return { id: row.id, nameZh: row.name_zh, kind: row.kind, territoryCode: row.territory_code, rules: JSON.parse(row.rules_json) as RosterRules };
}
