/**
 * Wire shape of GET /api/cases/:id/responsibility (责任链), built by
 * server/modules/supervision/responsibilityChain.ts and shown by web/src/supervision/ResponsibilityChain.tsx.
 */

/** One link of a case's responsibility chain (责任链): a state the case sat in, who held it, until when, late or not. */
export interface ChainLink {
  /** Timed stage (filing | dispatch | handling | verification), null for untimed states (closed, suspended …). */
  stage: string | null;
  state: string;
  from: string;
  /** null = the case is still in this state. */
  to: string | null;
  minutes: number;
  /** The person who held the case: the handler while handling, otherwise whoever acted on it next; nobody once finished (closed …). */
  holderId: string | null;
  holderName: string | null;
  /** The unit that held it: the department while dispatched/handling, otherwise the grid. */
  unitKind: 'grid' | 'department';
  unitId: string;
  unitName: string;
  /** The stage deadline in force during this link (after any approved extension). */
  dueAt: string | null;
  /** Still in the state after its deadline (or left it late). */
  overdue: boolean;
  overdueMinutes: number;
  /** The deadline passed while the case sat in this link: this holder missed it. */
  missedDeadline: boolean;
  endedBy: string | null;
  endedByName: string | null;
}
