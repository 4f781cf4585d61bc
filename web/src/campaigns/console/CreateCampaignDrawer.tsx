import type { KeyboardEvent } from 'react';
import { App, Button, Col, DatePicker, Drawer, Form, Input, Row, Select, TimePicker, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { api } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import { useSession } from '../../lib/session.tsx';
import { useApi } from '../../lib/useApi.ts';
import type { NodeView } from '../../../../shared/territory/wire.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import type { CampaignResponse, CreateCampaignBody, PhaseKind } from '../../../../shared/campaigns/wire.ts';
import { PhaseFields } from './PhaseFields.tsx';
import { useCategoryNames } from './useCategoryNames.ts';

/** Roles that may create campaigns (server: campaign.manage). */
const MANAGING_ROLES = new Set(['leader', 'duty_officer']);

/**
 * Enter confirms a typed date or time in the pickers; in this long form it must not also submit it
 * (only the 创建 button does). The picker handles the key first, then this stops the implicit submit.
 */
function noEnterSubmit(e: KeyboardEvent<HTMLFormElement>) {
  if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
}

interface PhaseValues {
  kind: PhaseKind;
  range: [Dayjs, Dayjs];
  sla?: { category: string; value: number }[];
  patrol?: number;
  dailyReport?: boolean;
}

interface CreateValues {
  name: string;
  description?: string;
  territoryCode: string;
  period: [Dayjs, Dayjs];
  eventAt?: Dayjs;
  due?: Dayjs;
  phases: PhaseValues[];
}

/** 新建专项行动: name, territory, period, countdown target, daily report time, phases with multipliers. */
export function CreateCampaignDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const { run, busy, error } = useAction();
  const categories = useCategoryNames(open);
  const units = [...new Map(me.roles.filter((r) => MANAGING_ROLES.has(r.role)).map((r) => [r.scopeCode, r.scopeName ?? r.scopeCode])).entries()];
  // A campaign may cover the whole scope or one unit directly below it (a district event for a city leader).
  const top = useApi<NodeView>(open && units[0] ? `/api/territory/nodes/${units[0][0]}` : null);
  const territoryOptions = [
    ...units.map(([code, name]) => ({ value: code, label: name })),
    ...(top.data?.children ?? []).map((c) => ({ value: c.code, label: `\u3000${c.name}` })),
  ];
  async function submit(v: CreateValues) {
    await run(async () => {
      const body: CreateCampaignBody = {
        name: v.name,
        ...(v.description ? { description: v.description } : {}),
        territoryCode: v.territoryCode,
        startsAt: v.period[0].second(0).format(),
        endsAt: v.period[1].second(0).format(),
        ...(v.eventAt ? { eventAt: v.eventAt.second(0).format() } : {}),
        ...(v.due ? { dailyReportDue: v.due.format('HH:mm') } : {}),
        phases: (v.phases ?? []).map((p) => {
          const sla = Object.fromEntries((p.sla ?? []).filter((r) => r?.category && r.value && r.value !== 1).map((r) => [r.category, r.value]));
          return {
            kind: p.kind,
            startsAt: p.range[0].second(0).format(),
            endsAt: p.range[1].second(0).format(),
            ...(Object.keys(sla).length ? { slaMultipliers: sla } : {}),
            ...(p.patrol && p.patrol !== 1 ? { patrolMultiplier: p.patrol } : {}),
            dailyReport: !!p.dailyReport,
          };
        }),
      };
      const res = await api<CampaignResponse>('/api/campaigns', { method: 'POST', body });
      message.success(t('campaigns.created'));
      form.resetFields();
      onCreated(res.campaign.id);
    });
  }
  return (
    <Drawer open={open} onClose={onClose} size={760} title={t('campaigns.new')} destroyOnHidden>
      <Form form={form} name="campaign-create" layout="vertical" onFinish={(v) => void submit(v)} onKeyDown={noEnterSubmit} initialValues={{ territoryCode: units[0]?.[0], phases: [{ kind: 'preparation' }] }}>
        <Form.Item name="name" label={t('campaigns.form.name')} rules={[{ required: true, whitespace: true, message: t('directives.form.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('campaigns.form.description')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="territoryCode" label={t('campaigns.form.territory')} rules={[{ required: true }]}>
              <Select options={territoryOptions} showSearch={{ optionFilterProp: 'label' }} loading={top.loading} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="due" label={t('campaigns.form.dailyDue')} extra={t('campaigns.form.dailyDueHelp')}>
              <TimePicker format="HH:mm" style={{ width: '100%' }} placeholder="18:00" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} md={14}>
            <Form.Item name="period" label={t('campaigns.form.period')} rules={[{ required: true, message: t('directives.form.required') }]}>
              <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} className="campaign-period" />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="eventAt" label={t('campaigns.form.eventAt')} extra={t('campaigns.form.eventAtHelp')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t('campaigns.form.phases')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
          {t('campaigns.form.phasesHelp')}
        </Typography.Paragraph>
        <PhaseFields categoryOptions={categories.options} />
        <ErrorNote error={error} style={{ marginTop: 12 }} />
        <Button type="primary" htmlType="submit" block loading={busy} style={{ marginTop: 16 }}>
          {t('campaigns.create')}
        </Button>
      </Form>
    </Drawer>
  );
}
