import { Button, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { fmtTime } from '../../../cases/console/caseUi.tsx';
import type { AccountabilityRecord } from '../../../../../shared/supervision/wire.ts';

// Pieces the accountability components share: state colours, the decision being made, the history grouping.
export const STATE_COLOURS: Record<string, string> = { pending: 'orange', confirmed: 'red', waived: 'default' };

/** A record's state (待定 / 已追责 / 免责), with the measure once confirmed. */
export function RecordStateTag({ record }: { record: AccountabilityRecord }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOURS[record.state]}>{t(`supervision.acc.state.${record.state}`)}{record.measure ? ` · ${t(`supervision.acc.measure.${record.measure}`)}` : ''}</Tag>
  );
}

/** The columns every record table starts with: when, the source, and the summary that opens the record. */
export function leadColumns(t: TFunction, open: (r: AccountabilityRecord) => void, summaryClass: string): TableColumnsType<AccountabilityRecord> {
  return [
    { title: t('supervision.acc.occurredAt'), dataIndex: 'occurredAt', render: (v: string | null) => fmtTime(v) },
    { title: t('supervision.acc.source'), dataIndex: 'sourceKind', render: (v: string) => <Tag>{t(`supervision.acc.kind.${v}`, { defaultValue: v })}</Tag> },
    { title: t('supervision.acc.summary'), dataIndex: 'summary', render: (v: string, r) => <Button type="link" className={summaryClass} onClick={() => open(r)}>{v}</Button> },
  ];
}

export type Decision = { record: AccountabilityRecord; decision: 'confirm' | 'waive' };

export type HistoryBy = 'person' | 'unit' | 'department';
