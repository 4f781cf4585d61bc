import { uuidv7 } from 'uuidv7';
import { systemActor, type Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import type { Trx } from '../../storage/db.ts';
import type { DirectiveEscalationRow, DirectiveRow } from '../../storage/schema.ts';
import { notify, type Notice } from '../../notifications/notify.ts';
import { parentCodeOf, levelOfCode } from '../../../shared/territory/codes.ts';
import { findDirectivesToEscalate, findUnsignedBelowStep, insertEscalations, setEscalationStep } from './directives.repository.ts';
import { findRoleHolders } from '../people/roleHolders.ts';

/** Default gap between escalation steps after the sign deadline. */
export const DEFAULT_ESCALATE_AFTER_MINUTES = 120;

export interface EscalationOptions {
  now: Date;
  /** Step 2 fires this long after the sign deadline, step 3 twice as long after. */
  escalateAfterMinutes?: number;
  actor?: Actor;
}

export interface EscalationSummary {
  directives: number;
  reminded: number;
  gridLeadersTold: number;
  unitLeadersTold: number;
}

function ancestorsOf(code: string): string[] {
  const out: string[] = [];
  let c = parentCodeOf(code);
  while (c) {
    out.push(c);
    c = parentCodeOf(c);
  }
  return out;
}

/**
 * Reminder and escalation job (催签/逐级督办) for unsigned directives, one pass:
 *  step 1 at remind_at (or the sign deadline): remind each unsigned person;
 *  step 2 at deadline + escalateAfter: tell the grid leader (网格长) of each grid with unsigned people
 *         (for a non-grid unit, its leader);
 *  step 3 at deadline + 2 × escalateAfter: tell the leader of the nearest unit above that has one.
 * Each delivery moves through the steps once (escalation_step); every message is a notifications row
 * and a directive_escalations row, and every step of every directive one audit entry. Run it in one
 * transaction; the scheduler decides how often (every few minutes is plenty).
 */
export async function escalateUnsignedDirectives(trx: Trx, o: EscalationOptions): Promise<EscalationSummary> {
  const actor = o.actor ?? systemActor('directive-escalation');
  const nowIso = o.now.toISOString();
  const gapMs = (o.escalateAfterMinutes ?? DEFAULT_ESCALATE_AFTER_MINUTES) * 60_000;
  const summary: EscalationSummary = { directives: 0, reminded: 0, gridLeadersTold: 0, unitLeadersTold: 0 };
  for (const d of await findDirectivesToEscalate(trx, nowIso)) {
    summary.directives += 1;
    const deadlineMs = d.sign_deadline ? Date.parse(d.sign_deadline) : null;
    const remindAt = d.remind_at ?? d.sign_deadline;
    if (remindAt && remindAt <= nowIso) summary.reminded += await step1(trx, actor, d, nowIso);
    if (deadlineMs !== null && deadlineMs + gapMs <= o.now.getTime()) summary.gridLeadersTold += await step2(trx, actor, d, nowIso);
    if (deadlineMs !== null && deadlineMs + 2 * gapMs <= o.now.getTime()) summary.unitLeadersTold += await step3(trx, actor, d, nowIso);
  }
  return summary;
}

async function step1(trx: Trx, actor: Actor, d: DirectiveRow, nowIso: string): Promise<number> {
  const rows = await findUnsignedBelowStep(trx, d.id, 1);
  if (rows.length === 0) return 0;
  const byPerson = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!byPerson.has(r.person_id)) byPerson.set(r.person_id, r);
  const title = `请签收：${d.title}`;
  const body = d.sign_deadline ? `签收时限 ${d.sign_deadline}，请尽快签收。` : '请尽快签收。';
  await notify(trx, [...byPerson.keys()].map((userId) => ({ userId, kind: 'directive.remind', title, body })), nowIso);
  await insertEscalations(trx, [...byPerson.values()].map((r) => escalationRow(d.id, 1, r.unit_code, r.person_id, [r.person_id], nowIso)));
  await setEscalationStep(trx, d.id, rows.map((r) => r.assignment_id), 1);
  await appendAudit(trx, actor, { action: 'directive.remind', recordType: 'directive', recordId: d.id, after: { step: 1, people: byPerson.size } });
  return byPerson.size;
}

