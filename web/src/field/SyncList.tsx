import { Button, Empty, List, Space, Tag, Typography } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined, SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { outbox, type Command, type CommandState, type PostCommandPayload } from '../lib/outbox/index.ts';
import { navigate } from '../lib/router.ts';

const STATE_STYLE: Record<CommandState, { color: string; icon: React.ReactNode }> = {
  queued: { color: 'default', icon: <ClockCircleOutlined /> },
  sending: { color: 'processing', icon: <SyncOutlined spin /> },
  done: { color: 'success', icon: <CheckCircleOutlined /> },
  failed: { color: 'error', icon: <CloseCircleOutlined /> },
};

/** 排队中 / 发送中 / 已同步 / 失败: one command's sync state. */
export function SyncTag({ state }: { state: CommandState }) {
  const { t } = useTranslation();
  const s = STATE_STYLE[state];
  return (
    <Tag color={s.color} icon={s.icon} className={`sync-tag sync-${state}`}>
      {t(`field.sync.states.${state}`)}
    </Tag>
  );
}

/** What a command is, in words: 上报「暴露垃圾」, 自行处置 · 案件号, or 14:05 到达「南门」. */
function title(c: Command, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (c.kind === 'case.report') {
    const p = c.payload as Extract<Command['payload'], { photoShas: string[] }>;
    return t('field.sync.reportTitle', { category: p.label });
  }
  if (c.kind === 'patrol.checkin') {
    // The label names the arrival/departure and the site; the time is when the worker checked in (not when it was queued).
    const p = c.payload as PostCommandPayload;
    return t('patrols.field.syncTitle', { label: p.label, time: dayjs(String(p.body['at'] ?? c.createdAt)).format('HH:mm') });
  }
  if (c.kind !== 'case.action') return (c.payload as PostCommandPayload).label;
  const p = c.payload as Extract<Command['payload'], { caseId: string }>;
  return p.caseNo ? t('field.sync.actionTitle', { action: p.label, caseNo: p.caseNo }) : p.label;
}

/** The outbox as a list: every write with its sync state, the server's reason when it failed. */
export function SyncList({ commands, emptyText }: { commands: Command[]; emptyText?: string }) {
  const { t } = useTranslation();
  if (commands.length === 0) return <Empty description={emptyText ?? t('field.sync.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <List
      className="sync-list"
      dataSource={[...commands].reverse()}
      renderItem={(c) => {
        const description =
          c.kind === 'case.report'
            ? (c.payload as { body: { description: string } }).body.description
            : c.kind === 'patrol.checkin'
              ? `${t('patrols.field.checkinKind')} · ${t((c.payload as PostCommandPayload).body['qr'] ? 'patrols.field.viaQr' : 'patrols.field.viaGps')}`
              : (c.payload as { body: { reason?: string; note?: string } }).body.reason ?? (c.payload as { body: { note?: string } }).body.note ?? '';
        const caseId = c.result?.caseId ?? (c.kind === 'case.action' ? (c.payload as { caseId: string }).caseId : undefined);
        return (
          <List.Item className="sync-item" data-state={c.state} data-command={c.id}>
            <div style={{ width: '100%', minWidth: 0 }}>
              <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
                {/* A check-in's title wraps: the site name is the point of it. */}
                <Typography.Text strong ellipsis={c.kind !== 'patrol.checkin'} style={{ maxWidth: 220 }}>
                  {title(c, t)}
                </Typography.Text>
                <SyncTag state={c.state} />
              </Space>
              {description && (
                <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '4px 0 0' }}>
                  {description}
                </Typography.Paragraph>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {dayjs(c.createdAt).format('MM-DD HH:mm')}
                {c.result?.caseNo ? ` · ${t('field.caseNo')} ${c.result.caseNo}` : ''}
              </Typography.Text>
              {c.state === 'queued' && c.lastError && (
                <Typography.Paragraph type="warning" style={{ margin: '4px 0 0', fontSize: 12 }}>
                  {c.lastErrorCode === 'NETWORK' ? t('field.sync.waitingNetwork') : t('field.sync.willRetry', { reason: c.lastError })}
                </Typography.Paragraph>
              )}
              {c.state === 'failed' && (
                <div role="alert" className="sync-error">
                  <Typography.Paragraph type="danger" style={{ margin: '4px 0' }}>
                    {c.lastError}
                  </Typography.Paragraph>
                  <Space>
                    {c.lastErrorCode !== 'STALE_TRANSITION' && c.lastErrorCode !== 'INVALID_TRANSITION' && (
                      <Button size="small" onClick={() => void outbox().retry(c.id)}>
                        {t('field.sync.retry')}
                      </Button>
                    )}
                    <Button size="small" danger onClick={() => void outbox().discard(c.id)}>
                      {t('field.sync.discard')}
                    </Button>
                  </Space>
                </div>
              )}
              {c.state === 'done' && caseId && (
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => navigate(`/field/cases/${caseId}`)}>
                  {t('field.openCase')}
                </Button>
              )}
            </div>
          </List.Item>
        );
      }}
    />
  );
}
