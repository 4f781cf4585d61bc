import { uuidv7 } from 'uuidv7';
import type { Executor } from '../../storage/db.ts';
import type { CaseRow } from '../../storage/schema.ts';
import { UNHANDLED_CASE_COLUMNS } from '../cases/case.ts';
import { pathOfCode } from '../../../shared/territory/codes.ts';

/** Test helper: insert a hand-built case row (every column given, as SQLite needs). */
export async function insertTestCase(db: Executor, o: Partial<CaseRow> & { case_no: string; grid_code: string }): Promise<CaseRow> {
  const at = o.created_at ?? '2026-11-01T00:00:00.000Z';
  const row: CaseRow = {
    id: uuidv7(),
    kind: 'event',
    category_code: '0101',
    state: 'reported',
    description: `测试案件 ${o.case_no}`,
    address: null,
    lat: 32.06,
    lng: 118.77,
    territory_path: pathOfCode(o.grid_code),
    source: 'grid_worker',
    reporter_id: null,
    reporter_name: null,
    reporter_phone: null,
    tracking_code: null,
    ...UNHANDLED_CASE_COLUMNS,
    stage: null,
    stage_limit: null,
    stage_started_at: null,
    stage_due_at: null,
    stage_warn_at: null,
    stage_escalate_at: null,
    warned_at: null,
    supervised_at: null,
    escalated_at: null,
    escalation_level: 0,
    overdue_count: 0,
    calendar_unknown_years: null,
    closed_at: null,
    closed_on_time: null,
    duplicate_of: null,
    dispute_level: null,
    details_json: null,
    version: 1,
    created_at: at,
    updated_at: at,
    ...o,
  };
  await db.insertInto('cases').values(row).execute();
  return row;
}

/** Test helper: one timeline event (from → to) at an instant. */
export async function insertTestEvent(db: Executor, caseId: string, action: string, from: string | null, to: string | null, at: string): Promise<void> {
  await db
    .insertInto('case_events')
    .values({ id: uuidv7(), case_id: caseId, at, actor_id: null, actor_name: '测试', action, from_state: from, to_state: to, note: null, lat: null, lng: null, photos_json: null, data_json: null })
    .execute();
}

/** Test helper: one controlled-action ledger line (e.g. an approved extension). */
export async function insertTestLedger(db: Executor, caseId: string, kind: string, step: string, at: string): Promise<void> {
  await db
    .insertInto('case_ledger')
    .values({ id: uuidv7(), case_id: caseId, at, actor_id: null, actor_name: '测试', kind, step, action: `${step}_${kind}`, reason: '测试', note: null, extend_by: '2wd', from_state: 'in_handling', to_state: 'in_handling' })
    .execute();
}
