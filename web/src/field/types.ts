/** Wire shapes of the case API the field app reads (mirrors server/modules/cases/case.ts). */

export interface Category {
  code: string;
  parentCode: string | null;
  nameZh: string;
  nameEn: string;
  kind: string;
  filingCriteria: string;
}

export interface CaseItem {
  id: string;
  caseNo: string;
  kind: string;
  categoryCode: string;
  state: string;
  description: string;
  address: string | null;
  location: { lat: number; lng: number };
  gridCode: string;
  source: string;
  reporterId: string | null;
  reworkCount: number;
  selfResolved: boolean;
  stageDueAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  actions: string[];
}

export interface CaseEvent {
  id: string;
  at: string;
  actorName: string | null;
  action: string;
  fromState: string | null;
  toState: string | null;
  note: string | null;
  photos: string[];
}

export interface CaseDetailView {
  case: CaseItem;
  timeline: CaseEvent[];
}

/** Actions a grid worker or leader takes in the field; the rest stay in the console. */
export const FIELD_ACTIONS = ['verify', 'rework', 'self_resolve', 'accept', 'complete', 'request_void'] as const;
/** Actions that must carry a reason (the state machine refuses them without one). */
export const NEEDS_REASON = new Set(['rework', 'request_void']);
