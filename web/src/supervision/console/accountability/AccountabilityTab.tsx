import { useState } from 'react';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { RecordsView } from './RecordsView.tsx';
import { HistoryView } from './HistoryView.tsx';

/** 责任追究: the records (generate, confirm or waive, detail with the case's responsibility chain) and the history (台账) over months. */
export default function AccountabilityTab({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const [view, setView] = useState<'records' | 'history'>('records');
  return (
    <div>
      <Segmented
        className="accountability-view"
        style={{ marginBottom: 12 }}
        value={view}
        onChange={(v) => setView(v as typeof view)}
        options={[
          { value: 'records', label: t('supervision.acc.viewRecords') },
          { value: 'history', label: t('supervision.acc.viewHistory') },
        ]}
      />
      {view === 'records' ? <RecordsView scope={scope} /> : <HistoryView scope={scope} />}
    </div>
  );
}
