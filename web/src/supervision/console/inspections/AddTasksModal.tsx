import { Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api.ts';
import { useAction } from '../../../lib/useAction.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { validated } from '../../shared/format.ts';
import { ServerMessage } from './inspectionUi.tsx';
import { TaskRows } from './TaskRows.tsx';
import type { TaskRow } from './TaskRowFields.tsx';

export function AddTasksModal({ planId, scope, onClose, onDone }: { planId: string; scope: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ tasks: TaskRow[] }>();
  const { run, busy, error } = useAction();
  const submit = async () => {
    const v = await validated(form);
    if (!v || !v.tasks?.length) return;
    await run(async () => {
      await api(`/api/inspections/plans/${planId}/tasks`, { method: 'POST', body: { tasks: v.tasks.map((x) => ({ targetKind: x.targetKind, targetId: x.targetId, inspectorId: x.inspectorId ?? null })) } });
      onDone();
    });
  };
  return (
    <Modal open onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} title={t('supervision.insp.addTasks')} width={760} destroyOnHidden okText={t('supervision.confirm')} cancelText={t('supervision.cancel')}>
      <Form form={form} initialValues={{ tasks: [{ targetKind: 'grid', inspectorId: null }] }}>
        <TaskRows scope={scope} form={form} />
      </Form>
      <ErrorNote error={error} style={{ marginTop: 8 }} />
      <ServerMessage error={error} />
    </Modal>
  );
}
