import type { Executor } from '../../storage/db.ts';
import { insertCategoriesIfMissing } from './cases.repository.ts';
import { CATEGORIES, type CategoryDef } from './taxonomy.ts';

/**
 * Put the shipped taxonomy into case_categories, adding only codes that are missing: run at every
 * app start, idempotent, and never overwrites an operator's edits. (Not in the migration, because
 * migrations are frozen and never import app code; a new shipped category simply appears on upgrade.)
 */
export async function seedCategories(db: Executor, options: { now: Date; categories?: readonly CategoryDef[] }): Promise<void> {
  const categories = options.categories ?? CATEGORIES;
  const createdAt = options.now.toISOString();
  await insertCategoriesIfMissing(
    db,
    categories.map((c, i) => ({
      code: c.code,
      parent_code: c.parentCode,
      name_zh: c.nameZh,
      name_en: c.nameEn,
      kind: c.kind,
      department_kind: c.departmentKind,
      department_level: c.departmentLevel,
      limits_json: JSON.stringify({ ...c.limits, ...(c.sla ?? {}) }),
      filing_criteria: c.filingCriteria,
      closing_criteria: c.closingCriteria,
      sort_order: i,
      active: 1,
      created_at: createdAt,
      open311_attributes_json: c.attributes ? JSON.stringify(c.attributes) : null,
    })),
  );
}
