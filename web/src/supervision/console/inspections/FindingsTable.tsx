import { Button, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api.ts';
import { navigate } from '../../../lib/router.ts';
import { StateTag } from '../../../cases/console/caseUi.tsx';
import { SEVERITY_COLOURS, type ListedFinding } from './inspectionUi.tsx';
import type { Severity } from '../../../../../shared/inspections/wire.ts';

/** Findings with their rectification case: number (drill-down), state, deadline, overdue; 转整改案件 when allowed. */
export function FindingsTable({ findings, canRectify, onRectify, showTarget }: { findings: ListedFinding[]; canRectify: boolean; onRectify: (f: ListedFinding) => void; showTarget: boolean }) {
  const { t } = useTranslation();
  return (
    <Table<ListedFinding>
      rowKey="id"
      size="small"
      className="inspection-findings"
      dataSource={findings}
      pagination={findings.length > 10 ? { pageSize: 10 } : false}
      scroll={{ x: true }}
      locale={{ emptyText: t('supervision.insp.noFindings') }}
      columns={[
        ...(showTarget ? [{ title: t('supervision.insp.targetCol'), dataIndex: 'targetName' }] : []),
        { title: t('supervision.insp.description'), dataIndex: 'description', render: (v: string, r) => <>{v}{r.address ? <Typography.Text type="secondary">（{r.address}）</Typography.Text> : null}</> },
        { title: t('supervision.insp.severity'), dataIndex: 'severity', render: (v: Severity | null) => (v ? <Tag color={SEVERITY_COLOURS[v]}>{t(`supervision.insp.sev.${v}`)}</Tag> : null) },
        { title: t('supervision.insp.photos'), dataIndex: 'photos', render: (v: string[]) => <Space size={4}>{v.map((p) => <a key={p} href={`/api/attachments/${p}`} target="_blank" rel="noreferrer"><img src={`/api/attachments/${p}`} alt="" width={36} height={36} style={{ objectFit: 'cover', borderRadius: 4 }} /></a>)}</Space> },
        { title: t('supervision.insp.responsibleUnit'), dataIndex: 'responsibleUnit' },
        {
          title: t('supervision.insp.rectification'),
          key: 'case',
          render: (_, r) =>
            r.rectification ? (
              <Space size={4} wrap>
                <Button type="link" className="supervision-drill" onClick={() => navigate(`/console/cases/${r.rectification!.caseId}`)}>{r.rectification.caseNo}</Button>
                {r.rectification.caseState && <StateTag state={r.rectification.caseState} />}
                {r.rectification.deadline && <Typography.Text type="secondary">{t('supervision.insp.deadlineAt', { d: dayjs(r.rectification.deadline).format('YYYY-MM-DD') })}</Typography.Text>}
                {r.rectification.rectified && <Tag color="green">{t('supervision.insp.rectifiedTag')}</Tag>}
                {r.rectification.overdue && <Tag color="red">{t('supervision.insp.overdueTag')}</Tag>}
              </Space>
            ) : canRectify ? (
              <Button size="small" danger onClick={() => onRectify(r)}>{t('supervision.insp.rectify')}</Button>
            ) : (
              <Typography.Text type="secondary">{t('supervision.insp.notRectified')}</Typography.Text>
            ),
        },
      ]}
    />
  );
}
