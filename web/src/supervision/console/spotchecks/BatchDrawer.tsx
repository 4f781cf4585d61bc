import dayjs from 'dayjs';
import { Descriptions, Drawer } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api.ts';
import { useApi } from '../../../lib/useApi.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { fmtRate } from '../../../lib/format.ts';
import type { SpotCheckBatch } from '../../../../../shared/supervision/wire.ts';
import type { RecordableItem } from './spotCheckUi.tsx';
import { ItemsTable } from './ItemsTable.tsx';

/** One recorded batch: parameters, strata, items with inspector and result. */
export function BatchDrawer({ id, onClose, onRecord }: { id: string | null; onClose: () => void; onRecord: (i: RecordableItem) => void }) {
  const { t } = useTranslation();
  const batch = useApi<SpotCheckBatch>(id ? `/api/spotchecks/${id}` : null);
  const b = batch.data;
  return (
    <Drawer open={!!id} onClose={onClose} size={860} title={t('supervision.spot.batch')} destroyOnHidden>
      <ErrorNote error={batch.error} />
      {b && (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('supervision.spot.seed')}>{b.seed}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.spot.period')}>{`${dayjs(b.period.from).format('YYYY-MM-DD')} ~ ${dayjs(b.period.to).subtract(1, 'ms').format('YYYY-MM-DD')}`}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.spot.confidence')}>{fmtRate(b.confidence)}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.spot.margin')}>±{fmtRate(b.margin)}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.spot.population')}>{b.population}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.spot.sampleSize')}>{b.sampleSize}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.spot.passRate')}>{fmtRate(b.passRate)}</Descriptions.Item>
          </Descriptions>
          <div style={{ marginTop: 16 }}>
            <ItemsTable items={b.items} onRecord={onRecord} showInspector />
          </div>
        </>
      )}
    </Drawer>
  );
}
