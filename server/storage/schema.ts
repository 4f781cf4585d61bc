/**
 * Row types: storage-shaped (snake_case). Timestamps are ISO-8601 UTC strings on both dialects
 * (PostgreSQL timestamptz is parsed back to ISO text on the pool); booleans are 0/1 integers;
 * JSON is stored as text and parsed in mappers, so domain code never sees dialect differences.
 */

export type TerritoryLevel = 'province' | 'city' | 'county' | 'street' | 'community' | 'grid';

export interface TerritoryNodeRow {
  code: string;
  level: TerritoryLevel;
  name_zh: string;
  name_en: string | null;
  parent_code: string | null;
  /** Materialised path of codes, '/'-separated and '/'-terminated: '32/3201/320106/'. Prefix = subtree. */
  path: string;
  /** GeoJSON Polygon/MultiPolygon geometry (WGS84) as text, or null. */
  geometry: string | null;
  min_lng: number | null;
  min_lat: number | null;
  max_lng: number | null;
  max_lat: number | null;
  /** 网格概况: maintained by the grid's own workers. */
  households: number | null;
  residents: number | null;
  description: string | null;
  source: string | null;
  created_at: string;
  updated_at: string;
}

export interface DepartmentRow {
  id: string;
  code: string;
  kind: string;
  name_zh: string;
  name_en: string | null;
  /** Territory node the department serves (e.g. a district's housing bureau). */
  territory_code: string;
  territory_path: string;
  created_at: string;
}

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  /** Personal data: masked for roles that do not need it; every unmasked read is audited. */
  phone: string | null;
  password_hash: string;
  disabled: number;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface RoleAssignmentRow {
  id: string;
  user_id: string;
  role: string;
  scope_code: string;
  scope_path: string;
  department_id: string | null;
  created_at: string;
}

