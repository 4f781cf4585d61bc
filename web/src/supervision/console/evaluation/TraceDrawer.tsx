import { useState } from 'react';
import { Button, Descriptions, Drawer, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../lib/useApi.ts';
import { queryString } from '../../../lib/api.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { fmtRate } from '../../../lib/format.ts';
import type { EvaluationComponent, EvaluationTrace } from '../../../../../shared/evaluation/wire.ts';
import { CASE_COMPONENTS, type Drill } from './evaluationUi.tsx';
import { CaseSets } from './CaseSets.tsx';
import { RecordList } from './RecordList.tsx';

/**
 * One row's score → its components (value × effective weight = points) → the cases (or deliveries,
 * expected daily reports, patrol visits, spot-check items) behind the chosen component.
 */
export function TraceDrawer({ drill, query, onClose }: { drill: Drill | null; query: Record<string, string>; onClose: () => void }) {
  const { t } = useTranslation();
  const trace = useApi<EvaluationTrace>(drill ? `/api/evaluation/trace${queryString({ ...query, key: drill.row.key })}` : null);
  const [picked, setPicked] = useState<string | null>(null);
  const [shownFor, setShownFor] = useState<Drill | null>(null);
  if (drill !== shownFor) {
    setShownFor(drill);
    setPicked(drill?.component ?? null);
  }
  const data = trace.data;
  const comp: EvaluationComponent | undefined = data?.components.find((c) => c.key === picked);
  return (
    <Drawer open={!!drill} onClose={onClose} size={960} destroyOnHidden className="evaluation-trace" title={drill ? `${drill.row.name} · ${t('supervision.eval.score')} ${drill.row.score?.toFixed(1) ?? '—'}` : ''}>
      <ErrorNote error={trace.error} />
      {data && (
        <Table<EvaluationComponent>
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={data.components}
          className="evaluation-components"
          rowClassName={(c) => (c.key === picked ? 'ant-table-row-selected' : '')}
          onRow={(c) => ({ onClick: () => c.denominator && setPicked(c.key), style: { cursor: c.denominator ? 'pointer' : 'default' } })}
          columns={[
            { title: t('supervision.eval.component.title'), dataIndex: 'key', render: (k: string) => t(`supervision.eval.component.${k}`) },
            { title: `${t('supervision.eval.numerator')}/${t('supervision.eval.denominator')}`, render: (_, c) => (c.denominator ? <Button type="link" className="supervision-drill" data-component={c.key}>{c.numerator}/{c.denominator}</Button> : '—') },
            { title: t('supervision.eval.rate'), dataIndex: 'rate', render: (v: number | null) => fmtRate(v) },
            { title: t('supervision.eval.value'), dataIndex: 'value', render: (v: number | null) => fmtRate(v) },
            { title: t('supervision.eval.configured'), dataIndex: 'weight' },
            { title: t('supervision.eval.weight'), dataIndex: 'effectiveWeight', render: (v: number) => (v ? v.toFixed(3) : '—') },
            {
              title: t('supervision.eval.points'),
              key: 'points',
              render: (_, c) => {
                if (c.value === null || !c.effectiveWeight) return '—';
                const points = 100 * c.value * c.effectiveWeight;
                return (
                  <span>
                    <span className="evaluation-contrib" style={{ width: `${points}px` }} />
                    {points.toFixed(1)}
                  </span>
                );
              },
            },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={6}>
                <Typography.Text strong>{t('supervision.eval.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6}>
                <Typography.Text strong>{data.score?.toFixed(1) ?? '—'}</Typography.Text> {data.grade && <Tag color={data.grade.colour}>{data.grade.grade}</Tag>}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      )}
      {data && !comp && <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('supervision.eval.pickComponent')}</Typography.Paragraph>}
      {data && comp && (
        <div style={{ marginTop: 16 }} className="evaluation-behind">
          <Typography.Title level={5}>{t('supervision.eval.behind', { name: t(`supervision.eval.component.${comp.key}`) })}</Typography.Title>
          <Descriptions size="small" column={4} bordered style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('supervision.eval.numerator')}>{comp.numerator}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.eval.denominator')}>{comp.denominator}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.eval.rate')}>{fmtRate(comp.rate)}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.eval.weight')}>{comp.effectiveWeight.toFixed(3)}</Descriptions.Item>
          </Descriptions>
          {CASE_COMPONENTS.has(comp.key) && data.cases[comp.key] ? (
            <CaseSets sets={data.cases[comp.key]!} info={data.caseInfo} />
          ) : (
            <RecordList component={comp.key} records={data.records[comp.key] ?? []} info={data.caseInfo} />
          )}
        </div>
      )}
    </Drawer>
  );
}
