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
}
