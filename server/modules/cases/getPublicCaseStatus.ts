import { CASE_STATE_NAMES, type CaseState } from '../../../shared/cases/stateMachine.ts';
import type { Executor } from '../../storage/db.ts';
import { notFound } from '../../errors.ts';
import { findCaseByTrackingCode } from './cases.repository.ts';

/** What a resident may see with their tracking code (查询码): status only, no personal data, no staff names. */
export async function getPublicCaseStatus(db: Executor, o: { trackingCode: string }) {
  const row = await findCaseByTrackingCode(db, o.trackingCode.toUpperCase());
  if (!row) throw notFound('case');
  const state = row.state as CaseState;
  return {
    trackingCode: row.tracking_code!,
    caseNo: row.case_no,
    categoryCode: row.category_code,
    state,
    stateName: CASE_STATE_NAMES[state] ?? { zh: state, en: state },
    reportedAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
  };
}
