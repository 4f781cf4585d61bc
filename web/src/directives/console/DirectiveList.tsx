import { useState } from 'react';
import { Button, Card, Empty, Space, Table, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { navigate } from '../../lib/router.ts';
import { useSession } from '../../lib/session.tsx';
import { useApi } from '../../lib/useApi.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import type { Directive, DirectiveList as DirectiveListResponse } from '../../../../shared/directives/wire.ts';
import { PriorityTag } from '../shared/PriorityTag.tsx';
import { IssueDrawer } from './IssueDrawer.tsx';

/** 本辖区下发的指令: the issuing side's list, newest first, and the 下发通知 button. */
export function DirectiveList() {
  const { t } = useTranslation();
  const { me } = useSession();
  // /console/directives?campaign=<id> (from a campaign dashboard) opens the form linked to that campaign.
  const [campaignId] = useState(() => new URLSearchParams(window.location.search).get('campaign') ?? undefined);
  const [open, setOpen] = useState(() => !!campaignId);
  const list = useApi<DirectiveListResponse>('/api/directives?limit=100');
  const canIssue = me.actions.includes('directive.issue');
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('directives.menu')}
        </Typography.Title>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('directives.refresh')} />
          {canIssue && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
              {t('directives.new')}
            </Button>
          )}
        </Space>
      </Space>
      <ErrorNote error={list.error} />
      <Card size="small">
        <Table<Directive>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(r) => ({ onClick: () => navigate(`/console/directives/${r.id}`), className: 'rollup-row-click' })}
          locale={{ emptyText: <Empty description={t('directives.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          scroll={{ x: 720 }}
          columns={[
            { key: 'title', title: t('directives.form.title'), render: (_, r) => <a href={`/console/directives/${r.id}`} onClick={(e) => e.preventDefault()}>{r.title}</a> },
            { key: 'priority', title: t('directives.form.priority'), width: 90, render: (_, r) => <PriorityTag p={r.priority} /> },
            { key: 'issuer', title: t('directives.issuer'), width: 140, render: (_, r) => r.issuer.name },
            { key: 'delivered', title: t('directives.delivered'), width: 90, align: 'right', render: (_, r) => r.deliveredCount },
            { key: 'sign', title: t('directives.form.signDeadline'), width: 130, render: (_, r) => (r.signDeadline ? dayjs(r.signDeadline).format('MM-DD HH:mm') : '—') },
            { key: 'created', title: t('directives.createdAt'), width: 130, render: (_, r) => dayjs(r.createdAt).format('MM-DD HH:mm') },
          ]}
        />
      </Card>
      <IssueDrawer
        open={open}
        campaignId={campaignId}
        onClose={() => setOpen(false)}
        onIssued={(id) => {
          setOpen(false);
          navigate(`/console/directives/${id}`);
        }}
      />
    </div>
  );
}
