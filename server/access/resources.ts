import { roleAllows, type Action } from '../../shared/access/roles.ts';
import type { Actor } from './actor.ts';
import type { Executor } from '../storage/db.ts';
import { inChunks as inPieces } from '../storage/chunked.ts';
import { auditEntryPaths } from '../audit/entryTerritory.ts';
import { attachmentReferences, ownUnreferencedUploads } from './attachmentRefs.ts';

/**
 * How to find the territory paths of each kind of record, in bulk. Every record type a route or use
 * case decides access on is registered here, so the central check (access.ts) stays the only decision
 * point. A type that is not registered cannot be asked about (the default grants nothing).
 */
export interface ResourceDef {
  label: string;
  /** Action that makes a record visible at all. */
  readAction: Action;
  /** Map of existing id → territory paths of that record. Missing ids are absent. */
  pathsOf(db: Executor, ids: readonly string[]): Promise<Map<string, string[]>>;
  /**
   * For records owned by a department (cases): id → department id (or null). When present, an
   * assignment that carries a department only reaches records of that department.
   */
  departmentsOf?(db: Executor, ids: readonly string[]): Promise<Map<string, string | null>>;
  /**
   * Actions whose grant over the record's paths satisfies a request for the key action (default: the
   * action itself only). E.g. a follow-up is readable with followup.read or followup.manage.
   */
  grantedBy?: Partial<Record<Action, readonly Action[]>>;
  /**
   * The record is also reachable from below: an assignment inside the record's subtree counts
   * (a city-wide campaign is seen by the grid workers it covers).
   */
  reachesDown?: boolean;
  /**
   * Actions that need EVERY path of the record inside the actor's grant, not just one: a person who
   * serves in two places is managed only by someone over both (a district admin must not reset the
   * password of a city-wide admin who also holds a role in that district).
   */
  coverAll?: readonly Action[];
  /** Access one always has to records about oneself (e.g. one's own profile). */
  selfAccess?(actor: Actor, id: string, action: Action): boolean;
  /**
   * Records the actor holds personally, whatever their scope (a directive delivered to them, a task
   * assigned to them, their own follow-up item, their own notification), for `action`: bulk.
   */
  personal?(db: Executor, actor: Actor, ids: readonly string[], action: Action, now: Date): Promise<Set<string>>;
  /**
   * Derived records (attachments): id → the records that reference it. Such a record is readable
   * exactly when one of those is readable; pathsOf then only tells which ids exist.
   */
  referencedBy?(db: Executor, ids: readonly string[]): Promise<Map<string, Ref[]>>;
}

/** A reference from a derived record to the record that carries it. */
export interface Ref {
  resource: ResourceType;
  id: string;
}

/** One query per piece of the distinct ids (storage/chunked.ts), answers concatenated. */
export function inChunks<T>(ids: readonly string[], fn: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  return inPieces([...new Set(ids)], fn);
}

/**
 * The deployment's own scope: the deepest node that holds every grid (the city in a one-city
 * install). Deployment-wide records (evaluation weights, Open311 keys) live there, so only an actor
 * whose scope covers the whole deployment may change them; a district leader does not.
 */
export async function deploymentPath(db: Executor): Promise<string> {
  const first = await db.selectFrom('territory_nodes').select('path').where('level', '=', 'grid').orderBy('path', 'asc').limit(1).executeTakeFirst();
  const last = await db.selectFrom('territory_nodes').select('path').where('level', '=', 'grid').orderBy('path', 'desc').limit(1).executeTakeFirst();
  if (!first || !last) return '';
  let i = 0;
  while (i < first.path.length && first.path[i] === last.path[i]) i++;
  const common = first.path.slice(0, i);
  // Cut back to a whole path segment ('32/3201/'), never inside a code.
  return common.slice(0, common.lastIndexOf('/') + 1);
}

/** The one record id of the evaluation weight set (resource evaluationWeights). */
export const EVALUATION_WEIGHTS_ID = 'weights';

