/**
 * Roles and what each may do. Shared by server (which enforces) and web client (which hides what
 * the person may not do). Scope is decided separately: an assignment grants its role's actions only
 * inside the territory subtree it is scoped to (属地管理).
 */
import { surnameOf } from '../privacy/surnames.ts';

export const ROLES = [
  'grid_worker', // 网格员
  'grid_leader', // 网格长
  'dispatcher', // 派遣员
  'supervisor', // 监督员
  'duty_officer', // 值班员
  'handler', // 职能部门处置人员
  'inspector', // 督查员
  'leader', // 领导
  'admin', // 系统管理员
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  grid_leader: { zh: '网格长', en: 'Grid leader' },
  dispatcher: { zh: '派遣员', en: 'Dispatcher' },
  supervisor: { zh: '监督员', en: 'Supervisor' },
  duty_officer: { zh: '值班员', en: 'Duty officer' },
  handler: { zh: '职能部门处置人员', en: 'Department handler' },
  inspector: { zh: '督查员', en: 'Inspector' },
  leader: { zh: '领导', en: 'Leader' },
  admin: { zh: '系统管理员', en: 'Administrator' },
};

export const ACTIONS = [
  'territory.read',
  /** 网格概况: households, residents, description of a grid. */
  'territory.updateProfile',
  /** Import, rename, re-shape territory. */
  'territory.manage',
  'people.read',
  /** See personal data (phone) unmasked; every such read is audited. */
  'people.readPersonal',
  'people.manage',
  'audit.read',
  /** See cases in scope (a department handler: only cases dispatched to the department). */
  'case.read',
  /** Report a case (grid worker in the field, hotline entry, referral). */
  'case.report',
  /** Take workflow actions on a case; which ones is decided by shared/cases/stateMachine.ts. */
  'case.act',
  /**
   * 公开: mark a resident's report (portal or Open311) public so the public feed lists it — scrubbed of
   * personal data and with its location coarsened — or take it off again. Audited.
   */
  'case.publish',
  /** Read KPI tables (结案率, 按期结案率…) and the cases behind each figure, inside the scope. */
  'kpi.read',
  /** 下发通知/部署/指令 to units below, add 补充要求 to one received; leaders and duty officers. */
  'directive.issue',
  /** Read directives that reach one (签收 one's own deliveries is part of reading). */
  'directive.read',
  /** 签收: sign for a directive delivered to oneself. */
  'directive.sign',
  /** 落实反馈: a unit's responsible person reports implementation. */
  'directive.report',
  /** Roll-up of reached/signed/implemented and the overdue list for a unit in scope. */
  'directive.rollup',
  /** See campaigns covering one's scope and their dashboards. */
  'campaign.read',
  /** Create, change and clone campaigns (专项行动) for a unit in scope. */
  'campaign.manage',
  /** File a grid's campaign daily report (日报 / 零报告). */
  'campaign.report',
  /** See key sites, patrol plans and compliance (plan vs actual) in scope. */
  'patrol.read',
  /** Create key sites and plan patrols (巡逻方案) for a unit in scope. */
  'patrol.manage',
  /** Check in at a key site (arrival/departure by QR or GPS). */
  'patrol.checkin',
  /** See a duty roster (值班表), who is on duty, and request a swap of one's own shift. */
  'roster.read',
  /** Build rosters, edit assignments (with override), approve swaps, manage shift templates and members. */
  'roster.manage',
  /** 随机抽查: draw spot-check samples of closed cases in scope and see their results. */
  'spotcheck.manage',
  /** Record a spot check's callback (回访) and field re-check when assigned as its inspector. */
  'spotcheck.record',
  /** 明察暗访: create inspection plans and tasks, turn findings into rectification cases. */
  'inspection.manage',
  /** Record checklist findings of an inspection task one is assigned to. */
  'inspection.record',
  /** See inspection plans (明察暗访), their tasks, findings and progress in scope. */
  'inspection.read',
  /** See accountability records (责任追究) and histories in scope. */
  'accountability.read',
  /** Confirm (提醒/通报批评/移交) or waive an accountability record with a reason; run generation. */
  'accountability.decide',
  /** 综合评价: scores, rankings, grades and their trace to cases. */
  'evaluation.read',
  /** Change evaluation weights. */
  'evaluation.manage',
  /** Daily/weekly bulletins (安保日报/周报) and after-action reviews. */
  'report.read',
  /** 长效机制 follow-up items: create, assign, complete. */
  'followup.manage',
  /** See follow-up items (长效机制) in scope; an item's owner always sees and updates their own. */
  'followup.read',
  /** Verify (验收) a completed follow-up item and close it, or send it back; never one's own item. */
  'followup.verify',
] as const;
export type Action = (typeof ACTIONS)[number];

