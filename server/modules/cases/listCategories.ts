import type { Executor } from '../../storage/db.ts';
import { categoryOf } from './case.ts';
import { findCategories } from './cases.repository.ts';
import { slaPolicy as effectiveSlaPolicy, type SlaPolicy } from './stages.ts';

/** The taxonomy with per-stage limits and filing/closing criteria (GET /api/categories); `slaPolicy` = the server defaults. */
export async function listCategories(db: Executor, slaPolicy?: Readonly<SlaPolicy>) {
  const rows = await findCategories(db);
  return rows.map((r) => {
    const c = categoryOf(r);
    return {
      code: c.code,
      parentCode: c.parentCode,
      nameZh: c.nameZh,
      nameEn: c.nameEn,
      kind: c.kind,
      departmentKind: c.departmentKind,
      departmentLevel: c.departmentLevel,
      limits: c.limits,
      /** Effective 预警/升级 policy: the category's override on the server defaults. */
      sla: effectiveSlaPolicy(c.sla, slaPolicy),
      filingCriteria: c.filingCriteria,
      closingCriteria: c.closingCriteria,
    };
  });
}
