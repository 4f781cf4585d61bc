import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../lib/useApi.ts';
import type { CategoriesResponse } from '../../../../shared/cases/wire.ts';
import { usePick } from '../../i18n/usePick.ts';

/** Case categories by code, for naming SLA multipliers ('*' = every category). */
export function useCategoryNames(enabled: boolean) {
  const pick = usePick();
  const { t } = useTranslation();
  const res = useApi<CategoriesResponse>(enabled ? '/api/categories' : null);
  return useMemo(() => {
    const byCode = new Map((res.data?.categories ?? []).map((c) => [c.code, c]));
    const name = (code: string) => (code === '*' ? t('campaigns.allCategories') : byCode.has(code) ? pick({ zh: byCode.get(code)!.nameZh, en: byCode.get(code)!.nameEn }) : code);
    const options = [
      { value: '*', label: t('campaigns.allCategories') },
      ...(res.data?.categories ?? []).map((c) => ({ value: c.code, label: `${c.parentCode ? '\u3000' : ''}${c.code} ${pick({ zh: c.nameZh, en: c.nameEn })}` })),
    ];
    return { name, options };
  }, [res.data, pick, t]);
}
