import { z } from 'zod';
import { SEVERITIES, TARGET_KINDS, type TargetKind } from '../../../shared/inspections/wire.ts';

/** Request schemas of unannounced inspections (明察暗访): plans, checklists, tasks, results, findings, rectification. */
const code = z.string().regex(/^\d{2,15}$/, 'a division or grid code (2–15 digits)');
const id = z.string().min(1).max(64);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 of an upload');
const itemKey = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'lower-case letters, digits, _ or - (1–40)');
const location = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });
const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v, 'not a real calendar date');

/** One checklist item (检查项); the key is made from the position when omitted (c1, c2, …). */
export const checklistItem = z.object({
  key: itemKey.optional(),
  label: z.string().trim().min(1).max(200),
  hint: z.string().trim().max(500).optional(),
});
export type ChecklistItemInput = z.infer<typeof checklistItem>;

export { TARGET_KINDS, SEVERITIES };
export type { TargetKind };

export const taskInput = z.object({
  /** grid: a grid code; site: a key site (重点部位) id; unit: a department (单位) id. */
  targetKind: z.enum(TARGET_KINDS),
  targetId: id,
  /** null = assign automatically (least-loaded independent 督查员). */
  inspectorId: id.nullable().default(null),
});

export const templateBody = z.object({
  name: z.string().trim().min(2).max(200),
  scope: code,
  items: z.array(checklistItem).min(1).max(100),
});

export const templatesQuery = z.object({ scope: code });

export const planBody = z
  .object({
    title: z.string().trim().min(2).max(200),
    /** 明察 open: announced; 暗访 covert: unannounced, undisclosed to the inspected. */
    kind: z.enum(['open', 'covert']),
    scope: code,
    /** YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD (China time, inclusive). */
    period: z.string().min(10).max(22),
    description: z.string().trim().max(2000).optional(),
    /** Either a checklist or a template to copy it from. */
    templateId: id.optional(),
    checklist: z.array(checklistItem).min(1).max(100).optional(),
    tasks: z.array(taskInput).max(500).default([]),
  })
  .refine((b) => b.checklist !== undefined || b.templateId !== undefined, { message: 'give a checklist or a templateId', path: ['checklist'] });

export type PlanBody = z.infer<typeof planBody>;

export const plansQuery = z.object({
  scope: code,
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const addTasksBody = z.object({ tasks: z.array(taskInput).min(1).max(500) });

export const candidatesQuery = z.object({ scope: code, targetKind: z.enum(TARGET_KINDS), targetId: id });

export const targetsQuery = z.object({
  scope: code,
  kind: z.enum(TARGET_KINDS),
  q: z.string().trim().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const mineQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export const idParams = z.object({ id });

export const resultsBody = z.object({
  items: z
    .array(
      z.object({
        itemKey,
        result: z.enum(['pass', 'fail', 'na']),
        note: z.string().trim().max(2000).nullable().default(null),
        photos: z.array(sha256).max(20).default([]),
      }),
    )
    .max(100)
    .default([]),
  /** Mark the task done (every checklist item must then have a result). */
  complete: z.boolean().default(false),
  summary: z.string().trim().max(4000).optional(),
});

export type ResultsBody = z.infer<typeof resultsBody>;

export const findingBody = z.object({
  /** The checklist item the problem belongs to; omitted = found outside the checklist. */
  itemKey: itemKey.optional(),
  description: z.string().trim().min(2).max(2000),
  severity: z.enum(SEVERITIES),
  location: location.optional(),
  address: z.string().trim().max(300).optional(),
  photos: z.array(sha256).max(20).default([]),
  responsibleUnit: z.string().trim().min(1).max(200).optional(),
});

export type FindingBody = z.infer<typeof findingBody>;

export const rectifyBody = z.object({
  categoryCode: z.string().min(2).max(16),
  /** YYYY-MM-DD (that day's end, China time) or an ISO-8601 time with offset; must be in the future. */
  deadline: z.union([calendarDate, z.iso.datetime({ offset: true })], { message: 'must be a date YYYY-MM-DD or an ISO-8601 time with offset' }),
  /** Where the case is opened; defaults to the finding's location, else the key site's. */
  location: location.optional(),
  description: z.string().trim().min(2).max(2000).optional(),
  /** Hazard categories (风险隐患) get a rectification plan on the register: who answers for it. */
  responsiblePerson: z.object({ name: z.string().trim().min(1).max(100), userId: z.string().regex(/^[0-9a-f-]{36}$/, 'userId must be a UUID').optional() }).optional(),
});
export type RectifyBody = z.infer<typeof rectifyBody>;
