import { useState } from 'react';
import { Button, Form, Input, Modal, Segmented, Select, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, uploadImage } from '../../../lib/api.ts';
import { useAction } from '../../../lib/useAction.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { validated } from '../../shared/format.ts';
import { ServerMessage } from './inspectionUi.tsx';
import type { InspectionTaskDetail, Severity } from '../../../../../shared/inspections/wire.ts';

interface FindingForm { description: string; severity: Severity; itemKey?: string; address?: string; responsibleUnit?: string }

/** 登记问题: description, severity, checklist item, address, responsible unit, photos (uploaded first). */
export function FindingModal({ open, task, onClose, onDone }: { open: boolean; task: InspectionTaskDetail; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FindingForm>();
  const [photos, setPhotos] = useState<{ uid: string; name: string; sha256?: string; status: 'uploading' | 'done' | 'error' }[]>([]);
  const { run, busy, error } = useAction();
  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    await run(async () => {
      await api(`/api/inspections/tasks/${task.task.id}/findings`, {
        method: 'POST',
        body: { ...v, address: v.address?.trim() || undefined, responsibleUnit: v.responsibleUnit?.trim() || undefined, photos: photos.filter((p) => p.sha256).map((p) => p.sha256) },
      });
      form.resetFields();
      setPhotos([]);
      onDone();
    });
  };
  return (
    <Modal open={open} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy || photos.some((p) => p.status === 'uploading')} title={t('supervision.insp.addFinding')} destroyOnHidden okText={t('supervision.confirm')} cancelText={t('supervision.cancel')}>
      <Form<FindingForm> form={form} layout="vertical" className="inspection-finding-form" initialValues={{ severity: 'major', responsibleUnit: task.task.targetName }}>
        <Form.Item name="description" label={t('supervision.insp.description')} rules={[{ required: true, whitespace: true, min: 2, message: t('supervision.insp.descriptionRequired') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="severity" label={t('supervision.insp.severity')}>
          <Segmented options={(['minor', 'major', 'critical'] as const).map((s) => ({ value: s, label: t(`supervision.insp.sev.${s}`) }))} />
        </Form.Item>
        <Form.Item name="itemKey" label={t('supervision.insp.item')}>
          <Select allowClear options={task.checklist.map((c) => ({ value: c.key, label: c.label }))} />
        </Form.Item>
        <Form.Item name="address" label={t('supervision.insp.address')}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="responsibleUnit" label={t('supervision.insp.responsibleUnit')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t('supervision.insp.photos')}>
          <Upload
            accept="image/jpeg,image/png,image/webp"
            listType="picture"
            multiple
            fileList={photos.map((p) => ({ uid: p.uid, name: p.name, status: p.status }))}
            onRemove={(f) => setPhotos((s) => s.filter((p) => p.uid !== f.uid))}
            customRequest={({ file, onSuccess, onError }) => {
              const f = file as File & { uid: string };
              setPhotos((s) => [...s, { uid: f.uid, name: f.name, status: 'uploading' }]);
              uploadImage(f).then(
                (sha256) => {
                  setPhotos((s) => s.map((p) => (p.uid === f.uid ? { ...p, sha256, status: 'done' } : p)));
                  onSuccess?.(sha256);
                },
                (err: Error) => {
                  setPhotos((s) => s.map((p) => (p.uid === f.uid ? { ...p, status: 'error' } : p)));
                  onError?.(err);
                },
              );
            }}
          >
            <Button icon={<UploadOutlined />}>{t('supervision.insp.uploadPhoto')}</Button>
          </Upload>
        </Form.Item>
      </Form>
      <ErrorNote error={error} />
      <ServerMessage error={error} />
    </Modal>
  );
}
