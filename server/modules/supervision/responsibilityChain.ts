import type { Executor } from '../../storage/db.ts';
import type { CaseEventRow, CaseRow } from '../../storage/schema.ts';
import { CLOSED_STATES, type CaseState } from '../../../shared/cases/stateMachine.ts';
import { categoryOf } from '../cases/case.ts';
import { findCategory } from '../cases/lookups.ts';
import { stageOf, startStage } from '../cases/stages.ts';
import { scaleStageLimits } from '../campaigns/activeSlaMultiplier.ts';
import type { ChainLink } from '../../../shared/supervision/wire.ts';

export type { ChainLink };

/**
 * Lookups memoised across the chains of many cases: generateAccountability builds one per overdue case,
 * and most share a category, a grid, departments and handlers. Absent rows are remembered as null.
 */
export interface ChainLookups {
  categories: Map<string, Awaited<ReturnType<typeof findCategory>> | null>;
  departments: Map<string, string | null>;
  grids: Map<string, string | null>;
  people: Map<string, string | null>;
}

/** An empty cache: one per run of many chains (a single chain needs none). */
export function newChainLookups(): ChainLookups {
  return { categories: new Map(), departments: new Map(), grids: new Map(), people: new Map() };
}

const HANDLING_STATES = new Set(['dispatched', 'in_handling']);
/** Finished states: nobody holds the case there (whoever reopens or evaluates it ends the link, not holds it). */
const FINISHED_STATES: ReadonlySet<string> = new Set(CLOSED_STATES);
const iso = (v: string | Date) => new Date(v).toISOString();

