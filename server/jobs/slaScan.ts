import { uuidv7 } from 'uuidv7';
import { sql } from 'kysely';
import { systemActor } from '../access/actor.ts';
import { appendAudit } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import type { Executor, Trx } from '../storage/db.ts';
import type { CaseEventRow } from '../storage/schema.ts';
import { notify, type Notice } from '../notifications/notify.ts';
import { forEachChunk, inChunks } from '../storage/chunked.ts';
import { ancestorPaths } from '../modules/territory/lookups.ts';

/**
 * The deadline scan (时限扫描). Three phases, each a set-based claim:
 *   预警 warning     stage_warn_at ≤ now, warned_at IS NULL     → notify the current holder
 *   督办 supervision stage_due_at ≤ now, supervised_at IS NULL  → notice to handler and unit leader + event
 *   升级 escalation  stage_escalate_at ≤ now, escalated_at IS NULL (still overdue one more stage limit
 *                    after the due time) → escalation_level + 1, notify that level's duty officers/leaders
 * Each claim is one conditional UPDATE … WHERE flag IS NULL … RETURNING: whichever process updates the
 * row first owns the notice, so two processes (or two runs) never notify twice. The WHERE uses the
 * (flag, instant) indexes: a tick costs the rows that are due, not the open cases.
 */
export interface SlaScanResult {
  warned: number;
  supervised: number;
  escalated: number;
}

export interface SlaScanOptions {
  /** Rows claimed per transaction. */
  batchSize?: number;
}

interface Claimed {
  id: string;
  case_no: string;
  state: string;
  stage: string | null;
  handler_id: string | null;
  department_id: string | null;
  territory_path: string;
  grid_code: string;
  stage_due_at: string | null;
  escalation_level: number;
}

type Phase = 'warn' | 'supervise' | 'escalate';
const FLAG: Record<Phase, 'warned_at' | 'supervised_at' | 'escalated_at'> = { warn: 'warned_at', supervise: 'supervised_at', escalate: 'escalated_at' };
const INSTANT: Record<Phase, 'stage_warn_at' | 'stage_due_at' | 'stage_escalate_at'> = { warn: 'stage_warn_at', supervise: 'stage_due_at', escalate: 'stage_escalate_at' };
const EVENT: Record<Phase, string> = { warn: 'sla_warning', supervise: 'supervise', escalate: 'escalate' };
const STAGE_ZH: Record<string, string> = { filing: '立案', dispatch: '派遣', handling: '处置', verification: '核查' };
/** Who holds a case in each stage before a handler is assigned. */
const STAGE_HOLDERS: Record<string, string[]> = { filing: ['supervisor', 'duty_officer'], dispatch: ['dispatcher'], handling: ['dispatcher'], verification: ['supervisor'] };
/** escalation_level → code length of the node whose duty officers/leaders are notified: community, street, county, city. */
const ESCALATION_CODE_LENGTH = [15, 12, 9, 6, 4];


/** role_assignments rows of `roles` scoped at any of the given paths, in one query. */
async function assignmentsAt(db: Executor, roles: string[], scopePaths: string[]) {
  if (scopePaths.length === 0) return [];
  return inChunks([...new Set(scopePaths)], (chunk) =>
    db.selectFrom('role_assignments').select(['user_id', 'role', 'scope_path', 'scope_code', 'department_id']).where('role', 'in', roles).where('scope_path', 'in', chunk).execute(),
  );
}

