import { useEffect, useState } from 'react';
import { Button, Card, Descriptions, Input, Steps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { api } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { usePick } from '../../i18n/usePick.ts';
import type { PublicCaseStatus as PublicStatus } from '../../../../shared/cases/wire.ts';

// The resident's view of the closed loop: four steps, whatever the internal state.
const STEP_OF: Record<string, number> = { reported: 0, filed: 1, dispatched: 1, in_handling: 2, suspended: 2, handled: 2, verified: 3, closed: 3, evaluated: 3, rejected: 3, voided: 3 };

/** 查询进度: the tracking code → status and a plain timeline. */
export function TrackPage() {
  const { t } = useTranslation();
  const pick = usePick();
  const [code, setCode] = useState(() => new URLSearchParams(window.location.search).get('code') ?? '');
  const [status, setStatus] = useState<PublicStatus | null>(null);
  const { run, busy, error } = useAction();

  async function lookup(value: string) {
    const c = value.trim().toUpperCase();
    if (!c) return;
    setStatus(null);
    await run(async () => setStatus(await api<PublicStatus>(`/api/public/cases/${encodeURIComponent(c)}`)));
  }

  // Arriving from the submission page (?code=…): look it up at once.
  useEffect(() => {
    if (code) void lookup(code);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const step = status ? (STEP_OF[status.state] ?? 0) : 0;
  const ended = status && (status.state === 'rejected' || status.state === 'voided');
  return (
    <div style={{ maxWidth: 640 }}>
      <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
        {t('public.menu.track')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('public.track.help')}</Typography.Paragraph>
      <Input.Search
        size="large"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        onSearch={(v) => void lookup(v)}
        enterButton={<Button type="primary" loading={busy}>{t('public.track.lookup')}</Button>}
        placeholder={t('public.track.placeholder')}
        aria-label={t('public.report.trackingCode')}
        maxLength={20}
      />
      <ErrorNote error={error} style={{ marginTop: 12 }} />
      {status && (
        <Card style={{ marginTop: 16 }} title={`${t('public.report.trackingCode')} ${status.trackingCode}`} extra={<Tag color={status.closedAt ? 'green' : 'blue'}>{pick(status.stateName)}</Tag>} role="status">
          <Steps
            orientation="vertical"
            size="small"
            current={step}
            status={ended ? 'error' : status.closedAt ? 'finish' : 'process'}
            items={[
              { title: t('public.track.steps.received'), content: dayjs(status.reportedAt).format('YYYY-MM-DD HH:mm') },
              { title: t('public.track.steps.assigned') },
              { title: t('public.track.steps.handling') },
              { title: ended ? pick(status.stateName) : t('public.track.steps.closed'), content: status.closedAt ? dayjs(status.closedAt).format('YYYY-MM-DD HH:mm') : undefined },
            ]}
          />
          <Descriptions
            column={1}
            size="small"
            style={{ marginTop: 12 }}
            items={[
              { key: 'no', label: t('public.track.caseNo'), children: status.caseNo },
              { key: 'state', label: t('public.track.state'), children: pick(status.stateName) },
              { key: 'updated', label: t('public.track.updatedAt'), children: dayjs(status.updatedAt).format('YYYY-MM-DD HH:mm') },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
