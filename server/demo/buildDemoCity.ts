import { uuidv7 } from 'uuidv7';
import { pathOfCode } from '../../shared/territory/codes.ts';
import { systemActor, type Actor } from '../access/actor.ts';
import { appendAudit } from '../audit/audit.ts';
import { AppError } from '../errors.ts';
import { hashPassword } from '../modules/people/password.ts';
import { insertAssignments, insertDepartments, insertUsers } from '../modules/people/people.repository.ts';
import { countNodes, upsertNodes } from '../modules/territory/territory.repository.ts';
import type { Trx } from '../storage/db.ts';
import type { DepartmentRow, RoleAssignmentRow, UserRow } from '../storage/schema.ts';
import { DEFAULT_DEMO_SEED, nodeRow, planDemoCity, type DemoLogin } from './planDemoCity.ts';

export interface BuildDemoCityOptions {
  /** The password every demo account gets: random per data dir or WANGGE_DEMO_PASSWORD (demoPassword.ts), never a constant. */
  password: string;
  seed?: number;
  actor?: Actor;
  /** Progress lines for a terminal; silent by default. */
  onProgress?: (message: string) => void;
}

export interface DemoCitySummary {
  seed: number;
  counts: {
    districts: number;
    streets: number;
    communities: number;
    grids: number;
    departments: number;
    users: number;
    assignments: number;
  };
  logins: DemoLogin[];
  demoGridCode: string;
}

/**
 * Build the demo Nanjing (演示城市) inside the caller's transaction: territory from province to grid,
 * departments, and the people serving them, all sharing the given demo password. Refuses when any territory
 * exists, because demo rows mixed into a real city would be a data-quality incident, not a convenience.
 */
export async function buildDemoCity(trx: Trx, options: BuildDemoCityOptions): Promise<DemoCitySummary> {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new AppError('VALIDATION_FAILED', 'seed must be a non-negative whole number', 'seed');
  if ((await countNodes(trx)) > 0) {
    throw new AppError('CONFLICT', 'territory already exists: the demo city is only built into an empty database (use `wangge demo --reset` to replace an earlier demo)');
  }
  const progress = options.onProgress ?? (() => {});
  let started = Date.now();
  const plan = planDemoCity(seed);
  progress(`planned ${plan.nodes.length} territory nodes and ${plan.people.length} people in ${Date.now() - started} ms`);
  started = Date.now();

  const now = new Date().toISOString();
  await upsertNodes(trx, plan.nodes.map((n) => nodeRow(n, now)));

  const departmentRows: DepartmentRow[] = plan.departments.map((d) => ({
    id: uuidv7(),
    code: d.code,
    kind: d.kind,
    name_zh: d.nameZh,
    name_en: d.nameEn,
    territory_code: d.territoryCode,
    territory_path: pathOfCode(d.territoryCode),
    created_at: now,
  }));
  await insertDepartments(trx, departmentRows);
  const departmentId = new Map(departmentRows.map((d) => [d.code, d.id]));

  // scrypt is deliberately slow (~80 ms): hash the shared demo password once, not once per person.
  if (options.password.length < 8) throw new AppError('VALIDATION_FAILED', 'password: the demo password must be at least 8 characters', 'password');
  const passwordHash = await hashPassword(options.password);
  const users: UserRow[] = [];
  const assignments: RoleAssignmentRow[] = [];
  for (const p of plan.people) {
    const id = uuidv7();
    users.push({
      id,
      username: p.username,
      display_name: p.displayName,
      phone: p.phone,
      password_hash: passwordHash,
      disabled: 0,
      failed_logins: 0,
      locked_until: null,
      created_at: now,
      updated_at: now,
    });
    assignments.push({
      id: uuidv7(),
      user_id: id,
      role: p.role,
      scope_code: p.scopeCode,
      scope_path: pathOfCode(p.scopeCode),
      department_id: p.departmentCode ? departmentId.get(p.departmentCode)! : null,
      created_at: now,
    });
  }
  await insertUsers(trx, users);
  await insertAssignments(trx, assignments);
  progress(`stored territory, departments and people in ${Date.now() - started} ms`);

  const count = (level: string) => plan.nodes.filter((n) => n.level === level).length;
  const counts = {
    districts: count('county'),
    streets: count('street'),
    communities: count('community'),
    grids: count('grid'),
    departments: departmentRows.length,
    users: users.length,
    assignments: assignments.length,
  };
  // One summary entry: thousands of generated rows are one act, and the seed reproduces every row.
  await appendAudit(trx, options.actor ?? systemActor('demo', 'cli'), {
    action: 'demo.build',
    recordType: 'territory',
    recordId: '3201',
    after: { seed, ...counts },
  });
  return { seed, counts, logins: plan.logins, demoGridCode: plan.demoGridCode };
}
