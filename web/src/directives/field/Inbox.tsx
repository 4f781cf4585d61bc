import { Alert, Badge, Card, Empty, List, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { navigate } from '../../lib/router.ts';
import { useSession } from '../../lib/session.tsx';
import { useOnline, useOutbox } from '../../lib/outbox/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { isDutyDay } from '../../../../shared/campaigns/dutyDay.ts';
import type { CampaignList } from '../../../../shared/campaigns/wire.ts';
import type { Inbox as InboxResponse } from '../../../../shared/directives/wire.ts';
import { chinaDay } from '../../../../shared/time/china.ts';
import { DailyReportCard } from '../../campaigns/field/DailyReportCard.tsx';
import { pendingFor } from '../offline.ts';
import { PriorityTag } from '../shared/PriorityTag.tsx';
import { NoticeStatusTag } from './NoticeStatusTag.tsx';
import { useRemembered } from './useRemembered.ts';

/** 我的通知 on the phone: today's daily report cards for my grid, then every notice that reached me. */
export function Inbox() {
  const { t } = useTranslation();
  const { me } = useSession();
  const online = useOnline();
  const commands = useOutbox();
  const done = commands.filter((c) => c.state === 'done').length;
  const inbox = useRemembered<InboxResponse>('/api/directives/inbox', 'inbox', `${online}-${done}`);
  const campaigns = useRemembered<CampaignList>('/api/campaigns', 'campaigns', online);
  const gridCode = me.roles.find((r) => r.scopeLevel === 'grid' && (r.role === 'grid_worker' || r.role === 'grid_leader'))?.scopeCode ?? null;
  const today = chinaDay(Date.now());
  const duty = gridCode ? (campaigns.data?.items ?? []).filter((c) => c.status === 'running' && isDutyDay(c.phases, today)) : [];
  // One row per directive (a person holding two roles gets two deliveries of the same directive).
  const items = [...new Map((inbox.data?.items ?? []).map((i) => [i.id, i])).values()];

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {(inbox.offline || !online) && <Alert type="warning" showIcon title={t('directives.field.offlineData')} />}
      {gridCode && duty.map((c) => <DailyReportCard key={c.id} campaign={c} gridCode={gridCode} />)}
      <Card size="small" title={t('directives.field.inbox')}>
        <ErrorNote error={inbox.error} />
        {inbox.loading && !inbox.data ? (
          <Skeleton active />
        ) : items.length === 0 ? (
          <Empty description={t('directives.field.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <List
            className="notice-list"
            dataSource={items}
            renderItem={(i) => {
              const pendingSign = pendingFor(commands, i.id).some((c) => c.kind === 'directive.sign');
              const late = !i.signedAt && i.signDeadline !== null && Date.parse(i.signDeadline) < Date.now();
              return (
                <List.Item className="notice-item" data-directive={i.id} onClick={() => navigate(`/field/notices/${i.id}`)} style={{ cursor: 'pointer' }}>
                  <div style={{ width: '100%', minWidth: 0 }}>
                    <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
                      <Typography.Text strong className="notice-title">
                        {!i.signedAt && !pendingSign && <Badge status="processing" />} {i.title}
                      </Typography.Text>
                      <NoticeStatusTag signed={!!i.signedAt} pendingSign={pendingSign} reported={!!i.reportedAt} />
                    </Space>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      <PriorityTag p={i.priority} hideNormal />
                      {i.issuerName} · {dayjs(i.createdAt).format('MM-DD HH:mm')}
                      {i.signDeadline && !i.signedAt && (
                        <span style={late ? { color: '#cf1322' } : undefined}>
                          {' · '}
                          {t('directives.field.signBy', { at: dayjs(i.signDeadline).format('MM-DD HH:mm') })}
                        </span>
                      )}
                    </Typography.Text>
                  </div>
                </List.Item>
              );
            }}
          />
        )}
      </Card>
    </Space>
  );
}