const ALL: readonly Action[] = ACTIONS;

/** The permission matrix. Extend it here when a module adds actions; nowhere else. */
export const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  grid_worker: ['territory.read', 'territory.updateProfile', 'people.read', 'case.read', 'case.report', 'case.act'],
  grid_leader: ['territory.read', 'territory.updateProfile', 'people.read', 'people.readPersonal', 'case.read', 'case.report', 'case.act'],
  dispatcher: ['territory.read', 'people.read', 'people.readPersonal', 'case.read', 'case.report', 'case.act', 'kpi.read'],
  supervisor: ['territory.read', 'people.read', 'people.readPersonal', 'case.read', 'case.report', 'case.act', 'kpi.read'],
  duty_officer: ['territory.read', 'people.read', 'people.readPersonal', 'case.read', 'case.report', 'case.act', 'kpi.read'],
  handler: ['territory.read', 'people.read', 'case.read', 'case.act'],
  inspector: ['territory.read', 'people.read', 'audit.read', 'case.read', 'case.act', 'kpi.read'],
  leader: ['territory.read', 'people.read', 'people.readPersonal', 'audit.read', 'case.read', 'case.report', 'case.act', 'kpi.read'],
  admin: ALL,
};

/** Append a module's actions to the matrix (each once), leaving what other modules granted as it is. */
function grant(extra: Partial<Record<Role, readonly Action[]>>): void {
  for (const [role, actions] of Object.entries(extra) as [Role, readonly Action[]][]) {
    ROLE_ACTIONS[role] = [...ROLE_ACTIONS[role], ...actions.filter((a) => !ROLE_ACTIONS[role].includes(a))];
  }
}

// Directives and campaigns (server/modules/directives, server/modules/campaigns): appended so the
// matrix above stays as other modules left it.
const DIRECTIVE_CAMPAIGN_ACTIONS: Partial<Record<Role, readonly Action[]>> = {
  grid_worker: ['directive.read', 'directive.sign', 'campaign.read', 'campaign.report'],
  grid_leader: ['directive.read', 'directive.sign', 'directive.report', 'directive.rollup', 'campaign.read', 'campaign.report'],
  dispatcher: ['directive.read', 'directive.sign', 'directive.rollup', 'campaign.read'],
  supervisor: ['directive.read', 'directive.sign', 'directive.rollup', 'campaign.read'],
  duty_officer: ['directive.issue', 'directive.read', 'directive.sign', 'directive.report', 'directive.rollup', 'campaign.read', 'campaign.manage', 'campaign.report'],
  handler: ['directive.read', 'directive.sign'],
  inspector: ['directive.read', 'directive.sign', 'directive.rollup', 'campaign.read'],
  leader: ['directive.issue', 'directive.read', 'directive.sign', 'directive.report', 'directive.rollup', 'campaign.read', 'campaign.manage'],
};
grant(DIRECTIVE_CAMPAIGN_ACTIONS);

// Patrols (server/modules/patrols): appended the same way.
const PATROL_ACTIONS: Partial<Record<Role, readonly Action[]>> = {
  grid_worker: ['patrol.read', 'patrol.checkin'],
  grid_leader: ['patrol.read', 'patrol.checkin', 'patrol.manage'],
  dispatcher: ['patrol.read'],
  supervisor: ['patrol.read'],
  duty_officer: ['patrol.read', 'patrol.manage'],
  inspector: ['patrol.read'],
  leader: ['patrol.read', 'patrol.manage'],
};
grant(PATROL_ACTIONS);

// Duty rosters (server/modules/rosters): everyone reads rosters in scope; duty officers and leaders manage.
const ROSTER_ACTIONS: Partial<Record<Role, readonly Action[]>> = {
  grid_worker: ['roster.read'],
  grid_leader: ['roster.read'],
  dispatcher: ['roster.read'],
  supervisor: ['roster.read'],
  duty_officer: ['roster.read', 'roster.manage'],
  handler: ['roster.read'],
  inspector: ['roster.read'],
  leader: ['roster.read', 'roster.manage'],
};
grant(ROSTER_ACTIONS);