/** pathsOf for a table whose rows carry one territory path column. */
function byPath<T extends 'patrol_sites' | 'patrol_plans' | 'roster_units' | 'inspection_plans' | 'followup_items' | 'campaigns' | 'accountability_records'>(
  table: T,
): ResourceDef['pathsOf'] {
  return async (db, ids) => {
    const rows = (await inChunks(ids, (chunk) =>
      (db as Executor).selectFrom(table as 'campaigns').select(['id', 'territory_path']).where('id', 'in', chunk).execute(),
    )) as { id: string; territory_path: string }[];
    return new Map(rows.map((r) => [r.id, [r.territory_path]]));
  };
}

/** Cases of one kind (hazards and disputes are cases): path and department from the case row. */
function caseKind(label: string, kind: string | null): Pick<ResourceDef, 'label' | 'readAction' | 'pathsOf' | 'departmentsOf'> {
  return {
    label,
    readAction: 'case.read',
    async pathsOf(db, ids) {
      const rows = await inChunks(ids, (chunk) => {
        let q = db.selectFrom('cases').select(['id', 'territory_path']).where('id', 'in', chunk);
        if (kind) q = q.where('kind', '=', kind);
        return q.execute();
      });
      return new Map(rows.map((r) => [r.id, [r.territory_path]]));
    },
    async departmentsOf(db, ids) {
      const rows = await inChunks(ids, (chunk) => db.selectFrom('cases').select(['id', 'department_id']).where('id', 'in', chunk).execute());
      return new Map(rows.map((r) => [r.id, r.department_id]));
    },
  };
}

/** Ids among `ids` whose `column` equals the actor's id (records assigned to or owned by them). */
function ownedVia(table: 'inspection_tasks' | 'followup_items' | 'spotcheck_items' | 'notifications', column: string): NonNullable<ResourceDef['personal']> {
  return async (db, actor, ids) => {
    if (actor.id === null) return new Set();
    const rows = (await inChunks(ids, (chunk) =>
      (db as Executor).selectFrom(table as 'notifications').select('id').where('id', 'in', chunk).where(column as 'user_id', '=', actor.id!).execute(),
    )) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  };
}

/** Records that live at the deployment's root (no territory of their own). */
function deploymentWide(table: 'open311_keys'): ResourceDef['pathsOf'] {
  return async (db, ids) => {
    const rows = await inChunks(ids, (chunk) => db.selectFrom(table).select('id').where('id', 'in', chunk).execute());
    if (rows.length === 0) return new Map();
    const root = await deploymentPath(db);
    return new Map(rows.map((r) => [r.id, [root]]));
  };
}

