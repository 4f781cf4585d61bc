import { useTranslation } from 'react-i18next';

/** Pick the right half of a {zh, en} pair from the server (role names, bilingual place names). */
export function usePick(): (v: { zh: string; en?: string | null | undefined }) => string {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (v) => (en && v.en ? v.en : v.zh);
}
