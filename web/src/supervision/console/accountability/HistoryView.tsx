import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Button, Card, DatePicker, Segmented, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../../../lib/api.ts';
import { useApi } from '../../../lib/useApi.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import type { AccountabilityHistoryResponse, AccountabilityHistoryRow } from '../../../../../shared/supervision/wire.ts';
import type { HistoryBy } from './accountabilityUi.tsx';
import { HistoryCellDrawer } from './HistoryCellDrawer.tsx';

/**
 * 台账: per person, grid or department and month — records (confirmed in red, waived, pending) as a
 * small bar per month; a cell opens the records behind it.
 */
export function HistoryView({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const [by, setBy] = useState<HistoryBy>('person');
  const [months, setMonths] = useState<[Dayjs, Dayjs]>([dayjs().subtract(5, 'month').startOf('month'), dayjs().startOf('month')]);
  const from = months[0].startOf('month').format('YYYY-MM-DD');
  const to = months[1].add(1, 'month').startOf('month').format('YYYY-MM-DD');
  const history = useApi<AccountabilityHistoryResponse>(scope ? `/api/accountability/history${queryString({ scope, by, from, to })}` : null);
  const [cell, setCell] = useState<{ key: string; name: string; month: string | null } | null>(null);
  const monthList: string[] = [];
  for (let m = months[0].startOf('month'); !m.isAfter(months[1], 'month'); m = m.add(1, 'month')) monthList.push(m.format('YYYY-MM'));
  const rows = history.data?.rows ?? [];
  const people = new Map<string, { key: string; name: string; total: number; confirmed: number; byMonth: Map<string, AccountabilityHistoryRow> }>();
  for (const r of rows) {
    const p = people.get(r.key) ?? { key: r.key, name: r.name, total: 0, confirmed: 0, byMonth: new Map() };
    p.total += r.total;
    p.confirmed += Object.values(r.confirmed).reduce((a, b) => a + b, 0);
    p.byMonth.set(r.month, r);
    people.set(r.key, p);
  }
  const data = [...people.values()].sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : 1));
  const max = Math.max(1, ...rows.map((r) => r.total));

  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={by}
          onChange={(v) => setBy(v as HistoryBy)}
          options={(['person', 'unit', 'department'] as const).map((b) => ({ value: b, label: t(`supervision.acc.by.${b}`) }))}
        />
        <DatePicker.RangePicker picker="month" value={months} allowClear={false} onChange={(v) => v && v[0] && v[1] && setMonths([v[0], v[1]])} />
      </Space>
      <ErrorNote error={history.error} />
      <Table
        rowKey="key"
        size="small"
        loading={history.loading}
        dataSource={data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        className="accountability-history"
        columns={[
          { title: t(`supervision.acc.by.${by}`), dataIndex: 'name', fixed: 'left' as const },
          ...monthList.map((month) => ({
            title: month,
            key: month,
            align: 'center' as const,
            render: (_: unknown, p: (typeof data)[number]) => {
              const r = p.byMonth.get(month);
              if (!r) return <Typography.Text type="secondary">·</Typography.Text>;
              const confirmed = Object.values(r.confirmed).reduce((a, b) => a + b, 0);
              const kinds = Object.entries(r.kinds).map(([k, n]) => `${t(`supervision.acc.kind.${k}`, { defaultValue: k })} ${n}`).join('，');
              return (
                <Button type="link" className="supervision-drill history-cell" title={kinds} onClick={() => setCell({ key: p.key, name: p.name, month })}>
                  <span className="history-bar" aria-hidden>
                    <span className="history-bar-confirmed" style={{ width: `${(confirmed / max) * 48}px` }} />
                    <span className="history-bar-pending" style={{ width: `${(r.pending / max) * 48}px` }} />
                    <span className="history-bar-waived" style={{ width: `${(r.waived / max) * 48}px` }} />
                  </span>
                  <span>{r.total}</span>
                </Button>
              );
            },
          })),
          { title: t('supervision.acc.total'), dataIndex: 'total', render: (v: number, p: (typeof data)[number]) => <Button type="link" className="supervision-drill" onClick={() => setCell({ key: p.key, name: p.name, month: null })}><strong>{v}</strong></Button> },
          { title: t('supervision.acc.state.confirmed'), dataIndex: 'confirmed', render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : 0) },
        ]}
      />
      <Space size="large" style={{ marginTop: 8 }} className="history-legend">
        <span><span className="history-bar-confirmed history-swatch" /> {t('supervision.acc.state.confirmed')}</span>
        <span><span className="history-bar-pending history-swatch" /> {t('supervision.acc.state.pending')}</span>
        <span><span className="history-bar-waived history-swatch" /> {t('supervision.acc.state.waived')}</span>
      </Space>
      <HistoryCellDrawer scope={scope} by={by} cell={cell} range={{ from, to }} onClose={() => setCell(null)} />
    </Card>
  );
}
