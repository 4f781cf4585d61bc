import dayjs from 'dayjs';
import { useState } from 'react';
import { Drawer, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../../../lib/api.ts';
import { useApi } from '../../../lib/useApi.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import type { AccountabilityListResponse, AccountabilityRecord } from '../../../../../shared/supervision/wire.ts';
import { leadColumns, RecordStateTag, type HistoryBy } from './accountabilityUi.tsx';
import { RecordDrawer } from './RecordDrawer.tsx';

/** The records behind one history cell (a person, grid or department; one month or the whole range). */
export function HistoryCellDrawer({ scope, by, cell, range, onClose }: { scope: string; by: HistoryBy; cell: { key: string; name: string; month: string | null } | null; range: { from: string; to: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<AccountabilityRecord | null>(null);
  const from = cell?.month ? `${cell.month}-01` : range.from;
  const to = cell?.month ? dayjs(`${cell.month}-01`).add(1, 'month').format('YYYY-MM-DD') : range.to;
  const filter = cell && cell.key !== 'none' ? (by === 'person' ? { personId: cell.key } : by === 'unit' ? { unitCode: cell.key } : { departmentId: cell.key }) : {};
  const list = useApi<AccountabilityListResponse>(cell && cell.key !== 'none' ? `/api/accountability${queryString({ scope, ...filter, from, to, limit: 500 })}` : null);
  return (
    <Drawer open={!!cell} onClose={onClose} size={900} destroyOnHidden title={cell ? `${cell.name} · ${cell.month ?? `${range.from} ~ ${range.to}`}` : ''}>
      <ErrorNote error={list.error} />
      {cell?.key === 'none' && <Typography.Paragraph type="secondary">{t('supervision.acc.noneKey')}</Typography.Paragraph>}
      <Table<AccountabilityRecord>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.records ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        className="history-records"
        columns={[
          ...leadColumns(t, setOpen, 'supervision-drill'),
          { title: t('supervision.acc.stateCol'), dataIndex: 'state', render: (_: string, r) => <RecordStateTag record={r} /> },
        ]}
      />
      <RecordDrawer record={open} onClose={() => setOpen(null)} />
    </Drawer>
  );
}