function dataOf(e: CaseEventRow): Record<string, unknown> {
  if (!e.data_json) return {};
  try {
    return JSON.parse(e.data_json) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The first stage's deadline: the event carries none, so recompute it the way intake did (category limits × the intake multiplier). */
async function intakeDue(db: Executor, row: CaseRow, stage: ReturnType<typeof stageOf>, at: string, lookups: ChainLookups): Promise<string | null> {
  if (!stage) return null;
  if (!lookups.categories.has(row.category_code)) lookups.categories.set(row.category_code, (await findCategory(db, row.category_code)) ?? null);
  const category = lookups.categories.get(row.category_code);
  if (!category) return null;
  return startStage(stage, scaleStageLimits(categoryOf(category).limits, row.sla_multiplier ?? 1), new Date(at)).columns.stage_due_at;
}

/**
 * 责任链: who held a case in each state and for how long, with the stage deadline in force and whether
 * it was missed. Built from the timeline: stage deadlines from the events' `stageDueAt` (start of a stage,
 * extension, reopen), departments from `departmentId` (dispatch), the handler from `accept`; the current
 * link's deadline is the case row's. A case without events (imported rows) gets one link from its row.
 * Pass one `lookups` to many calls to read each category and name once.
 */
export async function caseResponsibilityChain(db: Executor, row: CaseRow, events: readonly CaseEventRow[], nowIso: string, lookups: ChainLookups = newChainLookups()): Promise<ChainLink[]> {
  const ordered = [...events].sort((a, b) => (iso(a.at) < iso(b.at) ? -1 : iso(a.at) > iso(b.at) ? 1 : a.id < b.id ? -1 : 1));
  const nowMs = Date.parse(nowIso);
  type Draft = Omit<ChainLink, 'unitName' | 'holderName' | 'overdue' | 'overdueMinutes' | 'missedDeadline' | 'minutes'> & { handlerName: string | null };
  const drafts: Draft[] = [];
  let department: string | null = null;
  let handler: { id: string | null; name: string } | null = null;
  let due: string | null = null;

  for (const [i, e] of ordered.entries()) {
    const data = dataOf(e);
    const changesState = e.to_state !== null && e.to_state !== e.from_state;
    const current = drafts.at(-1);
    if (typeof data['departmentId'] === 'string') department = data['departmentId'];
    if (e.action === 'approve_return') {
      department = null;
      handler = null;
    }
    if (e.action === 'dispatch') handler = null;
    if (e.action === 'accept') handler = { id: e.actor_id, name: e.actor_name };
    if (!changesState) {
      // An approved extension moves the running stage's deadline.
      if (typeof data['stageDueAt'] === 'string' && current && !current.to) current.dueAt = iso(data['stageDueAt']);
      continue;
    }
    if (current) {
      current.to = iso(e.at);
      current.endedBy = e.action;
      current.endedByName = e.actor_name;
      if (!FINISHED_STATES.has(current.state) && (!HANDLING_STATES.has(current.state) || !current.holderId)) {
        current.holderId = current.holderId ?? e.actor_id;
        current.handlerName = current.handlerName ?? e.actor_name;
      }
    }
    const state = e.to_state!;
    const stage = stageOf(state as CaseState);
    if (!stage) due = null;
    else if (typeof data['stageDueAt'] === 'string') due = iso(data['stageDueAt']);
    else if (i === 0 || !current || current.stage !== stage) due = await intakeDue(db, row, stage, iso(e.at), lookups);
    const inHandling = HANDLING_STATES.has(state) && department !== null;
    drafts.push({
      stage, state, from: iso(e.at), to: null,
      holderId: state === 'in_handling' && handler ? handler.id : null,
      handlerName: state === 'in_handling' && handler ? handler.name : null,
      unitKind: inHandling ? 'department' : 'grid',
      unitId: inHandling ? department! : row.grid_code,
      dueAt: due, endedBy: null, endedByName: null,
    });
  }
  if (drafts.length === 0) {
    const inHandling = HANDLING_STATES.has(row.state) && row.department_id !== null;
    drafts.push({
      stage: row.stage, state: row.state, from: iso(row.stage_started_at ?? row.created_at), to: row.closed_at ? iso(row.closed_at) : null,
      holderId: row.state === 'in_handling' ? row.handler_id : null, handlerName: null,
      unitKind: inHandling ? 'department' : 'grid', unitId: inHandling ? row.department_id! : row.grid_code,
      dueAt: row.stage_due_at ? iso(row.stage_due_at) : null, endedBy: null, endedByName: null,
    });
  }
  // The open link's deadline is the row's (it reflects every extension and restart).
  const last = drafts.at(-1)!;
  if (!last.to && last.stage && row.stage === last.stage && row.stage_due_at) last.dueAt = iso(row.stage_due_at);

  const departments = [...new Set(drafts.filter((d) => d.unitKind === 'department' && !lookups.departments.has(d.unitId)).map((d) => d.unitId))];
  const people = [...new Set(drafts.filter((d) => d.holderId && !d.handlerName && !lookups.people.has(d.holderId)).map((d) => d.holderId!))];
  const [deptNames, gridName, peopleNames] = await Promise.all([
    departments.length ? db.selectFrom('departments').select(['id', 'name_zh']).where('id', 'in', departments).execute() : Promise.resolve([]),
    lookups.grids.has(row.grid_code) ? Promise.resolve(undefined) : db.selectFrom('territory_nodes').select('name_zh').where('code', '=', row.grid_code).executeTakeFirst(),
    people.length ? db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', people).execute() : Promise.resolve([]),
  ]);
  for (const id of departments) lookups.departments.set(id, deptNames.find((d) => d.id === id)?.name_zh ?? null);
  for (const id of people) lookups.people.set(id, peopleNames.find((p) => p.id === id)?.display_name ?? null);
  if (!lookups.grids.has(row.grid_code)) lookups.grids.set(row.grid_code, gridName?.name_zh ?? null);

  return drafts.map((d) => {
    const endMs = d.to ? Date.parse(d.to) : nowMs;
    const dueMs = d.dueAt ? Date.parse(d.dueAt) : null;
    const overdue = dueMs !== null && endMs > dueMs;
    const { handlerName, ...rest } = d;
    return {
      ...rest,
      minutes: Math.max(0, Math.round((endMs - Date.parse(d.from)) / 60_000)),
      holderName: handlerName ?? (d.holderId ? lookups.people.get(d.holderId) ?? null : null),
      unitName: (d.unitKind === 'department' ? lookups.departments.get(d.unitId) : lookups.grids.get(row.grid_code)) ?? d.unitId,
      overdue,
      overdueMinutes: overdue ? Math.round((endMs - Math.max(dueMs!, Date.parse(d.from))) / 60_000) : 0,
      missedDeadline: dueMs !== null && dueMs >= Date.parse(d.from) && dueMs < endMs,
    };
  });
}
