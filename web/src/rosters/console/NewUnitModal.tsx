import { Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { api } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import type { CreatedUnit } from '../../../../shared/rosters/wire.ts';

/** 新建值班单位 on the current scope: a name and a kind; default rules (11 h rest, 6 days, 44 h/week). */
export function NewUnitModal({ open, territoryCode, onClose, onCreated }: { open: boolean; territoryCode: string; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ nameZh: string; kind: string }>();
  const { run, busy, error } = useAction();
  async function submit(v: { nameZh: string; kind: string }) {
    await run(async () => {
      const unit = await api<CreatedUnit>('/api/rosters/units', { method: 'POST', body: { nameZh: v.nameZh, kind: v.kind, territoryCode } });
      form.resetFields();
      onCreated(unit.id);
    });
  }
  return (
    <Modal open={open} title={t('rosters.newUnit')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: busy }} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'command_centre' }} onFinish={(v) => void submit(v)}>
        <Form.Item name="nameZh" label={t('rosters.unitName')} rules={[{ required: true, whitespace: true, message: t('rosters.unitName') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('rosters.unitKind')}>
          <Select options={(['command_centre', 'patrol_team', 'other'] as const).map((k) => ({ value: k, label: t(`rosters.kind.${k}`) }))} />
        </Form.Item>
        <Typography.Text type="secondary">
          {t('rosters.territory')}: {territoryCode}
        </Typography.Text>
      </Form>
      <ErrorNote error={error} style={{ marginTop: 12 }} />
    </Modal>
  );
}
