import { useEffect, useState } from 'react';
import { App, Button, Col, DatePicker, Drawer, Form, Input, Radio, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { api } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import { useApi } from '../../lib/useApi.ts';
import type { NodeView } from '../../../../shared/territory/wire.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { usePick } from '../../i18n/usePick.ts';
import { ROLE_NAMES, ROLES, type Role } from '../../../../shared/access/roles.ts';
import type { CampaignList } from '../../../../shared/campaigns/wire.ts';
import type { IssueDirectiveBody, IssueDirectiveResponse, Priority, ReplyFormField } from '../../../../shared/directives/wire.ts';
import { PriorityLabel } from '../shared/PriorityTag.tsx';
import { ReplyFormEditor } from './ReplyFormEditor.tsx';
import { useIssuingUnits } from './useIssuingUnits.ts';

interface IssueValues {
  title: string;
  body: string;
  issuingUnit: string;
  priority: Priority;
  signDeadline?: Dayjs;
  reportDeadline?: Dayjs;
  remindAt?: Dayjs;
  target: 'all' | 'units' | 'roles';
  targetUnits?: string[];
  targetRoles?: Role[];
  campaignId?: string;
  replyForm?: { label: string; type: ReplyFormField['type']; required?: boolean; options?: string }[];
}

/** 下发通知: title, body, priority, deadlines, targets (all units below / chosen units / roles), optional reply form. */
export function IssueDrawer({ open, onClose, onIssued, campaignId }: { open: boolean; onClose: () => void; onIssued: (id: string) => void; campaignId?: string }) {
  const { t } = useTranslation();
  const pick = usePick();
  const { message } = App.useApp();
  const [form] = Form.useForm<IssueValues>();
  const { run, busy, error } = useAction();
  // One key per opening of the form: a double click or a retry after a lost answer issues once.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const units = useIssuingUnits();
  const issuingUnit = Form.useWatch('issuingUnit', form) ?? units[0]?.[0];
  const target = Form.useWatch('target', form) ?? 'all';
  const node = useApi<NodeView>(open && issuingUnit ? `/api/territory/nodes/${issuingUnit}` : null);
  const campaigns = useApi<CampaignList>(open ? '/api/campaigns' : null);

  useEffect(() => {
    if (open) setKey(crypto.randomUUID());
  }, [open]);

  async function submit(v: IssueValues) {
    await run(async () => {
      const replyForm = (v.replyForm ?? []).filter((f) => f.label?.trim()).map((f, i) => ({
        key: `f${i + 1}`,
        label: f.label.trim(),
        type: f.type,
        ...(f.required ? { required: true } : {}),
        ...(f.type === 'choice' ? { options: (f.options ?? '').split(/[,，、\n]/).map((o) => o.trim()).filter(Boolean) } : {}),
      }));
      const body: IssueDirectiveBody = {
        title: v.title,
        body: v.body,
        issuingUnit: v.issuingUnit,
        priority: v.priority,
        ...(v.signDeadline ? { signDeadline: v.signDeadline.format() } : {}),
        ...(v.reportDeadline ? { reportDeadline: v.reportDeadline.format() } : {}),
        ...(v.remindAt ? { remindAt: v.remindAt.format() } : {}),
        ...(v.target === 'units' && v.targetUnits?.length ? { targetUnits: v.targetUnits } : {}),
        ...(v.target === 'roles' && v.targetRoles?.length ? { targetRoles: v.targetRoles } : {}),
        ...(v.campaignId ? { campaignId: v.campaignId } : {}),
        ...(replyForm.length ? { replyForm } : {}),
      };
      const data = await api<IssueDirectiveResponse>('/api/directives', { method: 'POST', body, idempotencyKey: key });
      message.success(t('directives.issued', { n: data.directive.deliveredCount }));
      form.resetFields();
      onIssued(data.directive.id);
    });
  }

  return (
    <Drawer open={open} onClose={onClose} size={640} title={t('directives.issueTitle')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ priority: 'normal', target: 'all', issuingUnit: units[0]?.[0], ...(campaignId ? { campaignId } : {}) }}>
        <Form.Item name="title" label={t('directives.form.title')} rules={[{ required: true, whitespace: true, message: t('directives.form.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="body" label={t('directives.form.body')} rules={[{ required: true, whitespace: true, message: t('directives.form.required') }]}>
          <Input.TextArea rows={6} maxLength={20000} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="issuingUnit" label={t('directives.form.issuingUnit')} rules={[{ required: true }]}>
              <Select options={units.map(([code, name]) => ({ value: code, label: name }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="priority" label={t('directives.form.priority')}>
              <Radio.Group optionType="button" options={(['normal', 'urgent', 'critical'] as const).map((p) => ({ value: p, label: <PriorityLabel p={p} /> }))} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="signDeadline" label={t('directives.form.signDeadline')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="reportDeadline" label={t('directives.form.reportDeadline')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="remindAt" label={t('directives.form.remindAt')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="target" label={t('directives.form.target')}>
          <Radio.Group
            options={[
              { value: 'all', label: t('directives.form.targetAll') },
              { value: 'units', label: t('directives.form.targetUnits') },
              { value: 'roles', label: t('directives.form.targetRoles') },
            ]}
          />
        </Form.Item>
        {target === 'units' && (
          <Form.Item name="targetUnits" label={t('directives.form.chooseUnits')} rules={[{ required: true, message: t('directives.form.required') }]}>
            <Select mode="multiple" loading={node.loading} optionFilterProp="label" options={(node.data?.children ?? []).map((c) => ({ value: c.code, label: c.name }))} />
          </Form.Item>
        )}
        {target === 'roles' && (
          <Form.Item name="targetRoles" label={t('directives.form.chooseRoles')} rules={[{ required: true, message: t('directives.form.required') }]}>
            <Select mode="multiple" options={ROLES.filter((r) => r !== 'admin').map((r) => ({ value: r, label: pick(ROLE_NAMES[r]) }))} />
          </Form.Item>
        )}
        <Form.Item name="campaignId" label={t('directives.form.campaign')}>
          <Select allowClear options={(campaigns.data?.items ?? []).filter((c) => c.status !== 'ended').map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Typography.Text strong>{t('directives.form.replyForm')}</Typography.Text>
        <ReplyFormEditor />
        <ErrorNote error={error} style={{ marginTop: 12 }} />
        <Button type="primary" htmlType="submit" loading={busy} block style={{ marginTop: 16 }}>
          {t('directives.issue')}
        </Button>
      </Form>
    </Drawer>
  );
}
