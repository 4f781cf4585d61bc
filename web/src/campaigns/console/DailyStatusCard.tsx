import { Alert, Card, Col, List, Progress, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { DailyStatus } from '../../../../shared/campaigns/wire.ts';

const RED = '#cf1322';

/** 今日日报: expected / reported / 零报告 / missing grids, the escalation state, and the reports with incidents. */
export function DailyStatusCard({ daily }: { daily: DailyStatus }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('campaigns.daily.title', { date: daily.date })} className="daily-status">
      {!daily.dutyDay ? (
        <Typography.Text type="secondary">{t('campaigns.daily.noDuty')}</Typography.Text>
      ) : (
        <>
          <Row gutter={16}>
            <Col span={6}>
              <Statistic title={t('campaigns.daily.expected')} value={daily.expected} className="daily-expected" />
            </Col>
            <Col span={6}>
              <Statistic title={t('campaigns.daily.reported')} value={daily.reported} className="daily-reported" />
            </Col>
            <Col span={6}>
              <Statistic title={t('campaigns.daily.zero')} value={daily.zeroReports} className="daily-zero" />
            </Col>
            <Col span={6}>
              <Statistic title={t('campaigns.daily.missing')} value={daily.missingCount} className="daily-missing" styles={{ content: { color: daily.missingCount > 0 ? RED : undefined } }} />
            </Col>
          </Row>
          <Progress percent={daily.expected ? Math.round((daily.reported / daily.expected) * 1000) / 10 : 0} style={{ marginTop: 8 }} />
          <div className="daily-escalation">
            {daily.escalation ? (
              <Alert type="error" showIcon title={t('campaigns.daily.escalated', { at: dayjs(daily.escalation.at).format('HH:mm'), n: daily.escalation.missing })} />
            ) : daily.pastDue && daily.missingCount > 0 ? (
              <Alert type="warning" showIcon title={t('campaigns.daily.pastDue', { at: dayjs(daily.dueAt).format('HH:mm') })} />
            ) : (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('campaigns.daily.due', { at: dayjs(daily.dueAt).format('HH:mm') })}
              </Typography.Text>
            )}
          </div>
          {daily.missing.length > 0 ? (
            <List
              size="small"
              className="missing-grids"
              header={<Typography.Text strong>{t('campaigns.daily.missingList', { shown: daily.missing.length, n: daily.missingCount })}</Typography.Text>}
              dataSource={daily.missing}
              style={{ maxHeight: 260, overflow: 'auto' }}
              renderItem={(g) => (
                <List.Item data-grid={g.gridCode}>
                  <span>{g.name}</span> <Typography.Text type="secondary">{g.gridCode}</Typography.Text>
                </List.Item>
              )}
            />
          ) : (
            daily.expected > 0 && <Alert type="success" showIcon style={{ marginTop: 8 }} title={t('campaigns.daily.allIn')} />
          )}
          {daily.incidents.length > 0 && (
            <List
              size="small"
              className="daily-incidents"
              header={<Typography.Text strong>{t('campaigns.daily.incidentsTitle')}</Typography.Text>}
              dataSource={daily.incidents}
              renderItem={(r) => (
                <List.Item data-grid={r.gridCode}>
                  <div style={{ minWidth: 0 }}>
                    <Space wrap size={4}>
                      <Typography.Text strong>{r.name}</Typography.Text>
                      <Tag color="orange">{t('campaigns.daily.incidentCount', { n: r.incidentCount })}</Tag>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.reporterName} · {dayjs(r.reportedAt).format('HH:mm')}
                      </Typography.Text>
                    </Space>
                    <div style={{ whiteSpace: 'pre-wrap' }}>{r.summary}</div>
                  </div>
                </List.Item>
              )}
            />
          )}
        </>
      )}
    </Card>
  );
}
