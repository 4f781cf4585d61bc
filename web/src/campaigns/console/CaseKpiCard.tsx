import { Card, Col, List, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { navigate } from '../../lib/router.ts';
import type { Dashboard } from '../../../../shared/campaigns/wire.ts';

const RED = '#cf1322';

/** 案件情况 since the campaign start inside the unit: total / closed / open / overdue, and the most overdue cases. */
export function CaseKpiCard({ cases, topOverdue, categoryName }: { cases: Dashboard['cases']; topOverdue: Dashboard['topOverdue']; categoryName: (code: string) => string }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('campaigns.cases.title')} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('campaigns.cases.since', { at: dayjs(cases.from).format('MM-DD HH:mm') })}</Typography.Text>}>
      <Row gutter={16}>
        <Col span={6}>
          <Statistic title={t('campaigns.cases.total')} value={cases.total} />
        </Col>
        <Col span={6}>
          <Statistic title={t('campaigns.cases.closed')} value={cases.closed} />
        </Col>
        <Col span={6}>
          <Statistic title={t('campaigns.cases.open')} value={cases.open} />
        </Col>
        <Col span={6}>
          <Statistic title={t('campaigns.cases.overdue')} value={cases.overdue} styles={{ content: { color: cases.overdue > 0 ? RED : undefined } }} />
        </Col>
      </Row>
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('campaigns.cases.topOverdue')}
      </Typography.Title>
      <List
        size="small"
        dataSource={topOverdue}
        locale={{ emptyText: t('campaigns.cases.noneOverdue') }}
        renderItem={(x) => (
          <List.Item onClick={() => navigate(`/console/cases/${x.id}`)} style={{ cursor: 'pointer' }}>
            <Typography.Text ellipsis style={{ maxWidth: '100%' }}>
              <a onClick={(e) => e.preventDefault()}>{x.caseNo}</a> · {categoryName(x.categoryCode)} · {x.description} · <span style={{ color: RED }}>{t('campaigns.cases.dueAt', { at: dayjs(x.stageDueAt).format('MM-DD HH:mm') })}</span>
            </Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
