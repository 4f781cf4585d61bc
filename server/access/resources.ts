import type { Action } from '../../shared/access/roles.ts';
import type { Actor } from './actor.ts';
import type { Executor } from '../storage/db.ts';
import { auditEntryPaths } from '../audit/entryTerritory.ts';

/**
 * How to find the territory paths of each kind of record, in bulk. Modules register their
 * record types here so the central check stays the only decision point.
 */
export interface ResourceDef {
  label: string;
  /** Action that makes a record visible at all. */
  readAction: Action;
  /** Map of existing id → territory paths of that record. Missing ids are absent. */
  pathsOf(db: Executor, ids: readonly string[]): Promise<Map<string, string[]>>;
  /** Access one always has to records about oneself (e.g. one's own profile). */
  selfAccess?(actor: Actor, id: string, action: Action): boolean;
  /**
   * For records owned by a department (cases): id → department id (or null). When present, an
   * assignment that carries a department only reaches records of that department.
   */
  departmentsOf?(db: Executor, ids: readonly string[]): Promise<Map<string, string | null>>;
}

const CHUNK = 500;

async function inChunks<T>(ids: readonly string[], fn: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await fn(unique.slice(i, i + CHUNK))));
  return out;
}

export const RESOURCES: Record<'territory' | 'user' | 'case' | 'patrolSite' | 'patrolPlan' | 'auditEntry', ResourceDef> = {
  territory: {
    label: 'territory node',
    readAction: 'territory.read',
    async pathsOf(db, ids) {
      const rows = await inChunks(ids, (chunk) =>
        db.selectFrom('territory_nodes').select(['code', 'path']).where('code', 'in', chunk).execute(),
      );
      return new Map(rows.map((r) => [r.code, [r.path]]));
    },
  },
  user: {
    label: 'person',
    readAction: 'people.read',
    async pathsOf(db, ids) {
      const users = await inChunks(ids, (chunk) =>
        db.selectFrom('users').select('id').where('id', 'in', chunk).execute(),
      );
      const out = new Map<string, string[]>(users.map((u) => [u.id, []]));
      const rows = await inChunks(ids, (chunk) =>
        db.selectFrom('role_assignments').select(['user_id', 'scope_path']).where('user_id', 'in', chunk).execute(),
      );
      for (const r of rows) out.get(r.user_id)?.push(r.scope_path);
      return out;
    },
    selfAccess: (actor, id, action) => actor.id === id && (action === 'people.read' || action === 'people.readPersonal'),
  },
  case: {
    label: 'case',
    readAction: 'case.read',
    // A case's path is its grid's path; a handler's department assignment is narrowed by departmentsOf.
    async pathsOf(db, ids) {
      const rows = await inChunks(ids, (chunk) =>
        db.selectFrom('cases').select(['id', 'territory_path']).where('id', 'in', chunk).execute(),
      );
      return new Map(rows.map((r) => [r.id, [r.territory_path]]));
    },
    async departmentsOf(db, ids) {
      const rows = await inChunks(ids, (chunk) =>
        db.selectFrom('cases').select(['id', 'department_id']).where('id', 'in', chunk).execute(),
      );
      return new Map(rows.map((r) => [r.id, r.department_id]));
    },
  },
  // Key sites carry their grid's path; plans carry the path of the unit they were made for.
  patrolSite: {
    label: 'key site',
    readAction: 'patrol.read',
    async pathsOf(db, ids) {
      const rows = await inChunks(ids, (chunk) => db.selectFrom('patrol_sites').select(['id', 'territory_path']).where('id', 'in', chunk).execute());
      return new Map(rows.map((r) => [r.id, [r.territory_path]]));
    },
  },
  patrolPlan: {
    label: 'patrol plan',
    readAction: 'patrol.read',
    async pathsOf(db, ids) {
      const rows = await inChunks(ids, (chunk) => db.selectFrom('patrol_plans').select(['id', 'territory_path']).where('id', 'in', chunk).execute());
      return new Map(rows.map((r) => [r.id, [r.territory_path]]));
    },
  },
  // Audit entries (ids = seq as text) lie where the record they are about lies; entries about no
  // territory are city-wide. The per-record-type rules live with the audit log: server/audit/entryTerritory.ts.
  auditEntry: {
    label: 'audit entry',
    readAction: 'audit.read',
    pathsOf: (db, ids) => auditEntryPaths(db, ids),
  },
};

export type ResourceType = keyof typeof RESOURCES;
