import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Space, Tag, Typography } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useOutbox } from '../../lib/outbox/index.ts';
import type { Campaign, DailyStatusResponse } from '../../../../shared/campaigns/wire.ts';
import { chinaDay } from '../../../../shared/time/china.ts';
import { pendingFor, queueDailyReport } from '../../directives/offline.ts';
import { useRemembered } from '../../directives/field/useRemembered.ts';
import { usePhaseLabel } from '../shared/usePhaseLabel.ts';
import '../campaigns.css';

/** 今日日报: one card per running campaign that has a daily report duty today for my grid. */
export function DailyReportCard({ campaign, gridCode }: { campaign: Campaign; gridCode: string }) {
  const { t } = useTranslation();
  const phaseLabel = usePhaseLabel();
  const { message } = App.useApp();
  const commands = useOutbox();
  const today = chinaDay(Date.now());
  const ref = `${campaign.id}:${today}`;
  const pending = pendingFor(commands, ref);
  const done = commands.filter((c) => c.kind === 'campaign.dailyReport' && c.state === 'done' && (c.payload as { ref: string }).ref === ref).length;
  const status = useRemembered<DailyStatusResponse>(`/api/campaigns/${campaign.id}/daily-reports/status?date=${today}&unit=${gridCode}`, `daily.${ref}`, done);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ incidentCount?: number; summary: string }>();
  const reported = status.data ? status.data.expected > 0 && status.data.missingCount === 0 : false;
  const filed = status.data?.incidents.find((r) => r.gridCode === gridCode) ?? null;

  async function file(nothingToReport: boolean, values?: { incidentCount?: number; summary: string }) {
    await queueDailyReport(campaign.id, t('directives.field.dailyLabel', { name: campaign.name }), {
      gridCode,
      date: today,
      nothingToReport,
      ...(values?.incidentCount !== undefined && values.incidentCount !== null ? { incidentCount: values.incidentCount } : {}),
      ...(values?.summary ? { summary: values.summary.trim() } : {}),
    });
    message.success(navigator.onLine ? t('directives.field.sent') : t('directives.field.queued'));
    setOpen(false);
    form.resetFields();
  }

  return (
    <Card size="small" className="daily-card" data-campaign={campaign.id} title={t('directives.field.dailyTitle')} extra={campaign.currentPhase ? <Tag color="purple">{phaseLabel(campaign.currentPhase)}</Tag> : null}>
      <Typography.Text strong className="daily-campaign">
        {campaign.name}
      </Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: '4px 0 12px' }}>
        {t('directives.field.dailyDue', { date: today, due: campaign.dailyReportDue })}
      </Typography.Paragraph>
      {pending.length > 0 ? (
        <Tag color="gold" icon={<ClockCircleOutlined />}>{t('directives.field.dailyPending')}</Tag>
      ) : reported ? (
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Tag color="green" icon={<CheckCircleOutlined />} className="daily-done">
            {filed ? t('directives.field.dailyDoneIncidents', { n: filed.incidentCount }) : status.data?.zeroReports ? t('directives.field.dailyDoneZero') : t('directives.field.dailyDone')}
          </Tag>
          {filed?.summary && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{filed.summary}</Typography.Paragraph>}
          <Button size="small" type="link" style={{ padding: 0 }} onClick={() => setOpen(!open)}>
            {t('directives.field.dailyAgain')}
          </Button>
        </Space>
      ) : (
        <>
          <Space wrap>
            <Button type="primary" size="large" onClick={() => void file(true)}>
              {t('directives.field.zeroReport')}
            </Button>
            <Button size="large" onClick={() => setOpen(!open)}>
              {t('directives.field.incidents')}
            </Button>
          </Space>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('directives.field.dailyHint')}
          </Typography.Paragraph>
        </>
      )}
      {open && (
        <Form form={form} layout="vertical" style={{ marginTop: 12 }} onFinish={(v) => void file(false, v)}>
          <Form.Item name="incidentCount" label={t('directives.field.incidentCount')}>
            <InputNumber min={0} max={100000} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="summary" label={t('directives.field.summary')} rules={[{ required: true, whitespace: true, message: t('directives.field.summaryRequired') }]}>
            <Input.TextArea rows={3} maxLength={10000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block>
            {t('directives.field.submitDaily')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
