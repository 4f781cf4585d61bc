/** Where an accountability record (责任追究) comes from: the generators and jobs that write them (docs/supervision.md). */
export const ACCOUNTABILITY_SOURCE_KINDS = ['case_overdue', 'case_rework', 'spotcheck_failed', 'directive_unsigned', 'daily_report_missed', 'patrol_gap', 'followup_overdue'] as const;
export type AccountabilitySourceKind = (typeof ACCOUNTABILITY_SOURCE_KINDS)[number];
