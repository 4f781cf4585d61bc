import { Alert, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../lib/useApi.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { fmtTime, StateTag, useFmtMinutes } from '../../cases/console/caseUi.tsx';
import type { ChainLink, ResponsibilityView } from '../../../../shared/supervision/wire.ts';

const ACC_COLOURS: Record<string, string> = { pending: 'orange', confirmed: 'red', waived: 'default' };

/**
 * 责任链 of one case (GET /api/cases/:id/responsibility): each state it sat in, who held it, which unit,
 * from when to when, how long, the stage deadline and whether it was missed there; then the case's
 * accountability records. Used in the accountability record detail and in the console case detail.
 */
export function ResponsibilityChain({ caseId, showRecords = true }: { caseId: string; showRecords?: boolean }) {
  const { t } = useTranslation();
  const fmtMinutes = useFmtMinutes();
  const view = useApi<ResponsibilityView>(`/api/cases/${caseId}/responsibility`);
  if (view.error) return <ErrorNote error={view.error} />;
  if (!view.data) return <Spin style={{ display: 'block', margin: 24 }} />;
  const { chain, accountability } = view.data;
  const missed = chain.filter((l) => l.missedDeadline);

  return (
    <div className="responsibility-chain">
      {missed.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('supervision.chain.missedSummary', {
            list: missed.map((l) => `${t(`supervision.chain.stage.${l.stage ?? 'none'}`)}：${[l.unitName, l.holderName].filter(Boolean).join(' · ')}`).join('；'),
          })}
        />
      )}
      <Table<ChainLink>
        size="small"
        rowKey={(r) => `${r.state}-${r.from}`}
        pagination={false}
        dataSource={chain}
        scroll={{ x: 900 }}
        className="responsibility-chain-table"
        rowClassName={(r) => (r.missedDeadline ? 'chain-missed' : '')}
        columns={[
          {
            title: t('supervision.chain.stageCol'),
            dataIndex: 'state',
            render: (s: string, r) => (
              <Space size={4} direction="vertical">
                <StateTag state={s} />
                {r.stage && <Typography.Text type="secondary">{t(`supervision.chain.stage.${r.stage}`)}</Typography.Text>}
              </Space>
            ),
          },
          { title: t('supervision.chain.holder'), dataIndex: 'holderName', render: (v: string | null, r) => v ?? <Typography.Text type="secondary">{r.to ? '—' : t('supervision.chain.unclaimed')}</Typography.Text> },
          {
            title: t('supervision.chain.unit'),
            dataIndex: 'unitName',
            render: (v: string, r) => (
              <Space size={4}>
                <Tag>{t(`supervision.chain.unitKind.${r.unitKind}`)}</Tag>
                {v}
              </Space>
            ),
          },
          { title: t('supervision.chain.from'), dataIndex: 'from', render: (v: string) => fmtTime(v) },
          { title: t('supervision.chain.to'), dataIndex: 'to', render: (v: string | null) => (v ? fmtTime(v) : <Tag color="processing">{t('supervision.chain.now')}</Tag>) },
          { title: t('supervision.chain.duration'), dataIndex: 'minutes', render: (m: number) => fmtMinutes(m) },
          { title: t('supervision.chain.due'), dataIndex: 'dueAt', render: (v: string | null) => fmtTime(v) },
          {
            title: t('supervision.chain.overdue'),
            dataIndex: 'overdue',
            render: (o: boolean, r) =>
              r.missedDeadline ? (
                <Tag color="red">{t('supervision.chain.missed', { d: fmtMinutes(r.overdueMinutes) })}</Tag>
              ) : o ? (
                <Tag color="orange">{t('supervision.chain.stillLate', { d: fmtMinutes(r.overdueMinutes) })}</Tag>
              ) : r.dueAt ? (
                <Tag color="green">{t('supervision.chain.inTime')}</Tag>
              ) : (
                '—'
              ),
          },
          { title: t('supervision.chain.endedBy'), dataIndex: 'endedBy', render: (a: string | null, r) => (a ? `${t(`console.action.${a}`, { defaultValue: t(`supervision.chain.action.${a}`, { defaultValue: a }) })}${r.endedByName ? ` · ${r.endedByName}` : ''}` : '—') },
        ]}
      />
      {showRecords && accountability && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong>{t('supervision.chain.records', { n: accountability.length })}</Typography.Text>
          {accountability.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervision.chain.noRecords')} />
          ) : (
            <ul className="chain-records">
              {accountability.map((r) => (
                <li key={r.id}>
                  <Tag>{t(`supervision.acc.kind.${r.sourceKind}`, { defaultValue: r.sourceKind })}</Tag>
                  {r.summary} · {r.personName ?? '—'} ·{' '}
                  <Tag color={ACC_COLOURS[r.state]}>
                    {t(`supervision.acc.state.${r.state}`)}
                    {r.measure ? ` · ${t(`supervision.acc.measure.${r.measure}`)}` : ''}
                  </Tag>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

export default ResponsibilityChain;
