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
}
