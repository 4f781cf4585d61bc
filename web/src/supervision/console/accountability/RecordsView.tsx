import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { App, Button, Card, DatePicker, Segmented, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../../../lib/api.ts';
import { useAction } from '../../../lib/useAction.ts';
import { useApi } from '../../../lib/useApi.ts';
import { useSession } from '../../../lib/session.tsx';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import type { AccountabilityGenerateResponse, AccountabilityListResponse, AccountabilityRecord } from '../../../../../shared/supervision/wire.ts';
import { leadColumns, RecordStateTag, type Decision } from './accountabilityUi.tsx';
import { RecordDrawer } from './RecordDrawer.tsx';
import { DecisionModal } from './DecisionModal.tsx';

/** Records by state: generate from the data, confirm with a measure or waive with a reason; a row opens its detail. */
export function RecordsView({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const decide = me.actions.includes('accountability.decide');
  const [state, setState] = useState<'pending' | 'confirmed' | 'waived' | 'all'>('pending');
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(29, 'day'), dayjs()]);
  const list = useApi<AccountabilityListResponse>(scope ? `/api/accountability${queryString({ scope, state: state === 'all' ? null : state })}` : null);
  const { run, busy, error } = useAction();
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [open, setOpen] = useState<AccountabilityRecord | null>(null);

  const generate = async () => {
    await run(async () => {
      const out = await api<AccountabilityGenerateResponse>('/api/accountability/generate', { method: 'POST', body: { scope, from: range[0].format('YYYY-MM-DD'), to: range[1].add(1, 'day').format('YYYY-MM-DD') } });
      message.success(t('supervision.acc.generated', { n: out.total }));
      list.reload();
    });
  };

  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={state}
          onChange={(v) => setState(v as typeof state)}
          options={[
            { value: 'pending', label: t('supervision.acc.state.pending') },
            { value: 'confirmed', label: t('supervision.acc.state.confirmed') },
            { value: 'waived', label: t('supervision.acc.state.waived') },
            { value: 'all', label: t('supervision.acc.all') },
          ]}
        />
        {decide && (
          <>
            <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} />
            <Button type="primary" onClick={() => void generate()} loading={busy}>
              {t('supervision.acc.generate')}
            </Button>
          </>
        )}
      </Space>
      <ErrorNote error={error ?? list.error} />
      <Table<AccountabilityRecord>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.records ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        className="accountability-records"
        columns={[
          ...leadColumns(t, setOpen, 'supervision-drill accountability-open'),
          { title: t('supervision.acc.person'), dataIndex: 'personName', render: (v: string | null) => v ?? '—' },
          { title: t('supervision.acc.unit'), dataIndex: 'unitName', render: (v: string | undefined, r) => [v ?? r.unitCode, r.departmentName].filter(Boolean).join(' · ') },
          {
            title: t('supervision.acc.stateCol'),
            dataIndex: 'state',
            render: (_: string, r) => (
              <Space direction="vertical" size={0}>
                <RecordStateTag record={r} />
                {r.reason && <Typography.Text type="secondary">{r.reason}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: '',
            key: 'decide',
            render: (_, r) =>
              decide && r.state === 'pending' ? (
                <Space>
                  <Button size="small" danger onClick={() => setDeciding({ record: r, decision: 'confirm' })}>{t('supervision.acc.confirm')}</Button>
                  <Button size="small" onClick={() => setDeciding({ record: r, decision: 'waive' })}>{t('supervision.acc.waive')}</Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <RecordDrawer
        record={open}
        onClose={() => setOpen(null)}
        onDecide={decide ? (record, decision) => setDeciding({ record, decision }) : undefined}
      />
      <DecisionModal
        value={deciding}
        onClose={() => setDeciding(null)}
        onDone={() => {
          setOpen(null);
          list.reload();
        }}
      />
    </Card>
  );
}
