/** Wire shapes of the API endpoints the client uses (mirrors the server's zod schemas). */

export type Face = 'console' | 'field' | 'handler' | 'admin';
export type Level = 'province' | 'city' | 'county' | 'street' | 'community' | 'grid';

export interface RoleAssignment {
  role: string;
  roleName: { zh: string; en: string };
  scopeCode: string;
  scopeName: string | null;
  scopeLevel: Level | null;
  departmentId?: string | null;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  phone?: string | null;
  roles: RoleAssignment[];
  actions: string[];
  face: Face;
  /** A temporary password must be changed first (docs/access.md). */
  mustChangePassword: boolean;
  totpEnabled: boolean;
  /** The role requires a second factor (WANGGE_REQUIRE_2FA). */
  totpRequired: boolean;
}

export interface NodeRef {
  code: string;
  name: string;
  level: Level;
}

export interface NodeView {
  code: string;
  name: string;
  nameEn: string | null;
  level: Level;
  parent: NodeRef | null;
  children: NodeRef[];
  bbox: { minLng: number; minLat: number; maxLng: number; maxLat: number } | null;
  geometry?: GeoJSON.Geometry | null;
  profile: { households: number | null; residents: number | null; description: string | null };
  actions: string[];
}

export interface LocateResult {
  grid: { code: string; name: string; nameEn: string | null; level: Level };
  ancestors: NodeRef[];
}

export type GridCollection = GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, { code: string; name: string; [k: string]: unknown }>;
