import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, Modal, Segmented, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../../../lib/api.ts';
import { useApi } from '../../../lib/useApi.ts';
import { useAction } from '../../../lib/useAction.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { validated } from '../../shared/format.ts';
import { ServerMessage } from './inspectionUi.tsx';
import { TaskRows } from './TaskRows.tsx';
import type { TaskRow } from './TaskRowFields.tsx';
import type { ChecklistTemplate, ChecklistTemplatesResponse, InspectionPlanCreated } from '../../../../../shared/inspections/wire.ts';

interface PlanForm { title: string; kind: 'open' | 'covert'; range: [Dayjs, Dayjs]; description?: string; templateId?: string; items: { label: string }[]; tasks: TaskRow[] }

/** 新建计划: name, type (明察/暗访), period, checklist (from a template or written here), targets and inspectors. */
export function PlanModal({ open, scope, onClose, onCreated }: { open: boolean; scope: string; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanForm>();
  const templates = useApi<ChecklistTemplatesResponse>(open && scope ? `/api/inspections/templates${queryString({ scope })}` : null);
  const templateId = Form.useWatch('templateId', form);
  const template = templates.data?.templates.find((x) => x.id === templateId);
  const [saveAsTemplate, setSaveAsTemplate] = useState('');
  const { run, busy, error } = useAction();

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    await run(async () => {
      let useTemplate = v.templateId;
      const items = (v.items ?? []).map((i) => ({ label: i.label.trim() })).filter((i) => i.label);
      if (!useTemplate && saveAsTemplate.trim()) {
        useTemplate = (await api<ChecklistTemplate>('/api/inspections/templates', { method: 'POST', body: { name: saveAsTemplate.trim(), scope, items } })).id;
      }
      const out = await api<InspectionPlanCreated>('/api/inspections/plans', {
        method: 'POST',
        body: {
          title: v.title,
          kind: v.kind,
          scope,
          period: `${v.range[0].format('YYYY-MM-DD')}..${v.range[1].format('YYYY-MM-DD')}`,
          ...(v.description?.trim() ? { description: v.description.trim() } : {}),
          ...(useTemplate ? { templateId: useTemplate } : { checklist: items }),
          tasks: (v.tasks ?? []).map((x) => ({ targetKind: x.targetKind, targetId: x.targetId, inspectorId: x.inspectorId ?? null })),
        },
      });
      message.success(out.unassigned ? t('supervision.insp.createdUnassigned', { n: out.unassigned }) : t('supervision.insp.created'));
      form.resetFields();
      setSaveAsTemplate('');
      onCreated(out.plan.id);
    });
  };

  return (
    <Modal open={open} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} title={t('supervision.insp.newPlan')} width={820} destroyOnHidden okText={t('supervision.confirm')} cancelText={t('supervision.cancel')}>
      <Form<PlanForm>
        form={form}
        layout="vertical"
        className="inspection-plan-form"
        initialValues={{ kind: 'covert', range: [dayjs(), dayjs().add(13, 'day')], items: [{ label: '' }], tasks: [{ targetKind: 'grid', inspectorId: null }] }}
      >
        <Form.Item name="title" label={t('supervision.insp.title')} rules={[{ required: true, whitespace: true, min: 2, message: t('supervision.insp.titleRequired') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item name="kind" label={t('supervision.insp.kindLabel')}>
            <Segmented options={(['open', 'covert'] as const).map((k) => ({ value: k, label: t(`supervision.insp.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="range" label={t('supervision.insp.period')} rules={[{ required: true }]}>
            <DatePicker.RangePicker allowClear={false} />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('supervision.insp.planDescription')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="templateId" label={t('supervision.insp.template')}>
          <Select allowClear placeholder={t('supervision.insp.noTemplate')} loading={templates.loading} options={(templates.data?.templates ?? []).map((x) => ({ value: x.id, label: `${x.name}（${x.items.length}）` }))} />
        </Form.Item>
        {template ? (
          <ol className="inspection-checklist">{template.items.map((c) => <li key={c.key}>{c.label}</li>)}</ol>
        ) : (
          <Form.Item label={t('supervision.insp.checklist')} required>
            <Form.List name="items">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => (
                    <Space key={f.key} align="start" style={{ display: 'flex' }}>
                      <Form.Item name={[f.name, 'label']} rules={[{ required: true, whitespace: true, message: t('supervision.insp.itemRequired') }]} style={{ marginBottom: 8 }}>
                        <Input style={{ width: 480 }} maxLength={200} placeholder={t('supervision.insp.itemPlaceholder')} aria-label={`${t('supervision.insp.item')} ${i + 1}`} />
                      </Form.Item>
                      {fields.length > 1 && <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('supervision.insp.removeItem')} />}
                    </Space>
                  ))}
                  <Space>
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ label: '' })}>{t('supervision.insp.addItem')}</Button>
                    <Input style={{ width: 240 }} value={saveAsTemplate} onChange={(e) => setSaveAsTemplate(e.target.value)} placeholder={t('supervision.insp.saveAsTemplate')} aria-label={t('supervision.insp.saveAsTemplate')} maxLength={200} />
                  </Space>
                </>
              )}
            </Form.List>
          </Form.Item>
        )}
        <Form.Item label={t('supervision.insp.tasks')} extra={t('supervision.insp.recusal')}>
          <TaskRows scope={scope} form={form as unknown as ReturnType<typeof Form.useForm<{ tasks: TaskRow[] }>>[0]} />
        </Form.Item>
      </Form>
      <ErrorNote error={error} />
      <ServerMessage error={error} />
    </Modal>
  );
}
