import { App, Button, Card, Form, Input, List, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { api } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import type { AddSupplementBody, AddSupplementResponse, Directive } from '../../../../shared/directives/wire.ts';
import { useIssuingUnits } from './useIssuingUnits.ts';

/** 补充要求: a unit on the way down adds its own requirements. */
export function Supplements({ directive, onAdded }: { directive: Directive; onAdded: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ unitCode: string; body: string }>();
  const { run, error } = useAction();
  const units = useIssuingUnits();
  return (
    <Card size="small" title={t('directives.supplements')}>
      <List
        size="small"
        dataSource={directive.supplements}
        locale={{ emptyText: t('directives.noSupplements') }}
        renderItem={(s) => (
          <List.Item>
            <List.Item.Meta title={`${s.authorName} · ${s.unitCode} · ${dayjs(s.createdAt).format('MM-DD HH:mm')}`} description={<span style={{ whiteSpace: 'pre-wrap' }}>{s.body}</span>} />
          </List.Item>
        )}
      />
      {units.length > 0 && (
        <Form
          form={form}
          layout="vertical"
          style={{ marginTop: 8 }}
          initialValues={{ unitCode: units[0]?.[0] }}
          onFinish={(v) =>
            void run(async () => {
              await api<AddSupplementResponse>(`/api/directives/${directive.id}/supplements`, { method: 'POST', body: { unitCode: v.unitCode, body: v.body } satisfies AddSupplementBody });
              message.success(t('directives.supplementAdded'));
              form.resetFields(['body']);
              onAdded();
            })
          }
        >
          <Form.Item name="unitCode" label={t('directives.supplementUnit')}>
            <Select options={units.map(([code, name]) => ({ value: code, label: name }))} />
          </Form.Item>
          <Form.Item name="body" label={t('directives.supplementBody')} rules={[{ required: true, whitespace: true, message: t('directives.form.required') }]}>
            <Input.TextArea rows={3} maxLength={10000} />
          </Form.Item>
          <ErrorNote error={error} style={{ marginBottom: 8 }} />
          <Button htmlType="submit">{t('directives.addSupplement')}</Button>
        </Form>
      )}
    </Card>
  );
}
