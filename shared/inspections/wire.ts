import { z } from 'zod';

/**
 * Wire shapes of unannounced inspections (明察暗访): checklist templates, plans, tasks, checklist results,
 * findings and their rectification cases (整改). The routes of server/modules/inspections declare these as
 * their response schemas; the console imports the inferred types. ISO-8601 timestamps are strings.
 */

const isoTime = z.string().describe('ISO-8601 time');

export const TARGET_KINDS = ['grid', 'site', 'unit'] as const;
/** What a task inspects: a grid, a key site (重点部位) or a department (单位). */
export const targetKind = z.enum(TARGET_KINDS);
export type TargetKind = z.infer<typeof targetKind>;

export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export const severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severity>;

/** 合格 pass / 不合格 fail / 不适用 na. */
export const itemResultValue = z.enum(['pass', 'fail', 'na']);
export type ItemResultValue = z.infer<typeof itemResultValue>;

/** 明察 open: announced; 暗访 covert: unannounced, undisclosed to the inspected. */
export const planKind = z.enum(['open', 'covert']);
export type PlanKind = z.infer<typeof planKind>;

/** One checklist item (检查项) as stored: its key is given or made from its position (c1, c2, …). */
export const checklistItem = z.object({
  key: z.string(),
  label: z.string(),
  hint: z.string().optional(),
});
export type ChecklistItem = z.infer<typeof checklistItem>;

/** A reusable checklist (检查表模板), usable at its node and below. */
export const checklistTemplate = z.object({
  id: z.string(),
  name: z.string(),
  scopeCode: z.string(),
  items: z.array(checklistItem),
  createdAt: isoTime,
});
export type ChecklistTemplate = z.infer<typeof checklistTemplate>;

export const checklistTemplatesResponse = z.object({ templates: z.array(checklistTemplate) });
export type ChecklistTemplatesResponse = z.infer<typeof checklistTemplatesResponse>;

/** A plan's own fields (presentPlan) without its checklist. */
const planFields = {
  id: z.string(),
  title: z.string(),
  kind: planKind,
  description: z.string().nullable(),
  scopeCode: z.string(),
  startsAt: isoTime,
  endsAt: isoTime,
  templateId: z.string().nullable(),
  createdAt: isoTime,
};

/** A plan with its checklist. */
export const inspectionPlan = z.object({ ...planFields, checklist: z.array(checklistItem) });
export type InspectionPlan = z.infer<typeof inspectionPlan>;

/** A task: one target, one inspector (null = none eligible yet), open until its results are complete. */
export const inspectionTask = z.object({
  id: z.string(),
  planId: z.string(),
  targetKind,
  targetId: z.string(),
  targetName: z.string(),
  inspectorId: z.string().nullable(),
  inspectorName: z.string().nullable(),
  state: z.enum(['open', 'done']),
  summary: z.string().nullable(),
  createdAt: isoTime,
  completedAt: isoTime.nullable(),
});
export type InspectionTask = z.infer<typeof inspectionTask>;

/** 201 of POST /api/inspections/plans. */
export const inspectionPlanCreated = z.object({
  plan: inspectionPlan,
  tasks: z.array(inspectionTask),
  unassigned: z.number().int().describe('tasks no eligible inspector could be found for'),
});
export type InspectionPlanCreated = z.infer<typeof inspectionPlanCreated>;

/** Plan progress: tasks done, findings, findings turned into cases, rectified, overdue. */
export const inspectionProgress = z.object({
  tasks: z.number().int(),
  tasksDone: z.number().int(),
  findings: z.number().int(),
  rectificationCases: z.number().int(),
  rectified: z.number().int(),
  overdue: z.number().int(),
});
export type InspectionProgress = z.infer<typeof inspectionProgress>;

/** One plan in GET /api/inspections/plans: its checklist counted, not listed. */
export const inspectionPlanSummary = z.object({ ...planFields, checklistItems: z.number().int(), progress: inspectionProgress });
export type InspectionPlanSummary = z.infer<typeof inspectionPlanSummary>;

export const inspectionPlansResponse = z.object({ plans: z.array(inspectionPlanSummary) });
export type InspectionPlansResponse = z.infer<typeof inspectionPlansResponse>;

/** The rectification case (整改案件) of a finding: rectified once closed, overdue when its deadline passed first. */
export const rectification = z.object({
  caseId: z.string(),
  caseNo: z.string().nullable(),
  caseState: z.string().nullable(),
  deadline: isoTime.nullable(),
  rectified: z.boolean(),
  overdue: z.boolean(),
  requestedAt: isoTime.nullable(),
});
export type Rectification = z.infer<typeof rectification>;

const latLng = z.object({ lat: z.number(), lng: z.number() });