// Supervision, evaluation and reports (server/modules/supervision, evaluation, reports): appended the same way.
const SUPERVISION_ACTIONS: Partial<Record<Role, readonly Action[]>> = {
  dispatcher: ['report.read'],
  supervisor: ['spotcheck.manage', 'spotcheck.record', 'inspection.manage', 'inspection.record', 'accountability.read', 'accountability.decide', 'evaluation.read', 'report.read', 'followup.manage'],
  duty_officer: ['accountability.read', 'evaluation.read', 'report.read'],
  inspector: ['spotcheck.record', 'inspection.record', 'accountability.read', 'evaluation.read', 'report.read'],
  leader: ['spotcheck.manage', 'accountability.read', 'accountability.decide', 'evaluation.read', 'evaluation.manage', 'report.read', 'followup.manage'],
};
grant(SUPERVISION_ACTIONS);

// Follow-up items (长效机制, server/modules/followups): appended the same way. Owners need no action of
// their own to update and complete the items assigned to them (an ownership rule in the module).
const FOLLOWUP_ACTIONS: Partial<Record<Role, readonly Action[]>> = {
  grid_leader: ['followup.read'],
  dispatcher: ['followup.read'],
  supervisor: ['followup.read', 'followup.verify'],
  duty_officer: ['followup.read'],
  inspector: ['followup.read'],
  leader: ['followup.read', 'followup.verify'],
};
grant(FOLLOWUP_ACTIONS);

// Unannounced inspections (明察暗访, server/modules/inspections): supervisors plan and run them, inspectors
// run the tasks they are given, leaders read plans, findings and progress.
const INSPECTION_ACTIONS: Partial<Record<Role, readonly Action[]>> = {
  supervisor: ['inspection.read'],
  inspector: ['inspection.read'],
  leader: ['inspection.read'],
};
grant(INSPECTION_ACTIONS);

// Publication of resident reports on the public feed (server/modules/cases/setCasePublication.ts):
// the command-centre roles that triage public intake decide what is shown.
const PUBLICATION_ACTIONS: Partial<Record<Role, readonly Action[]>> = {
  dispatcher: ['case.publish'],
  supervisor: ['case.publish'],
};
grant(PUBLICATION_ACTIONS);

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Does this role carry this action at all (scope aside)? */
export function roleAllows(role: Role, action: Action): boolean {
  return ROLE_ACTIONS[role].includes(action);
}

/**
 * Mask a phone number for roles that may not see it. Only digits are hidden; separators stay where
 * they are. How much stays visible depends on how many digits there are:
 * - 11 or more (a mobile 13812345678, an area code + local number 02584561234, +86…): the first 3 and
 *   the last 4 — 138****5678, 025-****1234;
 * - 8–10 (a local landline number): the last 4 — ****1234;
 * - 5–7: the last 2 — *****67;
 * - 4 or fewer: nothing.
 * So at least half the digits of any number are hidden, and a short number never shows more than 2.
 */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/[^0-9]/g, '').length;
  const lead = digits >= 11 ? 3 : 0;
  const tail = digits >= 8 ? 4 : digits >= 5 ? 2 : 0;
  let seen = 0;
  return phone.replace(/[0-9]|[^0-9]/g, (ch) => {
    if (!/[0-9]/.test(ch)) return /[\s()+\-（）]/.test(ch) ? ch : '*';
    seen += 1;
    return seen <= lead || seen > digits - tail ? ch : '*';
  });
}

/**
 * Mask a person's name for roles that may not see it: the surname stays, every other character is a *
 * (张三 → 张*, 欧阳娜娜 → 欧阳**, a single character → *). A name without a known surname (a Latin
 * name, a nickname) keeps only its first character; spaces are kept so the shape stays readable.
 */
export function maskName(name: string | null): string | null {
  if (!name) return name;
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*'.repeat(chars.length);
  const keep = Math.min(surnameOf(name.trim())?.length ?? 1, chars.length - 1);
  return chars.map((c, i) => (i < keep || /\s/.test(c) ? c : '*')).join('');
}
