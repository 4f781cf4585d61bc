import { useState } from 'react';
import { Button, Segmented, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../../lib/router.ts';
import { fmtTime, StateTag } from '../../../cases/console/caseUi.tsx';
import type { TraceCaseInfo } from '../../../../../shared/evaluation/wire.ts';

/** Numerator and denominator case sets: the denominator's cases, marked when counted in the numerator. */
export function CaseSets({ sets, info }: { sets: { numerator: string[]; denominator: string[] }; info: Record<string, TraceCaseInfo> }) {
  const { t } = useTranslation();
  const [part, setPart] = useState<'numerator' | 'denominator'>('numerator');
  const inNumerator = new Set(sets.numerator);
  const rows = sets[part].map((id) => ({ id, counted: inNumerator.has(id), ...(info[id] ?? { caseNo: id, state: '', gridCode: '', categoryCode: '', description: '', closedAt: null }) }));
  return (
    <>
      <Segmented
        value={part}
        onChange={(v) => setPart(v as typeof part)}
        options={[
          { value: 'numerator', label: `${t('supervision.eval.numerator')} ${sets.numerator.length}` },
          { value: 'denominator', label: `${t('supervision.eval.denominator')} ${sets.denominator.length}` },
        ]}
      />
      <Table
        rowKey="id"
        size="small"
        style={{ marginTop: 8 }}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        className="trace-cases"
        locale={{ emptyText: t('supervision.eval.noCases') }}
        columns={[
          { title: t('supervision.spot.caseNo'), dataIndex: 'caseNo', render: (v: string, r) => <Button type="link" className="supervision-drill" onClick={() => navigate(`/console/cases/${r.id}`)}>{v}</Button> },
          { title: t('supervision.spot.caseState'), dataIndex: 'state', render: (v: string) => (v ? <StateTag state={v} /> : '—') },
          { title: t('supervision.spot.grid'), dataIndex: 'gridCode' },
          { title: t('supervision.spot.closedAt'), dataIndex: 'closedAt', render: (v: string | null) => fmtTime(v) },
          { title: t('supervision.bulletin.description'), dataIndex: 'description', ellipsis: true },
          ...(part === 'denominator' ? [{ title: t('supervision.eval.counted'), dataIndex: 'counted', render: (c: boolean) => (c ? <Tag color="green">✓</Tag> : <Tag>✗</Tag>) }] : []),
        ]}
      />
    </>
  );
}
