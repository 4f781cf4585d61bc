import type { AccountabilityRecord } from '../../../../../shared/supervision/wire.ts';

// Pieces the accountability components share: state colours, the decision being made, the history grouping.
export const STATE_COLOURS: Record<string, string> = { pending: 'orange', confirmed: 'red', waived: 'default' };

export type Decision = { record: AccountabilityRecord; decision: 'confirm' | 'waive' };

export type HistoryBy = 'person' | 'unit' | 'department';
