import { Button, Form, InputNumber, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** A phase's SLA multipliers (时限系数) in the create form: category (or * for all) and factor, one row each. */
export function SlaRules({ phase, options }: { phase: number; options: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  return (
    <Form.List name={[phase, 'sla']}>
      {(rules, ops) => (
        <div style={{ marginTop: 4 }}>
          {rules.map((r) => (
            <Space key={r.key} align="baseline" wrap style={{ display: 'flex' }} className="sla-rule">
              <Form.Item name={[r.name, 'category']} rules={[{ required: true, message: t('directives.form.required') }]} style={{ marginBottom: 8 }}>
                <Select style={{ width: 260 }} showSearch={{ optionFilterProp: 'label' }} options={options} placeholder={t('campaigns.form.slaCategory')} aria-label={t('campaigns.form.slaCategory')} />
              </Form.Item>
              <Form.Item name={[r.name, 'value']} rules={[{ required: true, message: t('directives.form.required') }]} style={{ marginBottom: 8 }}>
                <InputNumber min={0.1} max={10} step={0.1} prefix="×" style={{ width: 110 }} aria-label={t('campaigns.form.slaValue')} />
              </Form.Item>
              <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => ops.remove(r.name)} aria-label={t('directives.form.removeField')} />
            </Space>
          ))}
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => ops.add({ value: 0.5 })}>
            {t('campaigns.form.addSla')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
