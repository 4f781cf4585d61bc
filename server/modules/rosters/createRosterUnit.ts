import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { requireNode } from '../../access/access.ts';
import { appendAudit } from '../../audit/audit.ts';
import type { Trx } from '../../storage/db.ts';
import { DEFAULT_RULES, type RosterRules } from '../../../shared/rosters/model.ts';
import type { CreateUnitBody } from '../../../shared/rosters/wire.ts';

/** The POST body plus who and when (kind as a plain string: the body schema checks it, the demo builder passes its own). */
export type CreateRosterUnitOptions = Omit<CreateUnitBody, 'kind'> & { kind: string; actor: Actor; now: Date };

/** Create a rostering unit (值班单位) on a territory node the actor manages rosters for. */
export async function createRosterUnit(trx: Trx, o: CreateRosterUnitOptions) {
  const node = await requireNode(trx, { actor: o.actor, action: 'roster.manage', code: o.territoryCode, field: 'territoryCode' });
  const row = {
    id: uuidv7(), name_zh: o.nameZh, kind: o.kind, territory_code: node.code, territory_path: node.path,
    rules_json: JSON.stringify({ ...DEFAULT_RULES, ...o.rules }), created_at: o.now.toISOString(), updated_at: o.now.toISOString(),
  };
  await trx.insertInto('roster_units').values(row).execute();
  await appendAudit(trx, o.actor, { action: 'roster.unit.create', recordType: 'roster_unit', recordId: row.id, after: row });
  return { id: row.id, nameZh: row.name_zh, kind: row.kind, territoryCode: row.territory_code, rules: JSON.parse(row.rules_json) as RosterRules };
}
