import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api.ts';
import { useAction } from '../../../lib/useAction.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { validated } from '../../shared/format.ts';
import type { Decision } from './accountabilityUi.tsx';

/** 确认 (measure: 提醒/通报批评/移交, reason optional) or 免责 (written reason, ≥ 4 characters). */
export function DecisionModal({ value, onClose, onDone }: { value: Decision | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ measure?: string; reason?: string }>();
  const { run, busy, error } = useAction();
  const waive = value?.decision === 'waive';
  const submit = async () => {
    if (!value) return;
    const v = await validated(form);
    if (!v) return;
    await run(async () => {
      const reason = v.reason?.trim() || undefined;
      await api(`/api/accountability/${value.record.id}/decision`, { method: 'POST', body: waive ? { decision: 'waive', reason } : { decision: 'confirm', measure: v.measure, reason } });
      message.success(t(waive ? 'supervision.acc.waivedDone' : 'supervision.acc.confirmedDone'));
      onClose();
      onDone();
    });
  };
  return (
    <Modal open={!!value} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} destroyOnHidden title={t(waive ? 'supervision.acc.waiveTitle' : 'supervision.acc.confirmTitle')} okText={t('supervision.confirm')} cancelText={t('supervision.cancel')}>
      <Typography.Paragraph>{value?.record.summary}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ measure: 'reminder' }}>
        {!waive && (
          <Form.Item name="measure" label={t('supervision.acc.measureLabel')} rules={[{ required: true }]}>
            <Select
              options={[
                { value: 'reminder', label: t('supervision.acc.measure.reminder') },
                { value: 'criticism', label: t('supervision.acc.measure.criticism') },
                { value: 'referral', label: t('supervision.acc.measure.referral') },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('supervision.acc.reason')} rules={waive ? [{ required: true, whitespace: true, min: 4, message: t('supervision.acc.reasonRequired') }] : []}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
      <ErrorNote error={error} />
    </Modal>
  );
}
