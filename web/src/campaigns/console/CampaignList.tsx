import { useState } from 'react';
import { Button, Card, Empty, Space, Table, Typography } from 'antd';
import { CopyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { navigate } from '../../lib/router.ts';
import { useSession } from '../../lib/session.tsx';
import { useApi } from '../../lib/useApi.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import type { Campaign, CampaignList as CampaignListResponse } from '../../../../shared/campaigns/wire.ts';
import { usePhaseLabel } from '../shared/usePhaseLabel.ts';
import { CampaignStatusTag } from './CampaignStatusTag.tsx';
import { CloneModal } from './CloneModal.tsx';
import { CreateCampaignDrawer } from './CreateCampaignDrawer.tsx';

/** 专项行动列表: status, current phase, period and countdown of each; create, clone as a template. */
export function CampaignList() {
  const { t } = useTranslation();
  const phaseLabel = usePhaseLabel();
  const { me } = useSession();
  const [open, setOpen] = useState(false);
  const [cloning, setCloning] = useState<Campaign | null>(null);
  const list = useApi<CampaignListResponse>('/api/campaigns');
  const canManage = me.actions.includes('campaign.manage');
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('campaigns.menu')}
        </Typography.Title>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('directives.refresh')} />
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
              {t('campaigns.new')}
            </Button>
          )}
        </Space>
      </Space>
      <ErrorNote error={list.error} />
      <Card size="small">
        <Table<Campaign>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          className="campaign-list"
          locale={{ emptyText: <Empty description={t('campaigns.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          onRow={(r) => ({ onClick: () => navigate(`/console/campaigns/${r.id}`), className: 'campaign-row-click' })}
          columns={[
            { key: 'name', title: t('campaigns.form.name'), render: (_, r) => <a href={`/console/campaigns/${r.id}`} onClick={(e) => e.preventDefault()}>{r.name}</a> },
            { key: 'status', title: t('campaigns.statusTitle'), width: 90, render: (_, r) => <CampaignStatusTag s={r.status} /> },
            { key: 'phase', title: t('campaigns.currentPhase'), width: 120, render: (_, r) => (r.currentPhase ? phaseLabel(r.currentPhase) : '—') },
            { key: 'period', title: t('campaigns.form.period'), width: 250, render: (_, r) => `${dayjs(r.startsAt).format('YYYY-MM-DD HH:mm')} ~ ${dayjs(r.endsAt).format('MM-DD HH:mm')}` },
            { key: 'countdown', title: t('campaigns.countdownTitle'), width: 130, render: (_, r) => (r.countdown.secondsLeft > 0 ? t('campaigns.daysLeft', { n: Math.ceil(r.countdown.secondsLeft / 86400) }) : '—') },
            {
              key: 'clone',
              title: '',
              width: 90,
              render: (_, r) =>
                canManage ? (
                  <Button
                    size="small"
                    icon={<CopyOutlined />}
                    onClick={(e) => {
                      e.stopPropagation();
                      setCloning(r);
                    }}
                  >
                    {t('campaigns.cloneShort')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <CreateCampaignDrawer
        open={open}
        onClose={() => setOpen(false)}
        onCreated={(id) => {
          setOpen(false);
          navigate(`/console/campaigns/${id}`);
        }}
      />
      <CloneModal campaign={cloning} onClose={() => setCloning(null)} />
    </div>
  );
}
