import { Alert, App, Button, Card, Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Directive, MyDelivery } from '../../../../shared/directives/wire.ts';
import { queueReport } from '../offline.ts';

interface ReportValues {
  text: string;
  unitCode?: string;
  answers?: Record<string, string | number>;
}

/**
 * 落实反馈 on the phone, for the responsible person of the units the notice reached: the reply form's
 * fields and a text, queued through the outbox (sent now when online, replayed later when not).
 */
export function ReportCard({ directive: d, reporting, reported, pendingReport }: { directive: Directive; reporting: MyDelivery[]; reported: boolean; pendingReport: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportValues>();
  const units = [...new Set(reporting.map((x) => x.unitCode))];

  async function report(v: ReportValues) {
    const answers = Object.fromEntries(Object.entries(v.answers ?? {}).filter(([, a]) => a !== undefined && a !== null && a !== ''));
    await queueReport(d.id, t('directives.field.reportLabel', { title: d.title }), {
      text: v.text.trim(),
      ...(v.unitCode ? { unitCode: v.unitCode } : units.length > 1 ? { unitCode: units[0]! } : {}),
      ...(Object.keys(answers).length ? { answers } : {}),
    });
    message.success(navigator.onLine ? t('directives.field.sent') : t('directives.field.queued'));
    form.resetFields();
  }

  return (
    <Card size="small" title={t('directives.field.reportTitle')}>
      {reported && (
        <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('directives.field.reportedAt', { at: dayjs(reporting.map((x) => x.reportedAt!).sort()[0]).format('MM-DD HH:mm') })} description={reporting[0]?.reportText} />
      )}
      {pendingReport ? (
        <Alert type="warning" showIcon title={t('directives.field.queued')} />
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => void report(v)}>
          {units.length > 1 && (
            <Form.Item name="unitCode" label={t('directives.field.forUnit')} initialValue={units[0]}>
              <Select options={units.map((u) => ({ value: u, label: u }))} />
            </Form.Item>
          )}
          {(d.replyForm ?? [])
            .filter((f) => f.type !== 'photo')
            .map((f) => (
              <Form.Item key={f.key} name={['answers', f.key]} label={f.label} rules={f.required ? [{ required: true, message: t('directives.field.required') }] : []}>
                {f.type === 'number' ? <InputNumber style={{ width: '100%' }} /> : f.type === 'choice' ? <Select options={(f.options ?? []).map((o) => ({ value: o, label: o }))} /> : <Input />}
              </Form.Item>
            ))}
          <Form.Item name="text" label={t('directives.field.reportText')} rules={[{ required: true, whitespace: true, message: t('directives.field.required') }]}>
            <Input.TextArea rows={4} maxLength={10000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block>
            {reported ? t('directives.field.reportAgain') : t('directives.field.submitReport')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
