import { Alert, App, Button, Card, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { ApiError } from '../../lib/api.ts';
import { navigate } from '../../lib/router.ts';
import { useOnline, useOutbox } from '../../lib/outbox/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import type { DirectiveView } from '../../../../shared/directives/wire.ts';
import { pendingFor, queueSign } from '../offline.ts';
import { PriorityTag } from '../shared/PriorityTag.tsx';
import { NoticeStatusTag } from './NoticeStatusTag.tsx';
import { ReportCard } from './ReportCard.tsx';
import { useRemembered } from './useRemembered.ts';

/** Roles whose holders report implementation (落实反馈) for their unit (server: directive.report). */
const REPORTING_ROLES = new Set(['grid_leader', 'leader', 'duty_officer']);

/** One notice on the phone: text and supplements, 签收 (queued offline), and the 落实反馈 card for responsible people. */
export function NoticeDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const commands = useOutbox();
  const online = useOnline();
  const done = commands.filter((c) => c.state === 'done').length;
  const view = useRemembered<DirectiveView>(`/api/directives/${id}`, `directive.${id}`, `${online}-${done}`);
  const pending = pendingFor(commands, id);
  const failed = commands.filter((c) => c.state === 'failed' && (c.payload as { ref?: string }).ref === id);

  if (view.loading && !view.data) return <Skeleton active />;
  if (!view.data) return <ErrorNote error={view.error ?? new ApiError(0, 'NETWORK', 'offline')} />;
  const { directive: d, myDeliveries } = view.data;
  const signed = myDeliveries.length > 0 && myDeliveries.every((x) => x.signedAt);
  const pendingSign = pending.some((c) => c.kind === 'directive.sign');
  const pendingReport = pending.some((c) => c.kind === 'directive.report');
  const reporting = myDeliveries.filter((x) => REPORTING_ROLES.has(x.role));
  const reported = reporting.length > 0 && reporting.every((x) => x.reportedAt);

  async function sign() {
    await queueSign(id, t('directives.field.signLabel', { title: d.title }));
    message.success(navigator.onLine ? t('directives.field.signSent') : t('directives.field.signQueued'));
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {(view.offline || !online) && <Alert type="warning" showIcon title={t('directives.field.offlineData')} />}
      <Button type="link" style={{ padding: 0 }} onClick={() => navigate('/field/notices')}>
        {t('directives.field.back')}
      </Button>
      <Card size="small" title={<span className="notice-detail-title">{d.title}</span>} extra={<NoticeStatusTag signed={signed} pendingSign={pendingSign} reported={reported} />}>
        <Space wrap size={4} style={{ marginBottom: 8 }}>
          <PriorityTag p={d.priority} hideNormal />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {d.issuer.name} · {dayjs(d.createdAt).format('YYYY-MM-DD HH:mm')}
          </Typography.Text>
        </Space>
        <Typography.Paragraph className="notice-body" style={{ whiteSpace: 'pre-wrap' }}>
          {d.body}
        </Typography.Paragraph>
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
          {d.signDeadline && t('directives.field.signBy', { at: dayjs(d.signDeadline).format('MM-DD HH:mm') })}
          {d.reportDeadline && ` · ${t('directives.field.reportBy', { at: dayjs(d.reportDeadline).format('MM-DD HH:mm') })}`}
        </Typography.Text>
        {d.supplements.length > 0 && (
          <div className="notice-supplements">
            {d.supplements.map((s) => (
              <Alert key={s.id} type="info" style={{ marginTop: 8 }} title={t('directives.supplementBy', { name: s.authorName })} description={<span style={{ whiteSpace: 'pre-wrap' }}>{s.body}</span>} />
            ))}
          </div>
        )}
      </Card>
      {failed.map((c) => (
        <Alert key={c.id} type="error" showIcon title={(c.payload as { label: string }).label} description={c.lastError} />
      ))}
      {!signed && !pendingSign && (
        <Button type="primary" size="large" block onClick={() => void sign()} className="notice-sign">
          {t('directives.field.sign')}
        </Button>
      )}
      {pendingSign && <Alert type="warning" showIcon title={t('directives.field.signQueued')} />}
      {signed && (
        <Alert type="success" showIcon title={t('directives.field.signedAt', { at: dayjs(myDeliveries.map((x) => x.signedAt!).sort()[0]).format('MM-DD HH:mm') })} />
      )}
      {reporting.length > 0 && <ReportCard directive={d} reporting={reporting} reported={reported} pendingReport={pendingReport} />}
    </Space>
  );
}
