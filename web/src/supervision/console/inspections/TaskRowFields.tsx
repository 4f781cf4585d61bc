import { useState } from 'react';
import { Button, Form, Select, Space } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../../../lib/api.ts';
import { useApi } from '../../../lib/useApi.ts';
import type { InspectionCandidatesResponse, InspectionTargetsResponse, TargetKind } from '../../../../../shared/inspections/wire.ts';

export interface TaskRow { targetKind: TargetKind; targetId?: string; inspectorId?: string | null }

/** Target (by kind, from /api/inspections/targets) and inspector (auto, or one of the eligible candidates: 回避 applied). */
export function TaskRowFields({ scope, name, onRemove, form }: { scope: string; name: number; onRemove: () => void; form: ReturnType<typeof Form.useForm<{ tasks: TaskRow[] }>>[0] }) {
  const { t } = useTranslation();
  const kind = Form.useWatch(['tasks', name, 'targetKind'], form) as TargetKind | undefined;
  const targetId = Form.useWatch(['tasks', name, 'targetId'], form) as string | undefined;
  const [q, setQ] = useState('');
  // Searched on the server: a city has thousands of grids, more than one list answers.
  const targets = useApi<InspectionTargetsResponse>(scope && kind ? `/api/inspections/targets${queryString({ scope, kind, q: q.trim() || undefined })}` : null);
  const candidates = useApi<InspectionCandidatesResponse>(scope && kind && targetId ? `/api/inspections/candidates${queryString({ scope, targetKind: kind, targetId })}` : null);
  return (
    <Space align="start" wrap className="inspection-task-row">
      <Form.Item name={[name, 'targetKind']} style={{ marginBottom: 8 }}>
        <Select style={{ width: 110 }} aria-label={t('supervision.insp.targetKind')} onChange={() => { form.setFieldValue(['tasks', name, 'targetId'], undefined); setQ(''); }} options={(['grid', 'site', 'unit'] as const).map((k) => ({ value: k, label: t(`supervision.insp.target.${k}`) }))} />
      </Form.Item>
      <Form.Item name={[name, 'targetId']} rules={[{ required: true, message: t('supervision.insp.targetRequired') }]} style={{ marginBottom: 8 }}>
        <Select
          style={{ width: 260 }}
          showSearch
          filterOption={false}
          onSearch={setQ}
          aria-label={t('supervision.insp.targetCol')}
          loading={targets.loading}
          notFoundContent={targets.loading ? null : undefined}
          onChange={() => form.setFieldValue(['tasks', name, 'inspectorId'], null)}
          options={(targets.data?.targets ?? []).map((x) => ({ value: x.id, label: `${x.name}（${x.detail}）` }))}
        />
      </Form.Item>
      <Form.Item name={[name, 'inspectorId']} style={{ marginBottom: 8 }}>
        <Select
          style={{ width: 220 }}
          aria-label={t('supervision.insp.inspector')}
          disabled={!targetId}
          options={[
            { value: null as unknown as string, label: t('supervision.insp.autoAssign') },
            ...(candidates.data?.candidates ?? []).map((c) => ({ value: c.id, label: `${c.name} · ${t(`supervision.insp.role.${c.role}`)}${c.independent ? '' : ` · ${t('supervision.insp.upperLevel')}`} (${c.openTasks})` })),
          ]}
        />
      </Form.Item>
      <Button icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('supervision.insp.removeTask')} />
    </Space>
  );
}
