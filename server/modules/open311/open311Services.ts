import type { CaseCategoryRow } from '../../storage/schema.ts';
import type { CategoryAttribute } from '../cases/taxonomy.ts';
import type { Open311Service, Open311ServiceDefinition } from '../../../shared/open311/wire.ts';

/**
 * Open311 services (服务类型) are the active leaf case categories. GeoReport v2 attributes come from the
 * category's own config (case_categories.open311_attributes_json, seeded from the taxonomy — e.g. 路灯不亮
 * asks for the pole number); a category without one gets its case kind's modest optional set, which maps
 * onto the case details the case module already understands (dispute amount, hazard grade). Events
 * have none by default (metadata=false).
 */
export type Open311Attribute = CategoryAttribute;

const ATTRIBUTES_BY_KIND: Record<string, readonly Open311Attribute[]> = {
  dispute: [
    {
      variable: true,
      code: 'amount',
      datatype: 'number',
      required: false,
      datatype_description: '金额（元），非负数 / amount in CNY, a non-negative number',
      order: 1,
      description: '涉及金额（元） / Amount involved (CNY)',
      values: [],
      detailsKey: 'amount',
    },
  ],
  hazard: [
    {
      variable: true,
      code: 'grade',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: null,
      order: 1,
      description: '隐患等级（按您的判断） / Hazard grade (your estimate)',
      values: [
        { key: 'major', name: '重大 Major', stored: '重大' },
        { key: 'serious', name: '较大 Serious', stored: '较大' },
        { key: 'general', name: '一般 General', stored: '一般' },
        { key: 'low', name: '低 Low', stored: '低' },
      ],
      detailsKey: 'grade',
    },
  ],
};

/** The attributes a category's service asks for (possibly none). */
export function attributesFor(category: Pick<CaseCategoryRow, 'kind'> & Partial<Pick<CaseCategoryRow, 'open311_attributes_json'>>): readonly Open311Attribute[] {
  const own = category.open311_attributes_json ? parseAttributes(category.open311_attributes_json) : null;
  return own ?? ATTRIBUTES_BY_KIND[category.kind] ?? [];
}

/** An operator-edited attribute list that is not a JSON array of attributes falls back to the kind's defaults (never a 500). */
function parseAttributes(json: string): Open311Attribute[] | null {
  try {
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed)) return null;
    const ok = parsed.every((a) => a && typeof a === 'object' && typeof a.code === 'string' && typeof a.datatype === 'string' && typeof a.detailsKey === 'string' && Array.isArray(a.values));
    return ok ? [...(parsed as Open311Attribute[])].sort((a, b) => a.order - b.order) : null;
  } catch {
    return null;
  }
}

/** Active categories that have no active children: the ones a case can be filed under. */
export function leafCategories(categories: readonly CaseCategoryRow[]): CaseCategoryRow[] {
  const parents = new Set(categories.map((c) => c.parent_code).filter((c): c is string => c !== null));
  return categories.filter((c) => !parents.has(c.code));
}

/** GET services: one entry per active leaf category, in taxonomy order. */
export function presentServices(categories: readonly CaseCategoryRow[]): Open311Service[] {
  const byCode = new Map(categories.map((c) => [c.code, c]));
  return leafCategories(categories).map((c) => {
    const major = c.parent_code ? byCode.get(c.parent_code) : undefined;
    const keywords = [c.name_zh, c.name_en, major?.name_zh, major?.name_en].filter((k): k is string => !!k);
    return {
      service_code: c.code,
      service_name: c.name_zh,
      description: c.filing_criteria || (c.name_en ?? c.name_zh),
      metadata: attributesFor(c).length > 0,
      type: 'realtime' as const,
      keywords: keywords.join(', '),
      group: major?.name_zh ?? c.name_zh,
    };
  });
}
export type { Open311Service, Open311ServiceDefinition };

/** GET services/{code}: the service definition. */
export function presentServiceDefinition(category: CaseCategoryRow): Open311ServiceDefinition {
  return {
    service_code: category.code,
    attributes: attributesFor(category).map((a) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatype_description,
      order: a.order,
      description: a.description,
      values: a.values.map((v) => ({ key: v.key, name: v.name })),
    })),
  };
}
