import { useTranslation } from 'react-i18next';
import type { PhaseKind } from '../../../../shared/campaigns/wire.ts';

/** A phase kind's name in the UI language (准备阶段 / 关键期 / 活动期间 / 收尾阶段). */
export function usePhaseName() {
  const { t } = useTranslation();
  return (k: PhaseKind) =>
    k === 'preparation' ? t('campaigns.phase.preparation') : k === 'key_period' ? t('campaigns.phase.key_period') : k === 'event_days' ? t('campaigns.phase.event_days') : t('campaigns.phase.wind_down');
}

/** A phase's display name: its own (Chinese) name, or in English the kind (the server names phases in Chinese). */
export function usePhaseLabel() {
  const phaseName = usePhaseName();
  const { i18n } = useTranslation();
  return (p: { kind: PhaseKind; name: string }) => (i18n.language === 'en' || !p.name ? phaseName(p.kind) : p.name);
}
