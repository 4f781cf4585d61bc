import type { Executor } from '../../storage/db.ts';
import { notFound } from '../../errors.ts';
import { categoryOf } from './case.ts';
import { findCaseById, findCategory, findDepartmentByKindAt } from './cases.repository.ts';

/**
 * 派遣建议: the department of the category's kind at the category's level — county = the district
 * containing the grid (first 6 digits of the grid code), city = first 4. Null when none is configured;
 * the dispatcher may always override.
 */
export async function suggestHandler(db: Executor, o: { caseId: string }) {
  const row = await findCaseById(db, o.caseId);
  if (!row) throw notFound('case');
  const category = categoryOf((await findCategory(db, row.category_code))!);
  const territoryCode = category.departmentLevel === 'city' ? row.grid_code.slice(0, 4) : row.grid_code.slice(0, 6);
  const department = await findDepartmentByKindAt(db, category.departmentKind, territoryCode);
  return {
    departmentKind: category.departmentKind,
    level: category.departmentLevel,
    territoryCode,
    department: department ? { id: department.id, code: department.code, nameZh: department.name_zh, kind: department.kind } : null,
  };
}
