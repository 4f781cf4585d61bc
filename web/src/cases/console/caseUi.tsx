import { useEffect, useState } from 'react';
import { Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { isOverdue } from '../shared/cases.ts';
import type { CaseView, CategoriesResponse, Category } from '../../../../shared/cases/wire.ts';

const STATE_COLORS: Record<string, string> = {
  reported: 'gold',
  filed: 'cyan',
  dispatched: 'blue',
  in_handling: 'geekblue',
  handled: 'purple',
  verified: 'lime',
  closed: 'green',
  evaluated: 'green',
  suspended: 'default',
  rejected: 'default',
  voided: 'default',
};

/** A case state as a coloured tag, in the person's language. */
export function StateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLORS[state] ?? 'default'}>{t(`console.state.${state}`, { defaultValue: state })}</Tag>;
}

/** 超期 tag when the running stage's deadline has passed. */
export function OverdueTag({ c }: { c: Pick<CaseView, 'stageDueAt' | 'state'> }) {
  const { t } = useTranslation();
  return isOverdue(c) ? <Tag color="red">{t('console.cases.overdueTag')}</Tag> : null;
}

let categoriesPromise: Promise<Category[]> | null = null;

/** The category taxonomy, loaded once per page load (it changes only when operators edit it). */
export function useCategories(): { list: Category[]; name: (code: string) => string } {
  const { i18n } = useTranslation();
  const [list, setList] = useState<Category[]>([]);
  useEffect(() => {
    categoriesPromise ??= api<CategoriesResponse>('/api/categories').then((r) => r.categories);
    let live = true;
    categoriesPromise.then(
      (c) => live && setList(c),
      () => {
        categoriesPromise = null;
      },
    );
    return () => {
      live = false;
    };
  }, []);
  const en = i18n.language === 'en';
  const byCode = new Map(list.map((c) => [c.code, c]));
  return {
    list,
    name: (code) => {
      const c = byCode.get(code);
      if (!c) return code;
      const parent = c.parentCode ? byCode.get(c.parentCode) : null;
      const own = en && c.nameEn ? c.nameEn : c.nameZh;
      return parent ? `${en && parent.nameEn ? parent.nameEn : parent.nameZh} · ${own}` : own;
    },
  };
}

/** A time shown in the person's locale: 05-14 14:02 (or with the year when not this year). */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.year() === dayjs().year() ? d.format('MM-DD HH:mm') : d.format('YYYY-MM-DD HH:mm');
}

/** A duration in minutes said briefly: 3天4小时, 2 h 5 min. */
export function useFmtMinutes(): (m: number | null | undefined) => string {
  const { t } = useTranslation();
  return (m) => {
    if (m === null || m === undefined) return '—';
    const mins = Math.max(0, Math.round(m));
    const d = Math.floor(mins / 1440);
    const h = Math.floor((mins % 1440) / 60);
    const mm = mins % 60;
    if (d > 0) return t('console.duration.dh', { d, h });
    if (h > 0) return t('console.duration.hm', { h, m: mm });
    return t('console.duration.m', { m: mm });
  };
}

