import { Button, Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import { CopyOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Campaign } from '../../../../shared/campaigns/wire.ts';
import { usePhaseLabel } from '../shared/usePhaseLabel.ts';
import { CampaignStatusTag } from './CampaignStatusTag.tsx';
import { Countdown } from './Countdown.tsx';

/** The dashboard's head: name and status, countdown, current phase, territory, period and daily report time. */
export function CampaignHead({ campaign: c, territoryName, onRefresh, onClone }: { campaign: Campaign; territoryName: string | null; onRefresh: () => void; onClone: ((c: Campaign) => void) | null }) {
  const { t } = useTranslation();
  const phaseLabel = usePhaseLabel();
  return (
    <Card
      size="small"
      className="campaign-head"
      title={
        <Space wrap>
          <span className="campaign-name">{c.name}</span>
          <CampaignStatusTag s={c.status} />
          {c.clonedFrom && <Tag>{t('campaigns.fromTemplate')}</Tag>}
        </Space>
      }
      extra={
        <Space>
          <Button size="small" icon={<ReloadOutlined />} onClick={onRefresh}>
            {t('directives.refresh')}
          </Button>
          {onClone && (
            <Button size="small" icon={<CopyOutlined />} onClick={() => onClone(c)}>
              {t('campaigns.clone')}
            </Button>
          )}
        </Space>
      }
    >
      <Row gutter={[24, 16]}>
        <Col xs={24} md={8}>
          <Countdown target={c.countdown.target} />
        </Col>
        <Col xs={24} md={6}>
          <Typography.Text type="secondary">{t('campaigns.currentPhase')}</Typography.Text>
          <div className="campaign-phase-now">{c.currentPhase ? phaseLabel(c.currentPhase) : '—'}</div>
          {c.currentPhase && <Typography.Text type="secondary">{t('campaigns.until', { at: dayjs(c.currentPhase.endsAt).format('MM-DD HH:mm') })}</Typography.Text>}
        </Col>
        <Col xs={24} md={10}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'territory', label: t('campaigns.form.territory'), children: territoryName ?? c.territoryCode },
              { key: 'period', label: t('campaigns.form.period'), children: `${dayjs(c.startsAt).format('YYYY-MM-DD HH:mm')} ~ ${dayjs(c.endsAt).format('YYYY-MM-DD HH:mm')}` },
              { key: 'due', label: t('campaigns.form.dailyDue'), children: t('campaigns.dailyDuty', { at: c.dailyReportDue }) },
            ]}
          />
        </Col>
      </Row>
      {c.description && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, whiteSpace: 'pre-wrap' }}>
          {c.description}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
