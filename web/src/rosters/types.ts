/** Wire shapes of the duty-roster API (server/modules/rosters), as the console reads them. */

export interface OnDuty {
  at: string;
  onDuty: { assignmentId: string; unitId: string; unitName: string; shiftName: string; role: string; userId: string; name: string; startsAt: string; endsAt: string }[];
}

/** GET /api/rosters/units */
export interface UnitList {
  units: { id: string; nameZh: string; kind: string; territoryCode: string; members: number; templates: number; canManage: boolean }[];
}

/** 班次模板: generates one shift a day on dates in [validFrom, retiredFrom). */
export interface Template {
  id: string;
  nameZh: string;
  startTime: string;
  durationMinutes: number;
  night: boolean;
  requirements: { role: string; count: number }[];
  validFrom: string | null;
  retiredFrom: string | null;
}

/** PUT /api/rosters/units/:id/templates/:templateId */
export interface TemplateSaved extends Omit<Template, 'validFrom' | 'retiredFrom'> {
  effectiveFrom: string | null;
  /** The older version this edit closed (the template had worked shifts), else null (edited in place). */
  replaces: string | null;
  movedAssignments: number;
  coverageGaps: { rule: string; date: string; messageZh: string; messageEn: string }[];
}

/** DELETE /api/rosters/assignments/:id */
export interface AssignmentRemoved {
  id: string;
  role: string;
  required: number;
  remaining: number;
  understaffed: boolean;
  missing: number;
  deniedSwaps: number;
}

/** GET /api/rosters/units/:id */
export interface Unit {
  id: string;
  nameZh: string;
  kind: string;
  territoryCode: string;
  rules: { minRestHours: number; maxConsecutiveDays: number; maxWeeklyHours: number };
  templates: Template[];
  /** Retired templates and superseded versions; they still name the shifts worked under them. */
  pastTemplates: (Template & { replacedBy: string | null })[];
  members: { userId: string; name: string; skills: string[]; preferences: { avoidNights?: boolean; avoidWeekdays?: number[] } | null; maxWeeklyHours: number | null }[];
  unavailability: { id: string; userId: string; kind: 'leave' | 'unavailable'; startsAt: string; endsAt: string; reason: string | null }[];
  canManage: boolean;
}

export interface Assignment {
  id: string;
  templateId: string;
  date: string;
  role: string;
  userId: string;
  startsAt: string;
  endsAt: string;
  source: string;
  overrideReason: string | null;
}

/** GET /api/rosters/units/:id/assignments */
export interface Assignments {
  assignments: Assignment[];
  violations: { rule: string; personId: string | null; date: string; messageZh: string; messageEn: string }[];
}

type SwapShift = { id: string; userId: string | null; name: string | null; date: string | null; shiftName: string | null; role: string | null; startsAt: string | null; endsAt: string | null };

/** GET /api/rosters/units/:id/swaps */
export interface Swaps {
  swaps: {
    id: string;
    state: 'pending' | 'approved' | 'denied';
    reason: string | null;
    requesterId: string;
    requesterName: string | null;
    createdAt: string;
    assignment: SwapShift;
    withAssignment: SwapShift;
    decidedBy: string | null;
    decidedAt: string | null;
    decisionNote: string | null;
  }[];
}
