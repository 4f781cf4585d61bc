import { useState } from 'react';
import { Button, Card, DatePicker, Space, Statistic, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useApi } from '../../lib/useApi.ts';
import type { Compliance } from '../../../../shared/patrols/wire.ts';
import { SLOT_COLOR, pct, clock } from './format.ts';

/** 达标情况: per site and window, planned slots vs what check-ins delivered, for a local day. */
export function ComplianceView({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const [date, setDate] = useState<Dayjs>(dayjs());
  const data = useApi<Compliance>(`/api/patrols/compliance?scope=${encodeURIComponent(scope)}&date=${date.format('YYYY-MM-DD')}`);
  const c = data.data;
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker aria-label={t('patrols.console.date')} value={date} allowClear={false} onChange={(d) => d && setDate(d)} />
        <Button onClick={data.reload}>{t('patrols.console.refresh')}</Button>
      </Space>
      <ErrorNote error={data.error} style={{ marginBottom: 12 }} />
      {c && (
        <Space wrap size="large" style={{ marginBottom: 12 }}>
          <Statistic title={t('patrols.console.complianceRate')} value={pct(c.compliance)} />
          <Statistic title={t('patrols.console.slotsMet')} value={`${c.slotsMet} / ${c.slotsDue}`} />
          <Statistic title={t('patrols.console.siteCount')} value={c.sites.length} />
        </Space>
      )}
      <Table
        className="patrol-compliance"
        size="small"
        rowKey="siteId"
        loading={data.loading}
        dataSource={c?.sites ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('patrols.console.site'), dataIndex: 'name' },
          { title: t('patrols.console.risk'), dataIndex: 'riskLevel', render: (r: number) => t(`patrols.risk.${r}`) },
          { title: t('patrols.console.slotsMet'), key: 'met', render: (_: unknown, s: Compliance['sites'][number]) => `${s.slotsMet} / ${s.slotsDue}` },
          { title: t('patrols.console.visits'), dataIndex: 'visits' },
          { title: t('patrols.console.minutesPresent'), dataIndex: 'minutesPresent', render: (m: number) => Math.round(m) },
          {
            title: t('patrols.console.windows'),
            key: 'slots',
            render: (_: unknown, s: Compliance['sites'][number]) => (
              <Space size={[4, 4]} wrap style={{ maxWidth: 560 }}>
                {s.slots.map((x) => (
                  <Tag key={x.start} color={SLOT_COLOR[x.status]} title={t(`patrols.slot.${x.status}`)} data-status={x.status}>
                    {clock(x.start, false)}–{clock(x.end, true)} {t(`patrols.slot.${x.status}`)}
                    {x.dwellMinutes !== null ? ` ${Math.round(x.dwellMinutes)}′` : ''}
                  </Tag>
                ))}
              </Space>
            ),
          },
        ]}
      />
      {c && c.workers.length > 0 && (
        <Card size="small" title={t('patrols.console.workersTitle')} style={{ marginTop: 12 }}>
          <Table
            size="small"
            rowKey="workerId"
            pagination={false}
            dataSource={c.workers}
            columns={[
              { title: t('patrols.console.worker'), dataIndex: 'workerId', render: (id: string, w: Compliance['workers'][number]) => w.name ?? id },
              { title: t('patrols.console.visits'), dataIndex: 'visits' },
              { title: t('patrols.console.minutesOnSite'), dataIndex: 'minutesOnSite' },
              { title: t('patrols.console.distance'), dataIndex: 'distanceMeters', render: (m: number) => `${(m / 1000).toFixed(2)} km` },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
