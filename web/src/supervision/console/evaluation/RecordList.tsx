import { useState } from 'react';
import { Button, Segmented, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../../lib/router.ts';
import { fmtTime } from '../../../cases/console/caseUi.tsx';
import type { EvaluationTrace, TraceCaseInfo } from '../../../../../shared/evaluation/wire.ts';

export const RECORD_COLUMNS: Record<string, string[]> = {
  directiveSign: ['title', 'person', 'unitCode', 'deliveredAt', 'signDeadline', 'signedAt'],
  dailyReport: ['campaign', 'grid', 'date', 'filedBy'],
  patrolCompliance: ['site', 'worker', 'slotStart', 'slotEnd'],
  spotCheckPass: ['caseNo', 'result', 'inspector', 'at', 'note'],
};

export const TIME_FIELDS = new Set(['deliveredAt', 'signDeadline', 'signedAt', 'slotStart', 'slotEnd', 'at']);

/** Records behind a non-case component (deliveries, expected daily reports, patrol visits, spot-check items). */
export function RecordList({ component, records, info }: { component: string; records: EvaluationTrace['records'][string]; info: Record<string, TraceCaseInfo> }) {
  const { t } = useTranslation();
  const [only, setOnly] = useState<'all' | 'counted' | 'missed'>('all');
  const shown = records.filter((r) => (only === 'all' ? true : only === 'counted' ? r.counted : !r.counted));
  return (
    <>
      <Segmented
        value={only}
        onChange={(v) => setOnly(v as typeof only)}
        options={[
          { value: 'all', label: `${t('supervision.eval.denominator')} ${records.length}` },
          { value: 'counted', label: `${t('supervision.eval.numerator')} ${records.filter((r) => r.counted).length}` },
          { value: 'missed', label: `${t('supervision.eval.notCounted')} ${records.filter((r) => !r.counted).length}` },
        ]}
      />
      <Table
        rowKey={(r) => JSON.stringify(r)}
        size="small"
        style={{ marginTop: 8 }}
        dataSource={shown}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        className="trace-records"
        scroll={{ x: true }}
        columns={[
          ...(RECORD_COLUMNS[component] ?? []).map((f) => ({
            title: t(`supervision.eval.field.${f}`),
            dataIndex: f,
            render: (v: string | number | boolean | null, r: (typeof records)[number]) => {
              if (f === 'caseNo' && typeof r['caseId'] === 'string') {
                const id = r['caseId'];
                return <Button type="link" className="supervision-drill" onClick={() => navigate(`/console/cases/${id}`)}>{String(v ?? info[id]?.caseNo ?? id)}</Button>;
              }
              if (f === 'result') return <Tag color={v === 'passed' ? 'green' : 'red'}>{t(`supervision.result.${String(v)}`)}</Tag>;
              if (TIME_FIELDS.has(f)) return fmtTime(v as string | null);
              return v === null || v === undefined ? '—' : String(v);
            },
          })),
          { title: t('supervision.eval.counted'), dataIndex: 'counted', render: (c: boolean) => (c ? <Tag color="green">✓</Tag> : <Tag color="red">✗</Tag>) },
        ]}
      />
    </>
  );
}
