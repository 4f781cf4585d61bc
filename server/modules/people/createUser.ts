import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../access/actor.ts';
import { appendAudit } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import type { Trx } from '../../storage/db.ts';
import { hashPassword } from './password.ts';
import { assignmentsWithScopeOf, findDepartmentByCode, findUserByUsername, insertAssignments, insertUsers } from './people.repository.ts';
import { findNodeSummary } from '../territory/lookups.ts';
import { presentPerson } from './people.present.ts';
import type { PersonView } from '../../../shared/people/wire.ts';
import { createUserInput, passwordProblem, type CreateUserInput } from './people.schemas.ts';

/**
 * Create an account with one role over one territory node (and optionally a department).
 * Shared by POST /api/people and `wangge users add`; the caller has checked 'people.manage'.
 */
export async function createUser(trx: Trx, options: { actor: Actor; input: CreateUserInput; now: Date }): Promise<PersonView> {
  const parsed = createUserInput.safeParse(options.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? 'input');
    throw new AppError('VALIDATION_FAILED', `${field}: ${issue.message}`, field);
  }
  const input = parsed.data;
  const weak = passwordProblem(input.password, input.username);
  if (weak) throw new AppError('VALIDATION_FAILED', `password: ${weak}`, 'password');
  const node = await findNodeSummary(trx, input.scope);
  if (!node) throw new AppError('VALIDATION_FAILED', `scope: no territory node with code ${input.scope}`, 'scope');
  let departmentId: string | null = null;
  if (input.department !== undefined) {
    const dept = await findDepartmentByCode(trx, input.department);
    if (!dept) throw new AppError('VALIDATION_FAILED', `department: no department with code ${input.department}`, 'department');
    departmentId = dept.id;
  }
  if (await findUserByUsername(trx, input.username)) {
    throw new AppError('CONFLICT', `username: ${input.username} is already taken`, 'username');
  }
  const nowIso = options.now.toISOString();
  const user = {
    id: uuidv7(),
    username: input.username,
    display_name: input.displayName ?? input.username,
    phone: input.phone ?? null,
    password_hash: await hashPassword(input.password),
    disabled: 0,
    failed_logins: 0,
    locked_until: null,
    created_at: nowIso,
    updated_at: nowIso,
  };
  await insertUsers(trx, [user]);
  await insertAssignments(trx, [
    { id: uuidv7(), user_id: user.id, role: input.role, scope_code: node.code, scope_path: node.path, department_id: departmentId, created_at: nowIso },
  ]);
  await appendAudit(trx, options.actor, {
    action: 'people.create',
    recordType: 'user',
    recordId: user.id,
    // Never the password or its hash; the phone is personal data and stays out of the log too.
    after: { username: user.username, displayName: user.display_name, role: input.role, scope: node.code, departmentId, phone: user.phone ? 'set' : null },
  });
  return presentPerson(user, await assignmentsWithScopeOf(trx, [user.id]), true);
}