export interface SessionRow {
  /** sha256 of the cookie token: a stolen database does not yield live sessions. */
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  source_ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenRow {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogRow {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  record_type: string;
  record_id: string | null;
  before_json: string | null;
  after_json: string | null;
  source_ip: string | null;
  outcome: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadRow {
  id: number;
  seq: number;
  hash: string;
}

export interface AuditCheckpointRow {
  seq: number;
  hash: string;
  signed_at: string;
  key_id: string;
  signature: string;
}

/** One Idempotency-Key per principal (user id, 'public:'+ip, or API token): see server/http/idempotency.ts. */
export interface IdempotencyKeyRow {
  /** 'user:<id>', 'public:<ip>' or 'token:<id>': keys of different principals never collide. */
  principal: string;
  key: string;
  /** sha256 of method + URL + canonical JSON body. */
  fingerprint: string;
  state: 'in_progress' | 'done';
  lock_token: string | null;
  locked_until: string | null;
  response_status: number | null;
  /** The response body exactly as first sent (text), replayed byte for byte. */
  response_body: string | null;
  created_at: string;
  completed_at: string | null;
  expires_at: string;
}

/** An uploaded file's metadata; the bytes live content-addressed in the AttachmentStore. */
export interface AttachmentRow {
  id: string;
  sha256: string;
  size: number;
  mime: string;
  created_by: string | null;
  created_at: string;
  original_name: string | null;
  /** 1 when location metadata (EXIF/XMP/text chunks) was removed before storing. */
  stripped: number;
  /** Anonymous uploads: sha256 of the uploader token returned once (migration 20261207T1810); null for staff uploads. */
  uploader_token_hash?: string | null;
}

/** A case category (案件分类): seeded from server/modules/cases/taxonomy.ts at app start, editable after. */
export interface CaseCategoryRow {
  code: string;
  parent_code: string | null;
  name_zh: string;
  name_en: string | null;
  kind: string;
  department_kind: string;
  department_level: string;
  /** {"filing","dispatch","handling","verification"} limits in SLA notation ("2wh", "3wd", "4h"). */
  limits_json: string;
  filing_criteria: string;
  closing_criteria: string;
  sort_order: number;
  active: number;
  created_at: string;
  /** Open311 service attributes of this category (JSON array, CategoryAttribute); null = the case kind's defaults. */
  open311_attributes_json: string | null;
}

/** One case (案件) of any kind; see docs/cases.md. Personal data: reporter_phone, dispute parties. */
export interface CaseRow {
  id: string;
  case_no: string;
  kind: string;
  category_code: string;
  state: string;
  description: string;
  address: string | null;
  lat: number;
  lng: number;
  grid_code: string;
  /** The grid's territory path: what access decisions use. */
  territory_path: string;
  source: string;
  reporter_id: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  tracking_code: string | null;
  department_id: string | null;
  handler_id: string | null;
  rework_count: number;
  pending_request_json: string | null;
  resume_to: string | null;
  self_resolved: number;
  self_resolved_by: string | null;
  stage: string | null;
  stage_limit: string | null;
  stage_started_at: string | null;
  stage_due_at: string | null;
  stage_warn_at: string | null;
  /** When a still-overdue stage escalates to the next level (due + the stage limit again). */
  stage_escalate_at: string | null;
  warned_at: string | null;
  supervised_at: string | null;
  escalated_at: string | null;
  escalation_level: number;
  /** Stages finished after their deadline; 0 at closing = closed on time. */
  overdue_count: number;
  calendar_unknown_years: string | null;
  closed_at: string | null;
  closed_on_time: number | null;
  duplicate_of: string | null;
  /** Dispute ladder level (grid|community|street|county), null for other kinds. */
  dispute_level: string | null;
  details_json: string | null;
  /** Campaign key-period multiplier in force at intake, applied to every stage (1 = none); DB default 1. */
  sla_multiplier?: number;
  version: number;
  created_at: string;
  updated_at: string;
}

/** One step on a case's timeline. */
export interface CaseEventRow {
  id: string;
  case_id: string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  note: string | null;
  lat: number | null;
  lng: number | null;
  photos_json: string | null;
  data_json: string | null;
}

/** Controlled-action ledger (延期/回退/缓办/作废台账, dispute escalations). */
export interface CaseLedgerRow {
  id: string;
  case_id: string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  kind: string;
  step: string;
  action: string;
  reason: string;
  note: string | null;
  extend_by: string | null;
  from_state: string;
  to_state: string;
}

/** Per-person inbox entry. */
export interface NotificationRow {
  id: string;
  user_id: string;
  case_id: string | null;
  kind: string;
  title: string;
  body: string;
  created_at: string;
  read_at: string | null;
}

/** An Open311 GeoReport v2 client key (server/modules/open311): only its sha256 is stored. */
export interface Open311KeyRow {
  id: string;
  name: string;
  key_hash: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** A directive (通知/部署/指令) issued by a unit to units and people below it: server/modules/directives. */
export interface DirectiveRow {
  id: string;
  title: string;
  body: string;
  /** sha256 list of uploaded attachments. */
  attachments_json: string;
  priority: string;
  issuer_id: string | null;
  issuer_name: string;
  issuing_code: string;
  issuing_path: string;
  /** Chosen unit codes, or null = every unit below the issuing unit. */
  target_units_json: string | null;
  /** Chosen roles, or null = every role. */
  target_roles_json: string | null;
  /** Structured reply form: [{key,label,type:text|number|choice|photo,required?,options?}]. */
  reply_form_json: string | null;
  sign_deadline: string | null;
  report_deadline: string | null;
  remind_at: string | null;
  campaign_id: string | null;
  delivered_count: number;
  created_at: string;
}

/** One directive reaching one role assignment (a person in a unit or grid). */
export interface DirectiveDeliveryRow {
  directive_id: string;
  assignment_id: string;
  person_id: string;
  role: string;
  unit_code: string;
  territory_path: string;
  delivered_at: string;
  signed_at: string | null;
  sign_lat: number | null;
  sign_lng: number | null;
  reported_at: string | null;
  report_text: string | null;
  report_answers_json: string | null;
  report_photos_json: string | null;
  /** 0 none, 1 person reminded, 2 grid leader told, 3 unit leader told. */
  escalation_step: number;
}

/** 补充要求: a unit's added requirement that travels with the directive to its subtree. */
export interface DirectiveSupplementRow {
  id: string;
  directive_id: string;
  unit_code: string;
  unit_path: string;
  author_id: string | null;
  author_name: string;
  body: string;
  created_at: string;
}

/** One reminder/escalation step sent to one recipient about unsigned deliveries. */
/** Roll-up counters of one directive at one unit path (subtree totals and the unit's own deliveries). */
export interface DirectiveCounterRow {
  directive_id: string;
  path_len: number;
  unit_path: string;
  reached: number;
  signed: number;
  reported: number;
  units: number;
  implemented_units: number;
  responsible: number;
  responsible_reported: number;
  own_reached: number;
  own_signed: number;
  own_reported: number;
}

export interface DirectiveEscalationRow {
  id: string;
  directive_id: string;
  step: number;
  unit_code: string;
  recipient_id: string;
  unsigned_count: number;
  person_ids_json: string;
  at: string;
}

/** A campaign (专项行动 / 重大活动安保): server/modules/campaigns. */
export interface CampaignRow {
  id: string;
  name: string;
  description: string | null;
  territory_code: string;
  territory_path: string;
  starts_at: string;
  ends_at: string;
  /** Countdown target (the event's opening), or null = the first event_days phase start. */
  event_at: string | null;
  /** Daily report deadline, China time 'HH:MM'. */
  daily_report_due: string;
  cloned_from: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface CampaignPhaseRow {
  id: string;
  campaign_id: string;
  /** preparation | key_period | event_days | wind_down */
  kind: string;
  name: string;
  starts_at: string;
  ends_at: string;
  /** {categoryCodeOrPrefix|'*': multiplier} applied to cases opened in this phase. */
  sla_multipliers_json: string;
  patrol_multiplier: number;
  daily_report: number;
  sort_order: number;
}

/** Claim: the missing daily reports of one campaign on one China date were escalated (once). */
export interface CampaignDailyEscalationRow {
  campaign_id: string;
  date: string;
  missing: number;
  at: string;
}

/** One grid's daily report for one campaign day (零报告 when nothing_to_report = 1). */
export interface CampaignDailyReportRow {
  campaign_id: string;
  grid_code: string;
  report_date: string;
  territory_path: string;
  nothing_to_report: number;
  incident_count: number;
  summary: string | null;
  reported_by: string | null;
  reporter_name: string;
  reported_at: string;
}

/** A key site (重点部位) with its geofence and required patrol dosage; see docs/patrols.md. */
export interface PatrolSiteRow {
  id: string;
  name: string;
  category: string;
  /** 1 low, 2 medium, 3 high. */
  risk_level: number;
  /** Reference point (circle centre or polygon centre). */
  lat: number;
  lng: number;
  /** shared/patrols/geo.ts Geofence as JSON. */
  geofence_json: string;
  /** DosageWindow[] as JSON. */
  dosage_json: string;
  grid_code: string;
  territory_path: string;
  active: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** One solved patrol plan for a shift; report_json holds the plan-quality report. */
export interface PatrolPlanRow {
  id: string;
  scope_code: string;
  territory_path: string;
  shift_start: string;
  shift_end: string;
  method: string;
  seed: number;
  multiplier: number;
  required_visits: number;
  planned_visits: number;
  report_json: string;
  created_by: string | null;
  created_at: string;
}

export interface PatrolPlanVisitRow {
  id: string;
  plan_id: string;
  site_id: string;
  worker_id: string;
  slot_start: string;
  slot_end: string;
  planned_start: string;
  planned_end: string;
  seq: number;
}

/** An arrival or departure at a key site, by signed QR or GPS; client_nonce is unique (replay guard). */
export interface PatrolCheckinRow {
  id: string;
  site_id: string;
  worker_id: string;
  kind: string;
  method: string;
  at: string;
  lat: number | null;
  lng: number | null;
  accuracy_m: number | null;
  client_nonce: string;
  /** sha256 of the check-in's content: an identical resend is ALREADY_APPLIED, anything else reusing the nonce is a replay. */
  fingerprint: string;
  territory_path: string;
  received_at: string;
}

/** A site's missed visit slot already alerted (primary key = the gap scan's idempotency). */
export interface PatrolGapAlertRow {
  site_id: string;
  slot_start: string;
  slot_end: string;
  notified: number;
  created_at: string;
}

/** A rostering unit (值班单位): a command centre staffed 24/7 or a patrol team, tied to a territory node. */
export interface RosterUnitRow {
  id: string;
  name_zh: string;
  kind: string;
  territory_code: string;
  territory_path: string;
  /** {"minRestHours","maxConsecutiveDays","maxWeeklyHours"} (shared/rosters/model.ts RosterRules). */
  rules_json: string;
  created_at: string;
  updated_at: string;
}

/** 班次模板: start time (China time 'HH:MM'), duration, night flag, required people per role. */
export interface RosterShiftTemplateRow {
  id: string;
  unit_id: string;
  name_zh: string;
  start_time: string;
  duration_minutes: number;
  night: number;
  /** [{"role","count"}]. */
  requirements_json: string;
  /** 1 = current version; 0 = retired or replaced by a newer version (kept for history). */
  active: number;
  created_at: string;
  /** First China date ('YYYY-MM-DD') this row generates shifts on; null = since ever. */
  valid_from: string | null;
  /** First China date it no longer generates shifts on; null = open-ended. */
  retired_from: string | null;
  /** The older version this row replaced when the template was edited. */
  replaces_id: string | null;
}

/** A person rostered in a unit, with the roles/skills they can fill. */
export interface RosterMemberRow {
  unit_id: string;
  user_id: string;
  skills_json: string;
  preferences_json: string | null;
  max_weekly_hours: number | null;
  created_at: string;
}

/** Leave (请假) or other unavailability of a person: [starts_at, ends_at). */
export interface RosterUnavailabilityRow {
  id: string;
  user_id: string;
  kind: string;
  starts_at: string;
  ends_at: string;
  reason: string | null;
  created_by: string | null;
  created_at: string;
}

/** One person in one role on one shift (template × date). */
export interface RosterAssignmentRow {
  id: string;
  unit_id: string;
  template_id: string;
  shift_date: string;
  role: string;
  user_id: string;
  starts_at: string;
  ends_at: string;
  /** 'solver' | 'manual' | 'swap'. */
  source: string;
  /** Set when a manager accepted a rule violation (supervisor override). */
  override_reason: string | null;
  created_at: string;
}

/** 换班申请: the holder of one assignment asks to exchange it with another person's. */
export interface RosterSwapRequestRow {
  id: string;
  unit_id: string;
  requester_id: string;
  assignment_id: string;
  with_assignment_id: string;
  /** 'pending' | 'approved' | 'denied'. */
  state: string;
  reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  created_at: string;
}

export interface Database {
  territory_nodes: TerritoryNodeRow;
  departments: DepartmentRow;
  users: UserRow;
  role_assignments: RoleAssignmentRow;
  sessions: SessionRow;
  api_tokens: ApiTokenRow;
  audit_log: AuditLogRow;
  audit_head: AuditHeadRow;
  audit_checkpoints: AuditCheckpointRow;
  idempotency_keys: IdempotencyKeyRow;
  attachments: AttachmentRow;
  case_categories: CaseCategoryRow;
  cases: CaseRow;
  case_events: CaseEventRow;
  case_ledger: CaseLedgerRow;
  notifications: NotificationRow;
  open311_keys: Open311KeyRow;
  directives: DirectiveRow;
  directive_deliveries: DirectiveDeliveryRow;
  directive_counters: DirectiveCounterRow;
  directive_supplements: DirectiveSupplementRow;
  directive_escalations: DirectiveEscalationRow;
  campaigns: CampaignRow;
  campaign_phases: CampaignPhaseRow;
  campaign_daily_reports: CampaignDailyReportRow;
  campaign_daily_escalations: CampaignDailyEscalationRow;
  patrol_sites: PatrolSiteRow;
  patrol_plans: PatrolPlanRow;
  patrol_plan_visits: PatrolPlanVisitRow;
  patrol_checkins: PatrolCheckinRow;
  patrol_gap_alerts: PatrolGapAlertRow;
  roster_units: RosterUnitRow;
  roster_shift_templates: RosterShiftTemplateRow;
  roster_members: RosterMemberRow;
  roster_unavailability: RosterUnavailabilityRow;
  roster_assignments: RosterAssignmentRow;
  roster_swap_requests: RosterSwapRequestRow;
}

// Supervision, accountability, evaluation and reports (server/modules/supervision, evaluation, reports;
// migration 20261127T1200_supervision). Declared as a merged interface so the block above stays as is.
export interface Database {
  spotcheck_batches: SpotcheckBatchRow;
  spotcheck_items: SpotcheckItemRow;
  inspection_plans: InspectionPlanRow;
  inspection_tasks: InspectionTaskRow;
  inspection_findings: InspectionFindingRow;
  accountability_records: AccountabilityRecordRow;
  evaluation_weights: EvaluationWeightRow;
  followup_items: FollowupItemRow;
}

/** One random spot-check draw (随机抽查): seed and parameters recorded so the draw can be repeated. */
export interface SpotcheckBatchRow {
  id: string;
  seed: number;
  period_from: string;
  period_to: string;
  scope_code: string;
  scope_path: string;
  /** 'street' | 'county': the stratum (分层) level. */
  stratum_level: string;
  confidence: number;
  margin: number;
  population: number;
  sample_size: number;
  /** [{stratum, population, sample}] */
  strata_json: string;
  created_by: string | null;
  created_at: string;
}

/** One sampled closed case: assigned inspector, callback (回访) and field re-check results. */
export interface SpotcheckItemRow {
  id: string;
  batch_id: string;
  case_id: string;
  stratum: string;
  territory_path: string;
  /** Department and handler holding the case when it closed (who a failure counts against). */
  department_id: string | null;
  handler_id: string | null;
  inspector_id: string | null;
  /** 'pending' | 'passed' | 'failed' */
  result: string;
  callback_reached: number | null;
  callback_satisfied: number | null;
  callback_matches: number | null;
  recheck_fixed: number | null;
  note: string | null;
  photos_json: string | null;
  recorded_by: string | null;
  recorded_at: string | null;
  created_at: string;
}

/** 明察暗访 plan with its checklist ([{key, label}]). */
export interface InspectionPlanRow {
  id: string;
  title: string;
  territory_code: string;
  territory_path: string;
  checklist_json: string;
  starts_at: string;
  ends_at: string;
  created_by: string | null;
  created_at: string;
}

/** One inspection of one target ('grid' | 'site' | 'unit'). */
export interface InspectionTaskRow {
  id: string;
  plan_id: string;
  target_kind: string;
  target_id: string;
  target_name: string;
  territory_path: string;
  inspector_id: string | null;
  /** 'open' | 'done' */
  state: string;
  created_at: string;
  completed_at: string | null;
}

/** A checklist item's result (pass | fail | na), with photos; a failure may become a rectification case. */
export interface InspectionFindingRow {
  id: string;
  task_id: string;
  item_key: string;
  result: string;
  note: string | null;
  photos_json: string | null;
  case_id: string | null;
  created_by: string | null;
  created_at: string;
}

/** 责任追究 record generated from the data; unique per (source_kind, source_id). */
export interface AccountabilityRecordRow {
  id: string;
  source_kind: string;
  source_id: string;
  case_id: string | null;
  person_id: string | null;
  person_name: string | null;
  department_id: string | null;
  unit_code: string;
  territory_path: string;
  occurred_at: string;
  summary: string;
  /** 'pending' | 'confirmed' | 'waived' */
  state: string;
  /** 'reminder' 提醒 | 'criticism' 通报批评 | 'referral' 移交 */
  measure: string | null;
  reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}

/** Configurable weight of one evaluation component (综合评价权重). */
export interface EvaluationWeightRow {
  component: string;
  label_zh: string;
  weight: number;
  updated_at: string;
}

/** 长效机制 follow-up item with owner and deadline, tracked to completion. */
export interface FollowupItemRow {
  id: string;
  campaign_id: string | null;
  territory_code: string;
  territory_path: string;
  title: string;
  owner_id: string | null;
  owner_name: string;
  due_at: string;
  /** 'open' | 'in_progress' | 'completed' (awaiting verification) | 'verified' — see migration 20261127T1410. */
  state: string;
  /** When the owner completed it (with evidence). */
  done_at: string | null;
  note: string | null;
  created_by: string | null;
  created_at: string;
  // Columns added by migration 20261127T1410_followups (server/modules/followups).
  description: string | null;
  /** 'aar' (from an after-action review) | 'campaign' | 'manual'. */
  source_kind: string;
  owner_unit_code: string | null;
  owner_department_id: string | null;
  owner_unit_name: string | null;
  /** 0–100. */
  progress: number;
  progress_note: string | null;
  /** Completion evidence: {note, attachmentIds}. */
  evidence_json: string | null;
  completed_by: string | null;
  verified_by: string | null;
  verified_at: string | null;
  verify_note: string | null;
  updated_at: string | null;
  version: number;
}

// Hazard register and mediation sessions (server/modules/cases; migration 20261127T1300_hazards_mediation).
export interface Database {
  case_hazards: CaseHazardRow;
  case_hazard_reinspections: CaseHazardReinspectionRow;
  case_mediation_sessions: CaseMediationSessionRow;
}

/** 风险隐患台账: one row per hazard case. status open|rectifying|awaiting_reinspection|awaiting_signoff|signed_off. */
export interface CaseHazardRow {
  case_id: string;
  /** 重大|较大|一般|低; null when reported without a grade (未定级). */
  grade: string | null;
  status: string;
  plan: string | null;
  responsible_unit: string | null;
  responsible_person_id: string | null;
  responsible_person_name: string | null;
  /** Rectification deadline (ISO-8601 UTC). */
  deadline: string | null;
  planned_by: string | null;
  planned_at: string | null;
  reinspection_count: number;
  /** pass|fail of the latest re-inspection. */
  last_reinspection_result: string | null;
  last_reinspected_at: string | null;
  last_reinspected_by: string | null;
  signed_off_by: string | null;
  signed_off_at: string | null;
  created_at: string;
  updated_at: string;
}

/** 复查: one re-inspection of a hazard's rectification, with its evidence. */
export interface CaseHazardReinspectionRow {
  id: string;
  case_id: string;
  result: string;
  note: string;
  photos_json: string | null;
  inspector_id: string | null;
  inspector_name: string;
  at: string;
}

/** 调解记录: one mediation session of a dispute; parties_json holds [{name, phone?}] (personal data). */
export interface CaseMediationSessionRow {
  id: string;
  case_id: string;
  /** Calendar date YYYY-MM-DD (China time). */
  held_on: string;
  mediator: string;
  place: string;
  parties_json: string;
  summary: string;
  /** agreed|partial|failed|adjourned */
  outcome: string;
  recorded_by: string | null;
  recorded_by_name: string;
  created_at: string;
}

// Scheduled bulletins (server/modules/reports; migration 20261127T1410_followups).
export interface Database {
  scheduled_bulletins: ScheduledBulletinRow;
}

/** A bulletin generated by the scheduled job: one per (kind, China date, scope code), files stored in the row. */
export interface ScheduledBulletinRow {
  id: string;
  /** 'daily' | 'weekly' */
  kind: string;
  /** China date YYYY-MM-DD: the day, or the last day of the week. */
  bulletin_date: string;
  scope_code: string;
  scope_path: string;
  title: string;
  period_from: string;
  period_to: string;
  xlsx: Buffer;
  /** Null when the server had no CJK font (pdf_error says so). */
  pdf: Buffer | null;
  pdf_error: string | null;
  /** The bulletin's summary figures, for the list. */
  summary_json: string;
  generated_at: string;
}

// Unannounced inspections (server/modules/inspections; migration 20261127T1400_inspections): columns the
// migration adds to the 20261127T1200 tables, and two new tables.
export interface InspectionPlanRow {
  /** 'open' 明察 | 'covert' 暗访 */
  kind: string;
  description: string | null;
  template_id: string | null;
}

export interface InspectionTaskRow {
  completed_by: string | null;
  summary: string | null;
}

export interface InspectionFindingRow {
  description: string | null;
  /** 'minor' 一般 | 'major' 较重 | 'critical' 严重 */
  severity: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  responsible_unit: string | null;
  /** Rectification (整改) deadline, set when the finding became a case. */
  rectify_deadline: string | null;
  rectify_requested_by: string | null;
  rectify_requested_at: string | null;
}

export interface Database {
  inspection_item_results: InspectionItemResultRow;
  inspection_checklist_templates: InspectionChecklistTemplateRow;
}

/** One checklist item's result within one inspection task. */
export interface InspectionItemResultRow {
  id: string;
  task_id: string;
  item_key: string;
  /** 'pass' | 'fail' | 'na' */
  result: string;
  note: string | null;
  photos_json: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

/** A reusable checklist (检查表模板): items [{key, label, hint?}] as JSON. */
export interface InspectionChecklistTemplateRow {
  id: string;
  name: string;
  territory_code: string;
  territory_path: string;
  items_json: string;
  created_by: string | null;
  created_at: string;
}
