import type { Executor } from '../../storage/db.ts';
import type { DepartmentRow, RoleAssignmentRow, UserRow } from '../../storage/schema.ts';

/** Queries over users, role assignments and departments. Callers own the transaction. */

const INSERT_CHUNK = 200;

async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insert(rows.slice(i, i + INSERT_CHUNK));
}

export async function insertUsers(db: Executor, rows: readonly UserRow[]): Promise<void> {
  await insertChunked(rows, (chunk) => db.insertInto('users').values(chunk).execute());
}

export async function insertAssignments(db: Executor, rows: readonly RoleAssignmentRow[]): Promise<void> {
  await insertChunked(rows, (chunk) => db.insertInto('role_assignments').values(chunk).execute());
}

export async function insertDepartments(db: Executor, rows: readonly DepartmentRow[]): Promise<void> {
  await insertChunked(rows, (chunk) => db.insertInto('departments').values(chunk).execute());
}

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function assignmentsOf(db: Executor, userId: string): Promise<RoleAssignmentRow[]> {
  return db.selectFrom('role_assignments').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
}
