import dayjs from 'dayjs';
import { useState } from 'react';
import { Button, Card, Table, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../../../lib/api.ts';
import { useApi } from '../../../lib/useApi.ts';
import { useSession } from '../../../lib/session.tsx';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { fmtTime } from '../../../cases/console/caseUi.tsx';
import { fmtRate } from '../../../lib/format.ts';
import type { MySpotCheckItemsResponse, SpotCheckBatchSummary, SpotCheckListResponse } from '../../../../../shared/supervision/wire.ts';
import type { RecordableItem } from './spotCheckUi.tsx';
import { DrawCard } from './DrawCard.tsx';
import { ItemsTable } from './ItemsTable.tsx';
import { BatchDrawer } from './BatchDrawer.tsx';
import { RecordModal } from './RecordModal.tsx';

/**
 * 随机抽查: the inspector's own assignments (record callback + re-check), and — for those who manage spot
 * checks — sample-size preview, a seeded draw, and the recorded batches with their items.
 */
export default function SpotChecksTab({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const manage = me.actions.includes('spotcheck.manage');
  const mine = useApi<MySpotCheckItemsResponse>('/api/spotchecks/mine');
  const batches = useApi<SpotCheckListResponse>(manage && scope ? `/api/spotchecks${queryString({ scope })}` : null);
  const [openBatch, setOpenBatch] = useState<string | null>(null);
  const [recording, setRecording] = useState<RecordableItem | null>(null);
  const reloadAll = () => {
    mine.reload();
    batches.reload();
  };

  return (
    <div>
      <Card title={t('supervision.spot.mine')} size="small" extra={<Button icon={<ReloadOutlined />} onClick={mine.reload} aria-label={t('supervision.reload')} />}>
        <ErrorNote error={mine.error} />
        <ItemsTable items={mine.data?.items ?? []} loading={mine.loading} onRecord={setRecording} showInspector={false} />
      </Card>
      {manage && <DrawCard scope={scope} onCreated={(id) => { batches.reload(); setOpenBatch(id); }} />}
      {manage && (
        <Card title={t('supervision.spot.batches')} size="small">
          <ErrorNote error={batches.error} />
          <Table<SpotCheckBatchSummary>
            rowKey="id"
            size="small"
            loading={batches.loading}
            dataSource={batches.data?.batches ?? []}
            pagination={false}
            scroll={{ x: true }}
            onRow={(r) => ({ onClick: () => setOpenBatch(r.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('supervision.spot.createdAt'), dataIndex: 'createdAt', render: (v: string) => fmtTime(v) },
              { title: t('supervision.spot.period'), render: (_, r) => `${dayjs(r.period.from).format('YYYY-MM-DD')} ~ ${dayjs(r.period.to).subtract(1, 'ms').format('YYYY-MM-DD')}` },
              { title: t('supervision.spot.seed'), dataIndex: 'seed' },
              { title: t('supervision.spot.population'), dataIndex: 'population' },
              { title: t('supervision.spot.sampleSize'), dataIndex: 'sampleSize' },
              { title: t('supervision.spot.pending'), dataIndex: 'pending' },
              { title: t('supervision.spot.failed'), dataIndex: 'failed', render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : v) },
              { title: t('supervision.spot.passRate'), dataIndex: 'passRate', render: (v: number | null) => fmtRate(v) },
            ]}
          />
        </Card>
      )}
      <BatchDrawer id={openBatch} onClose={() => setOpenBatch(null)} onRecord={setRecording} />
      <RecordModal item={recording} onClose={() => setRecording(null)} onDone={reloadAll} />
    </div>
  );
}
