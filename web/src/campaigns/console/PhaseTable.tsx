import { Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Campaign, Phase } from '../../../../shared/campaigns/wire.ts';
import { usePhaseLabel } from '../shared/usePhaseLabel.ts';
import { SlaTags } from './SlaTags.tsx';

/** 阶段安排: each phase with its dates, SLA multipliers by category, patrol multiplier and daily report duty. */
export function PhaseTable({ campaign, categoryName }: { campaign: Campaign; categoryName: (code: string) => string }) {
  const { t } = useTranslation();
  const phaseLabel = usePhaseLabel();
  return (
    <Table<Phase>
      rowKey="id"
      size="small"
      className="phase-table"
      dataSource={campaign.phases}
      pagination={false}
      scroll={{ x: 760 }}
      rowClassName={(p) => (campaign.currentPhase?.id === p.id ? 'phase-current' : '')}
      columns={[
        {
          key: 'phase',
          title: t('campaigns.phaseTitle'),
          width: 150,
          render: (_, p) => (
            <Space size={4}>
              <span>{phaseLabel(p)}</span>
              {campaign.currentPhase?.id === p.id && <Tag color="purple">{t('campaigns.now')}</Tag>}
            </Space>
          ),
        },
        { key: 'range', title: t('campaigns.form.phaseRange'), width: 230, render: (_, p) => `${dayjs(p.startsAt).format('MM-DD HH:mm')} ~ ${dayjs(p.endsAt).format('MM-DD HH:mm')}` },
        { key: 'sla', title: t('campaigns.form.slaMultiplier'), render: (_, p) => <SlaTags phase={p} name={categoryName} /> },
        { key: 'patrol', title: t('campaigns.form.patrolMultiplier'), width: 140, render: (_, p) => (p.patrolMultiplier && p.patrolMultiplier !== 1 ? `×${p.patrolMultiplier}` : '—') },
        { key: 'daily', title: t('campaigns.form.dailyReport'), width: 150, render: (_, p) => (p.dailyReport ? t('campaigns.dailyDuty', { at: campaign.dailyReportDue }) : '—') },
      ]}
    />
  );
}
