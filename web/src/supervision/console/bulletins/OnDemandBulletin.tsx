import dayjs from 'dayjs';
import { useState } from 'react';
import { Button, Card, Col, DatePicker, Empty, Row, Segmented, Space, Statistic, Table, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../../../lib/api.ts';
import { useAction } from '../../../lib/useAction.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { fmtTime, StateTag } from '../../../cases/console/caseUi.tsx';
import { chinaDate, fmtRate } from '../../../lib/format.ts';
import type { Bulletin } from '../../../../../shared/reports/wire.ts';

/** Generate the daily or weekly bulletin on demand, read it here, open the PDF, download the XLSX. */
export function OnDemandBulletin({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'daily' | 'weekly'>('daily');
  const [date, setDate] = useState(chinaDate(new Date()));
  const [bulletin, setBulletin] = useState<Bulletin | null>(null);
  const { run, busy, error } = useAction();
  const q = queryString({ kind, date, scope });

  const generate = async () => {
    await run(() =>
      api<Bulletin>(`/api/reports/bulletin${q}`).then(setBulletin, (err: unknown) => {
        setBulletin(null);
        throw err;
      }),
    );
  };
  const rates: Partial<Bulletin['kpis']['total']['rates']> = bulletin?.kpis.total.rates ?? {};

  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented value={kind} onChange={(v) => { setKind(v as typeof kind); setBulletin(null); }} options={[{ value: 'daily', label: t('supervision.bulletin.daily') }, { value: 'weekly', label: t('supervision.bulletin.weekly') }]} />
        <DatePicker value={dayjs(date)} allowClear={false} onChange={(d) => { if (d) { setDate(d.format('YYYY-MM-DD')); setBulletin(null); } }} />
        <Button type="primary" onClick={() => void generate()} loading={busy}>
          {t('supervision.bulletin.generate')}
        </Button>
        {bulletin && (
          <>
            <Button icon={<FilePdfOutlined />} href={`/api/reports/bulletin.pdf${q}`} target="_blank" rel="noopener" className="bulletin-pdf">
              {t('supervision.bulletin.openPdf')}
            </Button>
            <Button icon={<DownloadOutlined />} href={`/api/reports/bulletin.xlsx${q}`} download className="bulletin-xlsx">
              {t('supervision.bulletin.downloadXlsx')}
            </Button>
          </>
        )}
      </Space>
      <ErrorNote error={error} />
      {!bulletin && !error && <Empty description={t('supervision.bulletin.hint')} />}
      {bulletin && (
        <div className="bulletin">
          <Typography.Title level={4}>
            {bulletin.title} · {bulletin.date}
          </Typography.Title>
          <Typography.Text type="secondary">{t('supervision.bulletin.generatedAt', { at: fmtTime(bulletin.generatedAt) })}</Typography.Text>
          <Row gutter={[16, 16]} style={{ marginTop: 12 }} className="supervision-figures">
            <Col xs={12} md={6}><Statistic title={t('supervision.bulletin.reported')} value={bulletin.summary.reported} /></Col>
            <Col xs={12} md={6}><Statistic title={t('supervision.bulletin.closed')} value={bulletin.summary.closed} /></Col>
            <Col xs={12} md={6}><Statistic title={t('supervision.bulletin.open')} value={bulletin.summary.open} /></Col>
            <Col xs={12} md={6}><Statistic title={t('supervision.bulletin.overdue')} value={bulletin.summary.overdue} valueStyle={bulletin.summary.overdue ? { color: '#cf1322' } : undefined} /></Col>
            <Col xs={12} md={6}><Statistic title={t('supervision.eval.component.closure')} value={fmtRate(rates['closure'])} /></Col>
            <Col xs={12} md={6}><Statistic title={t('supervision.eval.component.onTime')} value={fmtRate(rates['onTime'])} /></Col>
            <Col xs={12} md={6}><Statistic title={t('supervision.eval.component.patrolCompliance')} value={fmtRate(bulletin.patrol.rate)} /></Col>
            <Col xs={12} md={6}><Statistic title={t('supervision.eval.component.dailyReport')} value={fmtRate(bulletin.dailyReports.rate)} /></Col>
          </Row>
          <Row gutter={16} style={{ marginTop: 16 }}>
            <Col xs={24} lg={8}>
              <Typography.Title level={5}>{t('supervision.bulletin.topIssues')}</Typography.Title>
              <Table rowKey="code" size="small" pagination={false} dataSource={bulletin.topIssues} columns={[{ title: t('supervision.bulletin.category'), dataIndex: 'name' }, { title: t('supervision.bulletin.count'), dataIndex: 'count' }]} />
            </Col>
            <Col xs={24} lg={16}>
              <Typography.Title level={5}>{t('supervision.bulletin.overdueList')}</Typography.Title>
              <Table
                rowKey="caseNo"
                size="small"
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                dataSource={bulletin.overdue}
                scroll={{ x: true }}
                columns={[
                  { title: t('supervision.spot.caseNo'), dataIndex: 'caseNo' },
                  { title: t('supervision.spot.caseState'), dataIndex: 'state', render: (v: string) => <StateTag state={v} /> },
                  { title: t('supervision.bulletin.dueAt'), dataIndex: 'dueAt', render: (v: string) => fmtTime(v) },
                  { title: t('supervision.bulletin.department'), dataIndex: 'department', render: (v: string | null) => v ?? '—' },
                  { title: t('supervision.bulletin.description'), dataIndex: 'description' },
                ]}
              />
            </Col>
          </Row>
          {bulletin.directives.length > 0 && (
            <>
              <Typography.Title level={5}>{t('supervision.bulletin.directives')}</Typography.Title>
              <Table rowKey="title" size="small" pagination={false} dataSource={bulletin.directives} columns={[{ title: t('supervision.bulletin.directive'), dataIndex: 'title' }, { title: t('supervision.bulletin.signed'), render: (_, d) => `${d.signed}/${d.delivered}` }]} />
            </>
          )}
        </div>
      )}
    </Card>
  );
}