/** Who is told, per claimed case. Lookups are batched per phase, never per case. */
async function recipients(trx: Trx, phase: Phase, rows: Claimed[]): Promise<Map<string, string[]>> {
  const out = new Map<string, Set<string>>(rows.map((r) => [r.id, new Set<string>()]));
  const add = (id: string, user: string | null) => user && out.get(id)!.add(user);
  if (phase === 'escalate') {
    const targetOf = (r: Claimed) => r.grid_code.slice(0, ESCALATION_CODE_LENGTH[Math.min(r.escalation_level, ESCALATION_CODE_LENGTH.length - 1)]);
    const targets = rows.map((r) => ancestorPaths(r.territory_path).find((p) => p.endsWith(`${targetOf(r)}/`)) ?? '');
    const people = await assignmentsAt(trx, ['duty_officer', 'leader'], targets.filter(Boolean));
    rows.forEach((r, i) => people.filter((p) => p.scope_path === targets[i] && p.department_id === null).forEach((p) => add(r.id, p.user_id)));
  } else {
    for (const r of rows) add(r.id, r.handler_id);
    // No department yet: the stage's holders covering the grid (supervisors to file, dispatchers to dispatch…).
    const undispatched = rows.filter((r) => !r.handler_id && !r.department_id);
    const holderRoles = [...new Set(undispatched.flatMap((r) => STAGE_HOLDERS[r.stage ?? ''] ?? []))];
    if (holderRoles.length) {
      const people = await assignmentsAt(trx, holderRoles, undispatched.flatMap((r) => ancestorPaths(r.territory_path)));
      for (const r of undispatched) {
        const roles = STAGE_HOLDERS[r.stage ?? ''] ?? [];
        people.filter((p) => roles.includes(p.role) && p.department_id === null && r.territory_path.startsWith(p.scope_path)).forEach((p) => add(r.id, p.user_id));
      }
    }
    // Dispatched but not yet accepted: the department's handlers; 督办 also goes to the unit leader.
    const departments = [...new Set(rows.map((r) => r.department_id).filter((d): d is string => d !== null))];
    if (departments.length) {
      const staff = await trx.selectFrom('role_assignments').select(['user_id', 'role', 'department_id']).where('role', 'in', ['handler', 'leader']).where('department_id', 'in', departments).execute();
      for (const r of rows) {
        if (!r.department_id) continue;
        for (const s of staff) {
          if (s.department_id !== r.department_id) continue;
          if (s.role === 'handler' && !r.handler_id) add(r.id, s.user_id);
          if (s.role === 'leader' && phase === 'supervise') add(r.id, s.user_id);
        }
      }
    }
  }
  return new Map([...out].map(([k, v]) => [k, [...v]]));
}

function texts(phase: Phase, r: Claimed): { title: string; body: string } {
  const stage = STAGE_ZH[r.stage ?? ''] ?? r.stage ?? '';
  if (phase === 'warn') return { title: `预警：案件 ${r.case_no} ${stage}时限将到`, body: `${stage}阶段将于 ${r.stage_due_at} 到期 / ${r.stage} stage due at ${r.stage_due_at}` };
  if (phase === 'supervise') return { title: `督办：案件 ${r.case_no} ${stage}超期`, body: `${stage}阶段已于 ${r.stage_due_at} 超期，请立即办理 / ${r.stage} stage overdue since ${r.stage_due_at}` };
  return { title: `升级：案件 ${r.case_no} 超期未办，已升级至第 ${r.escalation_level} 级`, body: `${stage}阶段超期未办（到期 ${r.stage_due_at}）/ still overdue, escalated to level ${r.escalation_level}` };
}

/**
 * Live updates for one committed batch (when the server's event bus is there): a case event per claimed
 * case, so consoles re-read their lists and the 实时动态 feed shows 预警/督办/升级 as they happen, and a
 * notification event naming the people told. A tick that claims thousands (a server back after a long
 * stop) announces the first MAX_LIVE_EVENTS_PER_BATCH: consoles re-read on any of them anyway.
 */
export const MAX_LIVE_EVENTS_PER_BATCH = 200;

async function publishBatch(ctx: AppContext, phase: Phase, claimed: Claimed[], who: Map<string, string[]>, nowIso: string): Promise<void> {
  const bus = ctx.events;
  if (!bus) return;
  for (const r of claimed.slice(0, MAX_LIVE_EVENTS_PER_BATCH)) {
    try {
      const base = { caseId: r.id, territoryPath: r.territory_path, departmentId: r.department_id, at: nowIso };
      await bus.publish({ ...base, type: `case.${EVENT[phase]}`, state: r.state });
      const userIds = who.get(r.id) ?? [];
      if (userIds.length) await bus.publish({ ...base, type: 'notification', userIds });
    } catch {
      // Live updates are best effort: the notices are committed and the inbox lists them.
    }
  }
}