export const RESOURCES = {
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
    coverAll: ['people.manage'],
  },
  // A case's path is its grid's path; a handler's department assignment is narrowed by departmentsOf.
  case: caseKind('case', null),
  // 风险隐患 and 矛盾纠纷 are cases of a kind: same path and department rule, but an id of another kind is absent.
  hazard: caseKind('hazard', 'hazard'),
  dispute: caseKind('dispute', 'dispute'),
  /**
   * An uploaded file, addressed by its sha256. Its paths are those of every record that references
   * it (case event, hazard re-inspection, inspection finding or result, spot check, directive or a
   * report on one, follow-up evidence): it is readable when one of them is. Besides, the account that
   * uploaded it reads it for UNREFERENCED_UPLOAD_HOURS — so an unreferenced upload is its uploader's only.
   */
  attachment: {
    label: 'attachment',
    readAction: 'case.read',
    async pathsOf(db, ids) {
      const rows = await inChunks(ids, (chunk) => db.selectFrom('attachments').select('sha256').distinct().where('sha256', 'in', chunk).execute());
      return new Map(rows.map((r) => [r.sha256, []]));
    },
    referencedBy: attachmentReferences,
    personal: (db, actor, ids, _action, now) => ownUnreferencedUploads(db, actor, ids, now),
  },
  // A directive is the issuing side's (roll-up or issue rights at the issuing unit) and its recipients'.
  directive: {
    label: 'directive',
    readAction: 'directive.read',
    grantedBy: { 'directive.read': ['directive.rollup', 'directive.issue'] },
    async pathsOf(db, ids) {
      const rows = await inChunks(ids, (chunk) => db.selectFrom('directives').select(['id', 'issuing_path']).where('id', 'in', chunk).execute());
      return new Map(rows.map((r) => [r.id, [r.issuing_path]]));
    },
    async personal(db, actor, ids, action) {
      if (actor.id === null || (action !== 'directive.read' && action !== 'directive.sign' && action !== 'directive.report')) return new Set();
      const rows = await inChunks(ids, (chunk) =>
        db.selectFrom('directive_deliveries').select('directive_id').distinct().where('directive_id', 'in', chunk).where('person_id', '=', actor.id!).execute(),
      );
      return new Set(rows.map((r) => r.directive_id));
    },
  },
  campaign: {
    label: 'campaign',
    readAction: 'campaign.read',
    reachesDown: true,
    pathsOf: byPath('campaigns'),
  },
  // Key sites carry their grid's path; plans carry the path of the unit they were made for.
  patrolSite: {
    label: 'key site',
    readAction: 'patrol.read',
    pathsOf: byPath('patrol_sites'),
  },
  patrolPlan: {
    label: 'patrol plan',
    readAction: 'patrol.read',
    pathsOf: byPath('patrol_plans'),
  },
  rosterUnit: {
    label: 'roster unit',
    readAction: 'roster.read',
    grantedBy: { 'roster.read': ['roster.read', 'roster.manage'] },
    pathsOf: byPath('roster_units'),
    // Everyone reads the units they are rostered in.
    async personal(db, actor, ids, action) {
      if (actor.id === null || action !== 'roster.read') return new Set();
      const rows = await inChunks(ids, (chunk) => db.selectFrom('roster_members').select('unit_id').where('unit_id', 'in', chunk).where('user_id', '=', actor.id!).execute());
      return new Set(rows.map((r) => r.unit_id));
    },
  },
  inspectionPlan: {
    label: 'inspection plan',
    readAction: 'inspection.read',
    grantedBy: { 'inspection.read': ['inspection.read', 'inspection.manage'] },
    pathsOf: byPath('inspection_plans'),
    // An inspector sees the plan of a task assigned to them (only that; 暗访 plans stay hidden otherwise).
    async personal(db, actor, ids, action) {
      if (actor.id === null || action !== 'inspection.read') return new Set();
      const rows = await inChunks(ids, (chunk) =>
        db.selectFrom('inspection_tasks').select('plan_id').distinct().where('plan_id', 'in', chunk).where('inspector_id', '=', actor.id!).execute(),
      );
      return new Set(rows.map((r) => r.plan_id));
    },
  },
  // A task is its plan's: reading or managing it takes the right over the plan's unit, never over the
  // inspected grid (the inspected side's own supervisor must not see or record a covert 暗访 of themselves).
  inspectionTask: {
    label: 'inspection task',
    readAction: 'inspection.read',
    grantedBy: { 'inspection.read': ['inspection.read', 'inspection.manage'] },
    async pathsOf(db, ids) {
      const rows = await inChunks(ids, (chunk) =>
        db.selectFrom('inspection_tasks').innerJoin('inspection_plans', 'inspection_plans.id', 'inspection_tasks.plan_id')
          .select(['inspection_tasks.id as id', 'inspection_plans.territory_path as path']).where('inspection_tasks.id', 'in', chunk).execute(),
      );
      return new Map(rows.map((r) => [r.id, [r.path]]));
    },
    personal: async (db, actor, ids, action, now) =>
      action === 'inspection.read' || action === 'inspection.record' ? ownedVia('inspection_tasks', 'inspector_id')(db, actor, ids, action, now) : new Set<string>(),
  },
  // 随机抽查 batches live at the scope they were drawn for; an item is its batch's (the checked side's own
  // supervisor must not record the random check of their own cases), besides its assigned inspector.
  spotCheck: {
    label: 'spot check',
    readAction: 'spotcheck.manage',
    async pathsOf(db, ids) {
      const rows = await inChunks(ids, (chunk) => db.selectFrom('spotcheck_batches').select(['id', 'scope_path']).where('id', 'in', chunk).execute());
      return new Map(rows.map((r) => [r.id, [r.scope_path]]));
    },
  },
  spotCheckItem: {
    label: 'spot check',
    readAction: 'spotcheck.manage',
    async pathsOf(db, ids) {
      const rows = await inChunks(ids, (chunk) =>
        db.selectFrom('spotcheck_items').innerJoin('spotcheck_batches', 'spotcheck_batches.id', 'spotcheck_items.batch_id')
          .select(['spotcheck_items.id as id', 'spotcheck_batches.scope_path as path']).where('spotcheck_items.id', 'in', chunk).execute(),
      );
      return new Map(rows.map((r) => [r.id, [r.path]]));
    },
    personal: async (db, actor, ids, action, now) =>
      action === 'spotcheck.manage' || action === 'spotcheck.record' ? ownedVia('spotcheck_items', 'inspector_id')(db, actor, ids, action, now) : new Set<string>(),
  },
  accountabilityRecord: {
    label: 'accountability record',
    readAction: 'accountability.read',
    pathsOf: byPath('accountability_records'),
  },
  followup: {
    label: 'follow-up item',
    readAction: 'followup.read',
    grantedBy: { 'followup.read': ['followup.read', 'followup.manage'] },
    pathsOf: byPath('followup_items'),
    // The owner always sees and updates their own item (never verifies it: followup.verify is not personal).
    personal: async (db, actor, ids, action, now) =>
      action === 'followup.read' || action === 'followup.manage' ? ownedVia('followup_items', 'owner_id')(db, actor, ids, action, now) : new Set<string>(),
  },
  bulletin: {
    label: 'bulletin',
    readAction: 'report.read',
    async pathsOf(db, ids) {
      const rows = await inChunks(ids, (chunk) => db.selectFrom('scheduled_bulletins').select(['id', 'scope_path']).where('id', 'in', chunk).execute());
      return new Map(rows.map((r) => [r.id, [r.scope_path]]));
    },
  },
  /**
   * 综合评价权重: one deployment-wide set, id EVALUATION_WEIGHTS_ID. Everyone who reads evaluations anywhere
   * reads the weights (they apply in every scope); changing them needs evaluation.manage over the whole
   * deployment, so a district leader is refused (403) while a city leader is not.
   */
  evaluationWeights: {
    label: 'evaluation weights',
    readAction: 'evaluation.read',
    async pathsOf(db, ids) {
      return ids.includes(EVALUATION_WEIGHTS_ID) ? new Map([[EVALUATION_WEIGHTS_ID, [await deploymentPath(db)]]]) : new Map();
    },
    async personal(_db, actor, ids, action) {
      const readsAnywhere = action === 'evaluation.read' && actor.assignments.some((a) => roleAllows(a.role, 'evaluation.read'));
      return readsAnywhere ? new Set(ids) : new Set();
    },
  },
  // An inbox entry is its recipient's only; no scope reaches it.
  notification: {
    label: 'notification',
    readAction: 'case.read',
    async pathsOf(db, ids) {
      const rows = await inChunks(ids, (chunk) => db.selectFrom('notifications').select('id').where('id', 'in', chunk).execute());
      return new Map(rows.map((r) => [r.id, []]));
    },
    personal: async (db, actor, ids, action, now) => (action === 'case.read' ? ownedVia('notifications', 'user_id')(db, actor, ids, action, now) : new Set<string>()),
  },
  // Open311 client keys are deployment-wide credentials: people.manage over the whole deployment.
  open311Key: {
    label: 'open311 key',
    readAction: 'people.manage',
    pathsOf: deploymentWide('open311_keys'),
  },
  // Audit entries (ids = seq as text) lie where the record they are about lies; entries about no
  // territory are city-wide. The per-record-type rules live with the audit log: server/audit/entryTerritory.ts.
  auditEntry: {
    label: 'audit entry',
    readAction: 'audit.read',
    pathsOf: (db, ids) => auditEntryPaths(db, ids),
  },
} satisfies Record<string, ResourceDef>;

export type ResourceType = keyof typeof RESOURCES;
