import { Button, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../../lib/router.ts';
import { useSession } from '../../../lib/session.tsx';
import { StateTag } from '../../../cases/console/caseUi.tsx';
import { type RecordableItem, ResultTag } from './spotCheckUi.tsx';

/** Items of a batch or of "my tasks": case, state now, stratum, inspector, result. */
export function ItemsTable({ items, loading, onRecord, showInspector }: { items: RecordableItem[]; loading?: boolean; onRecord: (i: RecordableItem) => void; showInspector: boolean }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const manage = me.actions.includes('spotcheck.manage');
  return (
    <Table<RecordableItem>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={items}
      pagination={items.length > 20 ? { pageSize: 20 } : false}
      scroll={{ x: true }}
      className="spotcheck-items"
      columns={[
        { title: t('supervision.spot.caseNo'), dataIndex: 'caseNo', render: (v: string, r) => <Button type="link" className="supervision-drill" onClick={() => navigate(`/console/cases/${r.caseId}`)}>{v}</Button> },
        { title: t('supervision.spot.caseState'), dataIndex: 'caseState', render: (v: string) => <StateTag state={v} /> },
        { title: t('supervision.spot.stratum'), dataIndex: 'stratum' },
        ...(showInspector ? [{ title: t('supervision.spot.inspector'), dataIndex: 'inspectorName', render: (v: string | null) => v ?? <Typography.Text type="warning">{t('supervision.spot.unassigned')}</Typography.Text> }] : []),
        { title: t('supervision.spot.result'), dataIndex: 'result', render: (v: string) => <ResultTag result={v} /> },
        { title: t('supervision.spot.note'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
        {
          title: '',
          key: 'record',
          render: (_, r) =>
            r.result === 'pending' && (!('inspectorId' in r) || r.inspectorId === me.id || manage) ? (
              <Button size="small" type="primary" onClick={() => onRecord(r)}>
                {t('supervision.spot.record')}
              </Button>
            ) : null,
        },
      ]}
    />
  );
}
