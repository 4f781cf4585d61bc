import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MySpotCheckItem, SpotCheckItem } from '../../../../../shared/supervision/wire.ts';

// Pieces the spot-check components share: the item type they record and the result tag.
/** An item to record: one of my assignments, or any item of a batch (those name their inspector). */
export type RecordableItem = SpotCheckItem | MySpotCheckItem;

export const RESULT_COLOURS: Record<string, string> = { pending: 'default', passed: 'green', failed: 'red' };

/** Result tag: 待复核 / 合格 / 不合格. */
export function ResultTag({ result }: { result: string }) {
  const { t } = useTranslation();
  return <Tag color={RESULT_COLOURS[result] ?? 'default'}>{t(`supervision.result.${result}`)}</Tag>;
}
