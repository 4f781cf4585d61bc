import { useState } from 'react';
import { Button, Card, Segmented, Space, Table, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../../../lib/api.ts';
import { useApi } from '../../../lib/useApi.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { fmtTime } from '../../../cases/console/caseUi.tsx';
import type { StoredBulletin, StoredBulletinsResponse } from '../../../../../shared/reports/wire.ts';

/** 定时简报: what the scheduled job wrote (daily 07:30 for the day before, weekly on Mondays), to open or download. */
export function ScheduledBulletins({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'all' | 'daily' | 'weekly'>('all');
  const list = useApi<StoredBulletinsResponse>(`/api/reports/bulletins${queryString({ kind: kind === 'all' ? null : kind, scope: scope || null })}`);
  return (
    <Card size="small" className="scheduled-bulletins">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented value={kind} onChange={(v) => setKind(v as typeof kind)} options={[{ value: 'all', label: t('supervision.bulletin.all') }, { value: 'daily', label: t('supervision.bulletin.daily') }, { value: 'weekly', label: t('supervision.bulletin.weekly') }]} />
        <Typography.Text type="secondary">{t('supervision.bulletin.scheduledHint')}</Typography.Text>
      </Space>
      <ErrorNote error={list.error} />
      <Table<StoredBulletin>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 15, hideOnSinglePage: true }}
        locale={{ emptyText: t('supervision.bulletin.noScheduled') }}
        columns={[
          { title: t('supervision.bulletin.date'), dataIndex: 'date' },
          { title: t('supervision.bulletin.titleCol'), dataIndex: 'title' },
          { title: t('supervision.bulletin.reported'), render: (_, b) => b.summary.reported },
          { title: t('supervision.bulletin.overdue'), render: (_, b) => b.summary.overdue },
          { title: t('supervision.bulletin.generatedAtCol'), dataIndex: 'generatedAt', render: (v: string) => fmtTime(v) },
          {
            title: '',
            render: (_, b) => (
              <Space size={4}>
                {b.pdfUrl ? <Button size="small" icon={<FilePdfOutlined />} href={b.pdfUrl} target="_blank" rel="noopener">PDF</Button> : <Typography.Text type="secondary" title={b.pdfError ?? ''}>—</Typography.Text>}
                <Button size="small" icon={<DownloadOutlined />} href={b.xlsxUrl} download>XLSX</Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
