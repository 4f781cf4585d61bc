import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Priority } from '../../../../shared/directives/wire.ts';

const PRIORITY_COLOR: Record<Priority, string> = { normal: 'default', urgent: 'orange', critical: 'red' };

/** 普通 / 紧急 / 特急 in the UI language. */
export function usePriorityLabel() {
  const { t } = useTranslation();
  return (p: Priority) => (p === 'critical' ? t('directives.priority.critical') : p === 'urgent' ? t('directives.priority.urgent') : t('directives.priority.normal'));
}

/** A directive's priority as a coloured tag; the phone's inbox leaves 普通 unmarked (`hideNormal`). */
export function PriorityTag({ p, hideNormal = false }: { p: Priority; hideNormal?: boolean }) {
  const label = usePriorityLabel();
  if (hideNormal && p === 'normal') return null;
  return <Tag color={PRIORITY_COLOR[p]}>{label(p)}</Tag>;
}

/** A priority's name alone (the issue form's radio buttons). */
export function PriorityLabel({ p }: { p: Priority }) {
  return <>{usePriorityLabel()(p)}</>;
}
