import { Button, Card, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { api } from '../../lib/api.ts';
import { useApi } from '../../lib/useApi.ts';
import type { NotificationList } from '../../../../shared/cases/wire.ts';

/**
 * 巡逻缺失提醒: the duty officer's unread alerts from the patrol-gap scan (a key site's window ended
 * without a visit meeting its dosage), each marked read once handled. Hidden when there are none.
 */
export function GapAlerts() {
  const { t } = useTranslation();
  const inbox = useApi<NotificationList>('/api/notifications?unread=1&limit=200');
  const alerts = (inbox.data?.notifications ?? []).filter((n) => n.kind === 'patrol.gap');
  if (alerts.length === 0) return null;
  async function markRead(id: string) {
    await api(`/api/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' }).catch(() => undefined);
    inbox.reload();
  }
  return (
    <Card size="small" className="patrol-gap-alerts" title={t('patrols.console.gapAlerts', { n: alerts.length })} style={{ marginTop: 12 }} styles={{ header: { background: '#fff1f0' } }}>
      <List
        size="small"
        dataSource={alerts.slice(0, 20)}
        renderItem={(n) => (
          <List.Item key={n.id} data-notification={n.id} actions={[<Button key="read" size="small" type="link" onClick={() => void markRead(n.id)}>{t('patrols.console.markRead')}</Button>]}>
            <div style={{ minWidth: 0 }}>
              <Typography.Text strong>{n.title}</Typography.Text>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {dayjs(n.createdAt).format('MM-DD HH:mm')} · {n.body}
                </Typography.Text>
              </div>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
