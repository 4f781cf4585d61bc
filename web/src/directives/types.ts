/** Wire shapes of the directives and campaigns APIs (server/modules/directives, server/modules/campaigns). */

export type Priority = 'normal' | 'urgent' | 'critical';

export interface ReplyFormField {
  key: string;
  label: string;
  type: 'text' | 'number' | 'choice' | 'photo';
  required?: boolean;
  options?: string[];
}

export interface Supplement {
  id: string;
  unitCode: string;
  authorName: string;
  body: string;
  createdAt: string;
}

export interface Directive {
  id: string;
  title: string;
  body: string;
  priority: Priority;
  attachments: string[];
  issuer: { id: string; name: string; unitCode: string };
  targetUnits: string[] | null;
  targetRoles: string[] | null;
  replyForm: ReplyFormField[] | null;
  signDeadline: string | null;
  reportDeadline: string | null;
  remindAt: string | null;
  campaignId: string | null;
  deliveredCount: number;
  createdAt: string;
  supplements: Supplement[];
}

export interface MyDelivery {
  unitCode: string;
  role: string;
  deliveredAt: string;
  signedAt: string | null;
  reportedAt: string | null;
  reportText: string | null;
}

export interface DirectiveView {
  directive: Directive;
  myDeliveries: MyDelivery[];
}

export interface InboxItem {
  id: string;
  title: string;
  priority: Priority;
  issuerName: string;
  issuingCode: string;
  signDeadline: string | null;
  reportDeadline: string | null;
  createdAt: string;
  campaignId: string | null;
  unitCode: string;
  role: string;
  signedAt: string | null;
  reportedAt: string | null;
}

export interface RollupRow {
  code: string;
  name: string;
  level: string | null;
  ownLevel: boolean;
  reached: number;
  signed: number;
  signedPct: number;
  units: number;
  implementedUnits: number;
  implementedPct: number;
}

export interface OverdueItem {
  kind: 'sign' | 'report';
  personId: string;
  name: string;
  phone: string | null;
  role: string;
  unitCode: string;
  unitName: string;
  deliveredAt: string;
  escalationStep: number | null;
}

export interface RollupPerson {
  personId: string;
  name: string;
  phone: string | null;
  role: string;
  unitCode: string;
  signedAt: string | null;
  reportedAt: string | null;
  reportText: string | null;
  answers: Record<string, string | number> | null;
  photos: string[];
}

export interface Rollup {
  directiveId: string;
  unit: { code: string; name: string; level: string };
  totals: { reached: number; signed: number; units: number; implementedUnits: number; signedPct: number; implementedPct: number };
  children: RollupRow[];
  overdue: { unsignedCount: number; unreportedCount: number; items: OverdueItem[] };
  people: RollupPerson[] | null;
  phonesMasked: boolean;
}

export type PhaseKind = 'preparation' | 'key_period' | 'event_days' | 'wind_down';

export interface Phase {
  id: string;
  kind: PhaseKind;
  name: string;
  startsAt: string;
  endsAt: string;
  slaMultipliers: Record<string, number>;
  patrolMultiplier: number | null;
  dailyReport: boolean;
}

export interface Campaign {
  id: string;
  name: string;
  description: string | null;
  territoryCode: string;
  startsAt: string;
  endsAt: string;
  eventAt: string | null;
  dailyReportDue: string;
  clonedFrom: string | null;
  status: 'upcoming' | 'running' | 'ended';
  countdown: { target: string; secondsLeft: number };
  currentPhase: { id: string; kind: PhaseKind; name: string; endsAt: string } | null;
  phases: Phase[];
}

export interface DailyStatus {
  date: string;
  dutyDay: boolean;
  dueAt: string;
  pastDue: boolean;
  unit: { code: string; name: string };
  expected: number;
  reported: number;
  zeroReports: number;
  missingCount: number;
  missing: { gridCode: string; name: string }[];
  /** Today's reports that had something to report (not 零报告), newest first (≤ 20). */
  incidents: { gridCode: string; name: string; incidentCount: number; summary: string | null; reporterName: string; reportedAt: string }[];
  /** When the escalation job chased the missing grids today (campaign-wide), or null. */
  escalation: { at: string; missing: number } | null;
}

export interface Dashboard {
  campaign: Campaign;
  unitCode: string;
  dailyReports: DailyStatus;
  directives: { id: string; title: string; signDeadline: string | null; reportDeadline: string | null; reached: number; signed: number; signedPct: number; reported: number }[];
  cases: { total: number; closed: number; open: number; overdue: number; from: string; to: string };
  topOverdue: { id: string; caseNo: string; categoryCode: string; state: string; gridCode: string; stage: string; stageDueAt: string; description: string }[];
}

/** The China-time calendar date of an instant ('YYYY-MM-DD'): campaign days are China-time days. */
export function chinaDate(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Whether a phase with a daily report duty overlaps the China-time date (the server's duty-day rule). */
export function isDutyDay(c: Campaign, date: string): boolean {
  const from = new Date(`${date}T00:00:00+08:00`).toISOString();
  const to = new Date(Date.parse(from) + 86_400_000).toISOString();
  return c.phases.some((p) => p.dailyReport && p.startsAt < to && p.endsAt > from);
}
