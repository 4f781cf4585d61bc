import { Button, Card, Progress, Table } from 'antd';
import { NotificationOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { navigate } from '../../lib/router.ts';
import type { Dashboard } from '../../../../shared/campaigns/wire.ts';

/** 相关指令: directives linked to the campaign with reached / signed / reported inside the unit; issue a new one. */
export function LinkedDirectivesCard({ campaignId, directives, canIssue }: { campaignId: string; directives: Dashboard['directives']; canIssue: boolean }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      className="campaign-directives"
      title={t('campaigns.directives')}
      extra={
        canIssue ? (
          <Button size="small" icon={<NotificationOutlined />} onClick={() => navigate(`/console/directives?campaign=${campaignId}`)}>
            {t('campaigns.issueDirective')}
          </Button>
        ) : null
      }
    >
      <Table
        rowKey="id"
        size="small"
        dataSource={directives}
        pagination={false}
        scroll={{ x: 600 }}
        locale={{ emptyText: t('campaigns.noDirectives') }}
        onRow={(r) => ({ onClick: () => navigate(`/console/directives/${r.id}`), className: 'campaign-row-click' })}
        columns={[
          { key: 'title', title: t('directives.form.title'), render: (_, r) => <a onClick={(e) => e.preventDefault()}>{r.title}</a> },
          { key: 'reached', title: t('directives.rollup.reached'), dataIndex: 'reached', width: 90, align: 'right', className: 'directive-reached' },
          { key: 'signed', title: t('directives.rollup.signed'), dataIndex: 'signed', width: 90, align: 'right', className: 'directive-signed' },
          { key: 'pct', title: t('directives.rollup.signedPct'), width: 160, render: (_, r) => <Progress percent={r.signedPct} size="small" /> },
          { key: 'reported', title: t('campaigns.reportedCount'), dataIndex: 'reported', width: 90, align: 'right' },
          { key: 'sign', title: t('directives.form.signDeadline'), width: 130, render: (_, r) => (r.signDeadline ? dayjs(r.signDeadline).format('MM-DD HH:mm') : '—') },
        ]}
      />
    </Card>
  );
}
