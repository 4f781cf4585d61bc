import { Button, Form } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { TaskRowFields, type TaskRow } from './TaskRowFields.tsx';

export function TaskRows({ scope, form }: { scope: string; form: ReturnType<typeof Form.useForm<{ tasks: TaskRow[] }>>[0] }) {
  const { t } = useTranslation();
  return (
    <Form.List name="tasks">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f) => <TaskRowFields key={f.key} scope={scope} name={f.name} form={form} onRemove={() => remove(f.name)} />)}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ targetKind: 'grid', inspectorId: null })}>{t('supervision.insp.addTarget')}</Button>
        </>
      )}
    </Form.List>
  );
}
