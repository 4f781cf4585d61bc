import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import type { Trx } from '../../storage/db.ts';
import type { TemplateBody } from '../../../shared/rosters/wire.ts';

/** Add a shift template (班次模板) to a unit; the caller has checked roster.manage on the unit. */
export async function addShiftTemplate(trx: Trx, o: TemplateBody & { actor: Actor; unitId: string; now: Date }) {
  const row = {
    id: uuidv7(), unit_id: o.unitId, name_zh: o.nameZh, start_time: o.startTime, duration_minutes: o.durationMinutes,
    night: o.night ? 1 : 0, requirements_json: JSON.stringify(o.requirements), active: 1, created_at: o.now.toISOString(),
    valid_from: null, retired_from: null, replaces_id: null,
  };
  await trx.insertInto('roster_shift_templates').values(row).execute();
  await appendAudit(trx, o.actor, { action: 'roster.template.create', recordType: 'roster_unit', recordId: o.unitId, after: row });
  return { id: row.id, nameZh: o.nameZh, startTime: o.startTime, durationMinutes: o.durationMinutes, night: o.night, requirements: o.requirements };
}