function escalationRow(directiveId: string, step: number, unitCode: string, recipientId: string, personIds: string[], at: string): DirectiveEscalationRow {
  return { id: uuidv7(), directive_id: directiveId, step, unit_code: unitCode, recipient_id: recipientId, unsigned_count: personIds.length, person_ids_json: JSON.stringify(personIds), at };
}

/** Group unsigned people under a recipient and send one message each. */
async function tell(
  trx: Trx,
  actor: Actor,
  d: DirectiveRow,
  step: number,
  nowIso: string,
  rows: Awaited<ReturnType<typeof findUnsignedBelowStep>>,
  recipientsFor: (unitCode: string) => { userId: string; unitCode: string }[],
): Promise<number> {
  const perRecipient = new Map<string, { unitCode: string; people: Map<string, string> }>();
  for (const r of rows) {
    for (const rec of recipientsFor(r.unit_code)) {
      if (rec.userId === r.person_id) continue;
      const key = `${rec.userId}|${rec.unitCode}`;
      const entry = perRecipient.get(key) ?? { unitCode: rec.unitCode, people: new Map<string, string>() };
      entry.people.set(r.person_id, r.display_name);
      perRecipient.set(key, entry);
    }
  }
  const notes: Notice[] = [];
  const logs: DirectiveEscalationRow[] = [];
  for (const [key, e] of perRecipient) {
    const userId = key.split('|')[0]!;
    const names = [...e.people.values()];
    notes.push({ userId, kind: step === 2 ? 'directive.escalate.grid' : 'directive.escalate.unit', title: `督办：${d.title} 尚有 ${names.length} 人未签收`, body: `未签收：${names.slice(0, 50).join('、')}${names.length > 50 ? ' 等' : ''}` });
    logs.push(escalationRow(d.id, step, e.unitCode, userId, [...e.people.keys()], nowIso));
  }
  await notify(trx, notes, nowIso);
  await insertEscalations(trx, logs);
  await setEscalationStep(trx, d.id, rows.map((r) => r.assignment_id), step);
  await appendAudit(trx, actor, { action: 'directive.escalate', recordType: 'directive', recordId: d.id, after: { step, recipients: logs.length, unsigned: rows.length } });
  return logs.length;
}

async function step2(trx: Trx, actor: Actor, d: DirectiveRow, nowIso: string): Promise<number> {
  const rows = await findUnsignedBelowStep(trx, d.id, 2);
  if (rows.length === 0) return 0;
  const units = [...new Set(rows.map((r) => r.unit_code))];
  const holders = await findRoleHolders(trx, units, ['grid_leader', 'leader']);
  const byUnit = new Map<string, { userId: string; unitCode: string }[]>();
  for (const h of holders) {
    // A grid answers through its grid leader; any other unit through its leader.
    const wanted = levelOfCode(h.scope_code) === 'grid' ? 'grid_leader' : 'leader';
    if (h.role !== wanted) continue;
    byUnit.set(h.scope_code, [...(byUnit.get(h.scope_code) ?? []), { userId: h.user_id, unitCode: h.scope_code }]);
  }
  return tell(trx, actor, d, 2, nowIso, rows, (unit) => byUnit.get(unit) ?? []);
}

async function step3(trx: Trx, actor: Actor, d: DirectiveRow, nowIso: string): Promise<number> {
  const rows = await findUnsignedBelowStep(trx, d.id, 3);
  if (rows.length === 0) return 0;
  const units = [...new Set(rows.map((r) => r.unit_code))];
  const ancestors = new Map(units.map((u) => [u, ancestorsOf(u)]));
  const holders = await findRoleHolders(trx, [...new Set([...ancestors.values()].flat())], ['leader']);
  const byCode = new Map<string, string[]>();
  for (const h of holders) byCode.set(h.scope_code, [...(byCode.get(h.scope_code) ?? []), h.user_id]);
  // The nearest unit above with a leader answers for the unit (社区 → 街道 → 区县 …).
  const nearest = (unit: string) => {
    for (const a of ancestors.get(unit) ?? []) {
      const ids = byCode.get(a);
      if (ids?.length) return ids.map((userId) => ({ userId, unitCode: a }));
    }
    return [];
  };
  return tell(trx, actor, d, 3, nowIso, rows, nearest);
}
