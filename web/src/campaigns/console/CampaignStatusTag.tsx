import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Campaign } from '../../../../shared/campaigns/wire.ts';

/** 进行中 / 未开始 / 已结束. */
export function CampaignStatusTag({ s }: { s: Campaign['status'] }) {
  const { t } = useTranslation();
  return s === 'running' ? <Tag color="green">{t('campaigns.status.running')}</Tag> : s === 'upcoming' ? <Tag color="blue">{t('campaigns.status.upcoming')}</Tag> : <Tag>{t('campaigns.status.ended')}</Tag>;
}
