import { Button, Form, Input, Select, Space, Switch } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** 落实反馈表 editor inside the issue form: label, type (text / number / choice), options, required. */
export function ReplyFormEditor() {
  const { t } = useTranslation();
  return (
    <Form.List name="replyForm">
      {(fields, { add, remove }) => (
        <div style={{ marginTop: 8 }}>
          {fields.map((f) => (
            <Space key={f.key} align="baseline" wrap style={{ display: 'flex', marginBottom: 4 }}>
              <Form.Item name={[f.name, 'label']} rules={[{ required: true, message: t('directives.form.required') }]}>
                <Input placeholder={t('directives.form.fieldLabel')} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name={[f.name, 'type']} initialValue="text">
                <Select
                  style={{ width: 100 }}
                  options={[
                    { value: 'text', label: t('directives.form.typeText') },
                    { value: 'number', label: t('directives.form.typeNumber') },
                    { value: 'choice', label: t('directives.form.typeChoice') },
                  ]}
                />
              </Form.Item>
              <Form.Item name={[f.name, 'options']}>
                <Input placeholder={t('directives.form.fieldOptions')} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name={[f.name, 'required']} valuePropName="checked">
                <Switch checkedChildren={t('directives.form.fieldRequired')} unCheckedChildren={t('directives.form.fieldOptional')} />
              </Form.Item>
              <Button size="small" onClick={() => remove(f.name)}>
                {t('directives.form.removeField')}
              </Button>
            </Space>
          ))}
          <Button size="small" icon={<PlusOutlined />} onClick={() => add({ type: 'text' })}>
            {t('directives.form.addField')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
