import { useMemo } from 'react';
import { App, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../lib/api.ts';
import { useAction } from '../../../lib/useAction.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { useCategories } from '../../../cases/console/caseUi.tsx';
import { validated } from '../../shared/format.ts';
import { ServerMessage, type ListedFinding } from './inspectionUi.tsx';
import type { RectifyResponse } from '../../../../../shared/inspections/wire.ts';

interface RectifyForm { categoryCode: string; deadline: Dayjs; personName?: string; lat?: number; lng?: number }

/** 转整改案件: category, deadline, responsible person (hazard categories), location when the finding has none. */
export function RectifyModal({ finding, onClose, onDone }: { finding: ListedFinding | null; onClose: () => void; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const { modal } = App.useApp();
  const [form] = Form.useForm<RectifyForm>();
  const categories = useCategories();
  const { run, busy, error } = useAction();
  const code = Form.useWatch('categoryCode', form);
  const en = i18n.language === 'en';
  const leaves = useMemo(() => categories.list.filter((c) => c.parentCode !== null), [categories.list]);
  const isHazard = leaves.find((c) => c.code === code)?.kind === 'hazard';
  const needsLocation = error instanceof ApiError && error.field === 'location';

  const submit = async () => {
    if (!finding) return;
    const v = await validated(form);
    if (!v) return;
    await run(async () => {
      const out = await api<RectifyResponse>(`/api/inspections/findings/${finding.id}/rectify`, {
        method: 'POST',
        body: {
          categoryCode: v.categoryCode,
          deadline: v.deadline.format('YYYY-MM-DD'),
          ...(isHazard && v.personName?.trim() ? { responsiblePerson: { name: v.personName.trim() } } : {}),
          ...(v.lat !== undefined && v.lng !== undefined && v.lat !== null && v.lng !== null ? { location: { lat: v.lat, lng: v.lng } } : {}),
        },
      });
      onClose();
      onDone();
      modal.success({ title: t('supervision.insp.rectifiedTitle'), content: t('supervision.insp.rectifiedBody', { caseNo: out.case.caseNo, d: v.deadline.format('YYYY-MM-DD') }) });
    });
  };

  return (
    <Modal open={!!finding} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} title={t('supervision.insp.rectifyTitle')} destroyOnHidden okText={t('supervision.confirm')} cancelText={t('supervision.cancel')}>
      {finding && <Typography.Paragraph type="secondary">{finding.description}</Typography.Paragraph>}
      <Form<RectifyForm> form={form} layout="vertical" className="inspection-rectify-form" initialValues={{ deadline: dayjs().add(7, 'day') }}>
        <Form.Item name="categoryCode" label={t('supervision.insp.category')} rules={[{ required: true, message: t('supervision.insp.categoryRequired') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={leaves.map((c) => ({ value: c.code, label: `${c.code} ${en ? c.nameEn : c.nameZh}` }))}
          />
        </Form.Item>
        <Form.Item name="deadline" label={t('supervision.insp.deadline')} rules={[{ required: true }]}>
          <DatePicker allowClear={false} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
        {isHazard && (
          <Form.Item name="personName" label={t('supervision.insp.responsiblePerson')} rules={[{ required: true, whitespace: true, message: t('supervision.insp.personRequired') }]} extra={t('supervision.insp.hazardNote')}>
            <Input maxLength={100} />
          </Form.Item>
        )}
        {needsLocation && (
          <Space>
            <Form.Item name="lat" label={t('supervision.insp.lat')}><InputNumber min={-90} max={90} step={0.0001} /></Form.Item>
            <Form.Item name="lng" label={t('supervision.insp.lng')}><InputNumber min={-180} max={180} step={0.0001} /></Form.Item>
          </Space>
        )}
      </Form>
      <ErrorNote error={error} />
      <ServerMessage error={error} />
    </Modal>
  );
}
