import { useState } from 'react';
import { Button, Card, Col, Empty, Row, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../../../lib/api.ts';
import { useApi } from '../../../lib/useApi.ts';
import type { AfterActionReview as Aar } from '../../../../../shared/reports/wire.ts';
import type { CampaignList } from '../../../../../shared/campaigns/wire.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { fmtTime } from '../../../cases/console/caseUi.tsx';
import { fmtRate } from '../../../lib/format.ts';

/** 总结评估: pick a campaign, read its after-action review, open the PDF or download the XLSX. */
export function AfterActionReview() {
  const { t } = useTranslation();
  const campaigns = useApi<CampaignList>('/api/campaigns');
  const [campaign, setCampaign] = useState<string | null>(null);
  const aar = useApi<Aar>(campaign ? `/api/reports/aar${queryString({ campaign })}` : null);
  const q = queryString({ campaign });
  const a = aar.data;
  const fmt = (unit: 'count' | 'rate', v: number | null) => (unit === 'rate' ? fmtRate(v) : v ?? '—');
  const deltaText = (k: Aar['kpiDeltas'][number]) => {
    if (k.delta === null) return <>—</>;
    const good = k.delta === 0 ? null : (k.delta > 0) !== !!k.lowerIsBetter;
    const text = k.unit === 'rate' ? `${k.delta >= 0 ? '+' : ''}${(k.delta * 100).toFixed(1)} pp` : `${k.delta >= 0 ? '+' : ''}${k.delta}`;
    return <Typography.Text type={good === null ? undefined : good ? 'success' : 'danger'}>{text}</Typography.Text>;
  };
  return (
    <Card size="small" className="aar">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select placeholder={t('supervision.aar.chooseCampaign')} style={{ minWidth: 260 }} value={campaign ?? undefined} onChange={(v) => setCampaign(v)} options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        {a && (
          <>
            <Button icon={<FilePdfOutlined />} href={`/api/reports/aar.pdf${q}`} target="_blank" rel="noopener" className="aar-pdf">{t('supervision.bulletin.openPdf')}</Button>
            <Button icon={<DownloadOutlined />} href={`/api/reports/aar.xlsx${q}`} download className="aar-xlsx">{t('supervision.bulletin.downloadXlsx')}</Button>
          </>
        )}
      </Space>
      <ErrorNote error={campaigns.error ?? aar.error} />
      {!campaign && <Empty description={t('supervision.aar.hint')} />}
      {a && (
        <div>
          <Typography.Title level={4}>{a.title}</Typography.Title>
          <Typography.Text type="secondary">{a.campaign.territoryName} · {fmtTime(a.period.during.from)} – {fmtTime(a.period.during.to)} · {t('supervision.aar.comparedWith', { from: fmtTime(a.period.before.from) })}</Typography.Text>
          <Row gutter={[16, 16]} style={{ marginTop: 12 }}>
            <Col xs={24} lg={12}>
              <Typography.Title level={5}>{t('supervision.aar.kpis')}</Typography.Title>
              <Table rowKey="key" size="small" pagination={false} dataSource={a.kpiDeltas} columns={[
                { title: t('supervision.aar.metric'), dataIndex: 'labelZh' },
                { title: t('supervision.aar.before'), render: (_, k) => fmt(k.unit, k.before) },
                { title: t('supervision.aar.during'), render: (_, k) => fmt(k.unit, k.during) },
                { title: t('supervision.aar.delta'), render: (_, k) => deltaText(k) },
              ]} />
            </Col>
            <Col xs={24} lg={12}>
              <Typography.Title level={5}>{t('supervision.aar.timeline')}</Typography.Title>
              {a.timeline.length === 0 ? <Empty /> : <Timeline items={a.timeline.slice(0, 40).map((e) => ({ color: e.kind === 'case_escalated' || e.kind === 'accountability' ? 'red' : e.kind.startsWith('phase') ? 'blue' : 'gray', children: <><Typography.Text type="secondary">{fmtTime(e.at)}</Typography.Text> {e.title}{e.detail ? <Typography.Text type="secondary"> — {e.detail}</Typography.Text> : null}</> }))} />}
            </Col>
            <Col xs={24} md={12} lg={8}>
              <Typography.Title level={5}>{t('supervision.aar.hotGrids')}</Typography.Title>
              <Table rowKey="code" size="small" pagination={false} dataSource={a.hotspots.grids} columns={[{ title: t('supervision.aar.grid'), dataIndex: 'name' }, { title: t('supervision.aar.during'), dataIndex: 'during' }, { title: t('supervision.aar.before'), dataIndex: 'before' }]} />
            </Col>
            <Col xs={24} md={12} lg={8}>
              <Typography.Title level={5}>{t('supervision.aar.hotCategories')}</Typography.Title>
              <Table rowKey="code" size="small" pagination={false} dataSource={a.hotspots.categories} columns={[{ title: t('supervision.bulletin.category'), dataIndex: 'name' }, { title: t('supervision.aar.during'), dataIndex: 'during' }, { title: t('supervision.aar.before'), dataIndex: 'before' }]} />
            </Col>
            <Col xs={24} md={12} lg={8}>
              <Typography.Title level={5}>{t('supervision.aar.weakest')}</Typography.Title>
              <Table rowKey="key" size="small" pagination={false} dataSource={a.weakestUnits.rows} columns={[{ title: t('supervision.aar.unit'), dataIndex: 'name' }, { title: t('supervision.aar.score'), dataIndex: 'score' }, { title: t('supervision.eval.component.onTime'), dataIndex: 'onTime', render: (v: number | null) => fmtRate(v) }]} />
            </Col>
            <Col xs={24} md={12} lg={8}>
              <Typography.Title level={5}>{t('supervision.aar.accountability', { n: a.accountability.total })}</Typography.Title>
              <Table rowKey="kind" size="small" pagination={false} dataSource={a.accountability.byKind} columns={[{ title: t('supervision.aar.kind'), dataIndex: 'labelZh' }, { title: t('supervision.aar.total'), dataIndex: 'total' }, { title: t('supervision.aar.confirmed'), dataIndex: 'confirmed' }, { title: t('supervision.aar.waived'), dataIndex: 'waived' }]} />
            </Col>
            <Col xs={24} lg={16}>
              <Typography.Title level={5}>{t('supervision.aar.followups', { n: a.followups.total, overdue: a.followups.overdue, verified: a.followups.verified })}</Typography.Title>
              <Table rowKey="id" size="small" pagination={false} dataSource={a.followups.items} columns={[
                { title: t('supervision.followup.title'), dataIndex: 'title' },
                { title: t('supervision.followup.owner'), render: (_, f) => `${f.owner.name}${f.ownerUnit.name ? ` · ${f.ownerUnit.name}` : ''}` },
                { title: t('supervision.followup.dueAt'), dataIndex: 'dueAt', render: (v: string, f) => <Space size={4}>{fmtTime(v)}{f.overdue && <Tag color="red">{t('supervision.followup.overdue')}</Tag>}</Space> },
                { title: t('supervision.followup.stateLabel'), dataIndex: 'state', render: (v: string) => t(`supervision.followup.state.${v}`) },
              ]} />
            </Col>
          </Row>
        </div>
      )}
    </Card>
  );
}
