import { uuidv7 } from 'uuidv7';
import { systemActor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { inTransaction, type AppContext } from '../../context.ts';
import type { Executor, Trx } from '../../storage/db.ts';
import type { FollowupItemRow } from '../../storage/schema.ts';
import { notify } from '../../notifications/notify.ts';
import type { AccountabilitySourceKind } from '../../../shared/supervision/accountability.ts';
import { levelOfCode, parentCodeOf, pathOfCode } from '../../../shared/territory/codes.ts';
import { chinaMinute } from '../../../shared/time/china.ts';
import { scrubPersonalData } from '../../../shared/privacy/scrub.ts';

/** The accountability source kind of a late follow-up item (docs/supervision.md). */
export const FOLLOWUP_OVERDUE = 'followup_overdue' satisfies AccountabilitySourceKind;

/** "2026-12-10 23:59" in China time. */
const chinaTime = (iso: string): string => chinaMinute(iso);

/** How late, in words: "2 天 3 小时" / "2 d 3 h" (minutes only under an hour). */
export function latenessText(ms: number): { zh: string; en: string } {
  const minutes = Math.max(1, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return { zh: `${days} 天${hours ? ` ${hours} 小时` : ''}`, en: `${days} d${hours ? ` ${hours} h` : ''}` };
  if (hours > 0) return { zh: `${hours} 小时`, en: `${hours} h` };
  return { zh: `${minutes} 分钟`, en: `${minutes} min` };
}

/**
 * Late (逾期) at `nowIso` and not yet recorded: still open or in progress after the deadline, or
 * completed after it (a late completion the job had not seen yet — e.g. the server was down). An item
 * completed on time, then sent back by the verifier after the deadline, is open again and late.
 */
function lateItems(db: Executor, nowIso: string) {
  return db
    .selectFrom('followup_items as f')
    .selectAll('f')
    .where('f.due_at', '<', nowIso)
    .where((eb) => eb.or([eb('f.state', 'in', ['open', 'in_progress']), eb('f.done_at', '>', eb.ref('f.due_at'))]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('accountability_records as a').select('a.id').where('a.source_kind', '=', FOLLOWUP_OVERDUE).whereRef('a.source_id', '=', 'f.id'))));
}

/**
 * Leaders of the owner unit (责任单位领导): a department's leaders; for a territory unit the leaders
 * (a grid: its grid leader too) scoped at that node — the nearest node above that has one when it has
 * none. A department without a leader falls back to the item's territory the same way.
 */
async function ownerUnitLeaders(trx: Trx, item: FollowupItemRow): Promise<string[]> {
  const base = () => trx.selectFrom('role_assignments as r').innerJoin('users as u', 'u.id', 'r.user_id').select('r.user_id').where('u.disabled', '=', 0);
  const active = (q: ReturnType<typeof base>) => q.execute().then((rows) => [...new Set(rows.map((r) => r.user_id))]);
  if (item.owner_department_id) {
    const people = await active(base().where('r.role', '=', 'leader').where('r.department_id', '=', item.owner_department_id));
    if (people.length) return people;
  }
  for (let code: string | null = item.owner_department_id ? item.territory_code : item.owner_unit_code ?? item.territory_code; code; code = parentCodeOf(code)) {
    const roles = levelOfCode(code) === 'grid' ? ['grid_leader', 'leader'] : ['leader'];
    const people = await active(base().where('r.role', 'in', roles).where('r.scope_code', '=', code).where('r.department_id', 'is', null));
    if (people.length) return people;
  }
  return [];
}

/** Record one late item: the accountability record is the claim; only its inserter notifies. */
async function recordOne(trx: Trx, item: FollowupItemRow, now: Date): Promise<{ recorded: boolean; notified: number }> {
  const nowIso = now.toISOString();
  const lateMs = Date.parse(item.done_at ?? nowIso) - Date.parse(item.due_at);
  const late = latenessText(lateMs);
  const unitCode = item.owner_department_id ? item.territory_code : item.owner_unit_code ?? item.territory_code;
  const unitNode = await trx.selectFrom('territory_nodes').select(['path', 'name_zh']).where('code', '=', unitCode).executeTakeFirst();
  const unitName = item.owner_unit_name ?? unitNode?.name_zh ?? unitCode;
  const owner = item.owner_id ? item.owner_name : null;
  const completedLate = item.done_at !== null;
  const due = chinaTime(item.due_at);
  const summary = completedLate
    ? `整改项「${item.title}」逾期完成（期限 ${due}，逾期 ${late.zh}；${unitName}${owner ? ` · ${owner}` : ''}）/ follow-up item completed ${late.en} after its deadline`
    : `整改项「${item.title}」逾期未完成（期限 ${due}，已逾期 ${late.zh}；${unitName}${owner ? ` · ${owner}` : ''}）/ follow-up item ${late.en} past its deadline`;
  const inserted = await trx
    .insertInto('accountability_records')
    .values({
      id: uuidv7(), source_kind: FOLLOWUP_OVERDUE, source_id: item.id, case_id: null,
      person_id: item.owner_id, person_name: owner, department_id: item.owner_department_id,
      unit_code: unitCode, territory_path: unitNode?.path ?? (unitCode === item.territory_code ? item.territory_path : pathOfCode(unitCode)),
      occurred_at: item.due_at, summary, state: 'pending', measure: null, reason: null, decided_by: null, decided_at: null, created_at: nowIso,
    })
    .onConflict((oc) => oc.columns(['source_kind', 'source_id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return { recorded: false, notified: 0 };
  const recipients = new Set<string>(item.owner_id ? [item.owner_id] : []);
  for (const leader of await ownerUnitLeaders(trx, item)) recipients.add(leader);
  const title = `逾期：整改项「${scrubPersonalData(item.title)}」${completedLate ? '逾期完成' : '已超过期限'}`;
  const body = `期限 ${due}，${completedLate ? '逾期' : '已逾期'} ${late.zh}；责任${owner ? `人 ${owner}（${unitName}）` : `单位 ${unitName}`}。已记入责任追究。/ due ${item.due_at}, ${late.en} late; an accountability record was made.`;
  const notified = await notify(trx, [...recipients].map((userId) => ({ userId, kind: 'followup.overdue', title, body })), nowIso);
  await appendAudit(trx, systemActor('followup-overdue'), {
    action: 'followup.overdue',
    recordType: 'followup',
    recordId: item.id,
    after: { dueAt: item.due_at, state: item.state, lateMinutes: Math.floor(lateMs / 60_000), personId: item.owner_id, unitCode, departmentId: item.owner_department_id, notified },
  });
  return { recorded: true, notified };
}

/**
 * Scheduled job `followup-overdue` (docs/jobs.md): every follow-up item (长效机制) past its deadline and
 * not completed in time gets one accountability record (责任追究, source `followup_overdue`, source id
 * the item) naming the owner person — or, with none, only the owner unit — with the item, its deadline
 * and how late; the owner and the owner unit's leaders are notified in their inbox. Exactly once per
 * item: the insert into accountability_records is `on conflict do nothing` on its unique (source_kind,
 * source_id) and only the transaction that inserted notifies, so reruns and several processes on one
 * PostgreSQL database (the scheduler's advisory lock makes that rare anyway) record and notify once.
 * Completing or verifying the item later leaves the record as it is.
 */
export async function recordOverdueFollowups(ctx: AppContext, now: Date, o: { batchSize?: number } = {}) {
  const batchSize = o.batchSize ?? 200;
  const nowIso = now.toISOString();
  let recorded = 0;
  let notified = 0;
  for (;;) {
    const candidates = await lateItems(ctx.storage.db, nowIso).orderBy('f.due_at').orderBy('f.id').limit(batchSize).execute();
    if (candidates.length === 0) break;
    let progress = 0;
    await inTransaction(ctx, async (trx) => {
      // Re-read inside the transaction: an item completed meanwhile is judged on its committed state.
      const items = await lateItems(trx, nowIso).where('f.id', 'in', candidates.map((c) => c.id)).orderBy('f.due_at').orderBy('f.id').execute();
      for (const item of items) {
        const r = await recordOne(trx, item, now);
        if (r.recorded) progress += 1;
        notified += r.notified;
      }
    });
    recorded += progress;
    // Nothing new in a full batch means another process holds these rows' records; stop rather than spin.
    if (progress === 0 || candidates.length < batchSize) break;
  }
  return { recorded, notified };
}
