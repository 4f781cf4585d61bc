import { ROLES, roleAllows, type Role } from '../../../shared/access/roles.ts';
import type { Executor } from '../../storage/db.ts';
import { findPeopleWithRoles, openTaskCounts } from './inspections.repository.ts';

/** What an inspection looks at, as far as independence goes: where it is and which department it is (for units). */
export interface InspectedTarget {
  /** Territory path of the inspected grid (a key site: its grid; a unit: the territory it serves). */
  territoryPath: string;
  /** The inspected department (单位), for unit targets. */
  departmentId: string | null;
  /** The path a person must not sit inside: the grid for grids and key sites; null for units (membership decides). */
  unitPath: string | null;
}

/** A person who may be sent on inspections, with every assignment they hold (of any role). */
export interface InspectorCandidate {
  id: string;
  name: string;
  /** Holds the 督查员 role (auto-assignment draws only from these; supervisors are assigned by hand). */
  isInspector: boolean;
  assignments: { role: Role; scopePath: string; departmentId: string | null }[];
}

/**
 * 回避 — the spot checks' independence rule applied to inspections: nobody inspects their own grid or
 * unit. A person belongs to the target when any of their assignments (any role: a city inspector who is
 * also a grid worker in the grid belongs to it) is scoped inside the inspected grid, or belongs to the
 * inspected department.
 */
export function belongsToTarget(person: Pick<InspectorCandidate, 'assignments'>, target: InspectedTarget): boolean {
  return person.assignments.some(
    (a) => (target.unitPath !== null && a.scopePath.startsWith(target.unitPath)) || (target.departmentId !== null && a.departmentId === target.departmentId),
  );
}

/**
 * Independent (no assignment whose scope covers the target at all: someone from elsewhere) before
 * upper-level (a city or district inspector covering it from above) — the order drawSpotCheckSample uses.
 */
export function isFullyIndependent(person: Pick<InspectorCandidate, 'assignments'>, target: InspectedTarget): boolean {
  return !person.assignments.some((a) => target.territoryPath.startsWith(a.scopePath));
}

const RECORDING_ROLES: Role[] = ROLES.filter((r) => r !== 'admin' && roleAllows(r, 'inspection.record'));

/** Active people holding a role that records inspections (督查员, 监督员), with all their assignments; id order. */
export async function loadCandidates(db: Executor): Promise<InspectorCandidate[]> {
  const rows = await findPeopleWithRoles(db, RECORDING_ROLES);
  const out = new Map<string, InspectorCandidate>();
  for (const r of rows) {
    const p = out.get(r.id) ?? { id: r.id, name: r.display_name, isInspector: false, assignments: [] };
    p.assignments.push({ role: r.role as Role, scopePath: r.scope_path, departmentId: r.department_id });
    if (r.role === 'inspector') p.isInspector = true;
    out.set(r.id, p);
  }
  // Only people who actually hold a recording role (the query returns all roles of those people).
  return [...out.values()].filter((p) => p.assignments.some((a) => RECORDING_ROLES.includes(a.role)));
}

/** The open-task load per person, kept up to date while one request assigns several tasks. */
export class InspectorPicker {
  private constructor(
    readonly candidates: InspectorCandidate[],
    private readonly load: Map<string, number>,
  ) {}

  static async load(db: Executor): Promise<InspectorPicker> {
    return new InspectorPicker(await loadCandidates(db), await openTaskCounts(db));
  }

  /** Eligible people for a target, best first: independent 督查员, then upper-level ones, least loaded, ties by id; supervisors last. */
  eligible(target: InspectedTarget): (InspectorCandidate & { independent: boolean; openTasks: number })[] {
    return this.candidates
      .filter((c) => !belongsToTarget(c, target))
      .map((c) => ({ ...c, independent: isFullyIndependent(c, target), openTasks: this.load.get(c.id) ?? 0 }))
      .sort((a, b) => Number(b.isInspector) - Number(a.isInspector) || Number(b.independent) - Number(a.independent) || a.openTasks - b.openTasks || (a.id < b.id ? -1 : 1));
  }

  /** The 督查员 auto-assignment picks, or null when none is eligible. */
  pick(target: InspectedTarget): InspectorCandidate | null {
    const best = this.eligible(target).find((c) => c.isInspector) ?? null;
    if (best) this.count(best.id);
    return best;
  }

  find(id: string): InspectorCandidate | undefined {
    return this.candidates.find((c) => c.id === id);
  }

  count(id: string): void {
    this.load.set(id, (this.load.get(id) ?? 0) + 1);
  }
}