/** A finding (发现问题) with photos and the state of its rectification case (null until one is opened). */
export const inspectionFinding = z.object({
  id: z.string(),
  taskId: z.string(),
  itemKey: z.string().nullable().describe('the checklist item it belongs to; null = found outside the checklist'),
  description: z.string(),
  severity: severity.nullable(),
  location: latLng.nullable(),
  address: z.string().nullable(),
  photos: z.array(z.string()).describe('sha256 of uploads'),
  responsibleUnit: z.string().nullable(),
  createdAt: isoTime,
  rectification: rectification.nullable(),
});
export type InspectionFinding = z.infer<typeof inspectionFinding>;

/** GET /api/inspections/plans/:id: an inspector reading it through their own task sees only their own tasks. */
export const inspectionPlanDetail = z.object({
  plan: inspectionPlan.extend({ scopeName: z.string().nullable() }),
  progress: inspectionProgress,
  tasks: z.array(inspectionTask.extend({ findings: z.number().int(), mine: z.boolean() })),
  findings: z.array(inspectionFinding.extend({ targetName: z.string() })),
  actions: z.object({ addTasks: z.boolean(), rectify: z.boolean() }).describe('what the caller may do'),
});
export type InspectionPlanDetail = z.infer<typeof inspectionPlanDetail>;

/** 201 of POST /api/inspections/plans/:id/tasks. */
export const inspectionTasksAdded = z.object({ tasks: z.array(inspectionTask), unassigned: z.number().int() });
export type InspectionTasksAdded = z.infer<typeof inspectionTasksAdded>;

/** GET /api/inspections/candidates: who may inspect a target (回避 applied), best first. */
export const inspectionCandidatesResponse = z.object({
  target: z.object({ kind: targetKind, id: z.string(), name: z.string() }),
  candidates: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.enum(['inspector', 'supervisor']),
      independent: z.boolean().describe('no scope of theirs covers the target at all'),
      openTasks: z.number().int(),
    }),
  ),
});
export type InspectionCandidatesResponse = z.infer<typeof inspectionCandidatesResponse>;
export type InspectionCandidate = InspectionCandidatesResponse['candidates'][number];

/** One target a plan may inspect (the task picker); detail = grid code, the site's grid or the department's code. */
export const inspectionTarget = z.object({ id: z.string(), name: z.string(), detail: z.string().nullable() });
export type InspectionTarget = z.infer<typeof inspectionTarget>;

export const inspectionTargetsResponse = z.object({ targets: z.array(inspectionTarget) });
export type InspectionTargetsResponse = z.infer<typeof inspectionTargetsResponse>;

/** One of my tasks, with its plan's title, type and period. */
export const myInspectionTask = inspectionTask.extend({
  planTitle: z.string(),
  planKind,
  planStartsAt: isoTime,
  planEndsAt: isoTime,
});
export type MyInspectionTask = z.infer<typeof myInspectionTask>;

export const myInspectionTasksResponse = z.object({ tasks: z.array(myInspectionTask) });
export type MyInspectionTasksResponse = z.infer<typeof myInspectionTasksResponse>;

/** One checklist item's recorded result. */
export const itemResult = z.object({
  itemKey: z.string(),
  result: itemResultValue,
  note: z.string().nullable(),
  photos: z.array(z.string()),
  recordedAt: isoTime,
});
export type ItemResult = z.infer<typeof itemResult>;

/** GET /api/inspections/tasks/:id: the task, its plan, the checklist with the results so far, findings, and what the caller may do. */
export const inspectionTaskDetail = z.object({
  task: inspectionTask,
  plan: z.object(planFields),
  checklist: z.array(checklistItem.extend({ result: itemResult.nullable() })),
  findings: z.array(inspectionFinding),
  actions: z.object({ record: z.boolean(), rectify: z.boolean() }),
});
export type InspectionTaskDetail = z.infer<typeof inspectionTaskDetail>;

/** POST /api/inspections/tasks/:id/results. */
export const inspectionResultsResponse = z.object({
  task: inspectionTask,
  results: z.array(itemResult),
  counts: z.object({ pass: z.number().int(), fail: z.number().int(), na: z.number().int(), unrecorded: z.number().int() }),
});
export type InspectionResultsResponse = z.infer<typeof inspectionResultsResponse>;

/** 201 of POST /api/inspections/findings/:id/rectify: the finding and the rectification case opened for it. */
export const rectifyResponse = z.object({
  finding: inspectionFinding,
  case: z.object({ id: z.string(), caseNo: z.string(), state: z.string(), categoryCode: z.string(), gridCode: z.string(), kind: z.string() }),
});
export type RectifyResponse = z.infer<typeof rectifyResponse>;