/** Claim one batch of one phase and write its notices, events and one audit entry, in one transaction; announce it after commit. */
async function runBatch(ctx: AppContext, phase: Phase, now: Date, batchSize: number): Promise<number> {
  const nowIso = now.toISOString();
  const committed = await claimBatch(ctx, phase, nowIso, batchSize);
  if (committed) await publishBatch(ctx, phase, committed.claimed, committed.who, nowIso);
  return committed?.claimed.length ?? 0;
}

async function claimBatch(ctx: AppContext, phase: Phase, nowIso: string, batchSize: number): Promise<{ claimed: Claimed[]; who: Map<string, string[]> } | null> {
  const flag = FLAG[phase];
  const instant = INSTANT[phase];
  return ctx.storage.db.transaction().execute(async (trx) => {
    const candidates = trx.selectFrom('cases').select('id').where(flag, 'is', null).where(instant, '<=', nowIso).limit(batchSize);
    const set: Record<string, unknown> = { [flag]: nowIso };
    if (phase === 'escalate') set['escalation_level'] = sql`escalation_level + 1`;
    const claimed = (await trx
      .updateTable('cases')
      .set(set)
      .where('id', 'in', candidates)
      // Repeat the range so the outer statement also walks the (flag, instant) index, never all open cases;
      // the flag re-check is what makes a concurrent second claimer update nothing.
      .where(flag, 'is', null)
      .where(instant, '<=', nowIso)
      .returning(['id', 'case_no', 'state', 'stage', 'handler_id', 'department_id', 'territory_path', 'grid_code', 'stage_due_at', 'escalation_level'])
      .execute()) as Claimed[];
    if (claimed.length === 0) return null;
    const who = await recipients(trx, phase, claimed);
    const notifications: Notice[] = [];
    const events: CaseEventRow[] = [];
    for (const r of claimed) {
      const { title, body } = texts(phase, r);
      for (const user of who.get(r.id) ?? []) {
        notifications.push({ userId: user, caseId: r.id, kind: EVENT[phase], title, body });
      }
      events.push({
        id: uuidv7(),
        case_id: r.id,
        at: nowIso,
        actor_id: null,
        actor_name: '系统',
        action: EVENT[phase],
        from_state: r.state,
        to_state: r.state,
        note: title,
        lat: null,
        lng: null,
        photos_json: null,
        data_json: JSON.stringify({ stage: r.stage, stageDueAt: r.stage_due_at, notified: who.get(r.id)?.length ?? 0, ...(phase === 'escalate' ? { escalationLevel: r.escalation_level } : {}) }),
      });
    }
    await notify(trx, notifications, nowIso);
    await forEachChunk(events, (chunk) => trx.insertInto('case_events').values(chunk).execute());
    await appendAudit(trx, systemActor('sla-scan'), {
      action: `case.sla.${phase}`,
      recordType: 'case',
      after: { count: claimed.length, caseIds: claimed.slice(0, 100).map((r) => r.id) },
    });
    return { claimed, who };
  });
}

/** One tick of the deadline scan at `now`; safe to run twice and from several processes. */
export async function runSlaScan(ctx: AppContext, now: Date, options: SlaScanOptions = {}): Promise<SlaScanResult> {
  const batchSize = options.batchSize ?? 5000;
  const result: SlaScanResult = { warned: 0, supervised: 0, escalated: 0 };
  const key: Record<Phase, keyof SlaScanResult> = { warn: 'warned', supervise: 'supervised', escalate: 'escalated' };
  for (const phase of ['warn', 'supervise', 'escalate'] as const) {
    for (;;) {
      const n = await runBatch(ctx, phase, now, batchSize);
      result[key[phase]] += n;
      if (n < batchSize) break;
    }
  }
  return result;
}
