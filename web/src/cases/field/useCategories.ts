import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCachedApi } from '../../lib/useCachedApi.ts';
import type { CategoriesResponse, Category } from '../../../../shared/cases/wire.ts';

/** The case taxonomy (cached by the service worker for offline use) and a name lookup in the current language. */
export function useCategories() {
  const { i18n } = useTranslation();
  const res = useCachedApi<CategoriesResponse>('/api/categories');
  const en = i18n.language === 'en';
  return useMemo(() => {
    const list = res.data?.categories ?? [];
    const byCode = new Map(list.map((c) => [c.code, c]));
    const name = (code: string) => {
      const c = byCode.get(code);
      return c ? (en && c.nameEn ? c.nameEn : c.nameZh) : code;
    };
    const fullName = (code: string) => {
      const c = byCode.get(code);
      const parent = c?.parentCode ? byCode.get(c.parentCode) : undefined;
      return parent ? `${name(parent.code)} / ${name(code)}` : name(code);
    };
    // Leaves are what a worker reports; majors only group them.
    const leaves = list.filter((c) => c.parentCode !== null);
    return { ...res, list, leaves, name, fullName };
  }, [res, en]);
}
