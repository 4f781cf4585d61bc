import { useState } from 'react';
import { Badge, Button, Card, Descriptions, Drawer, Space, Statistic, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api.ts';
import { useApi } from '../../../lib/useApi.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { fmtTime } from '../../../cases/console/caseUi.tsx';
import { periodText, KindTag, TargetText, type ListedFinding } from './inspectionUi.tsx';
import { FindingsTable } from './FindingsTable.tsx';
import { RectifyModal } from './RectifyModal.tsx';
import { AddTasksModal } from './AddTasksModal.tsx';
import type { InspectionPlanDetail } from '../../../../../shared/inspections/wire.ts';

/** One plan: type, period, checklist, progress, tasks (open a task), findings (转整改案件). */
export function PlanDrawer({ id, onClose, onOpenTask, onChanged }: { id: string | null; onClose: () => void; onOpenTask: (id: string) => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const plan = useApi<InspectionPlanDetail>(id ? `/api/inspections/plans/${id}` : null);
  const [rectifying, setRectifying] = useState<ListedFinding | null>(null);
  const [adding, setAdding] = useState(false);
  const p = plan.data;
  return (
    <Drawer open={!!id} onClose={onClose} size={960} title={t('supervision.insp.planDetail')} destroyOnHidden>
      <ErrorNote error={plan.error} />
      {p && (
        <div className="inspection-plan">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('supervision.insp.title')} span={2}><Space size={4}><KindTag kind={p.plan.kind} />{p.plan.title}</Space></Descriptions.Item>
            <Descriptions.Item label={t('supervision.insp.period')}>{periodText(p.plan.startsAt, p.plan.endsAt)}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.scope')}>{p.plan.scopeName ?? p.plan.scopeCode}</Descriptions.Item>
            {p.plan.description && <Descriptions.Item label={t('supervision.insp.planDescription')} span={2}>{p.plan.description}</Descriptions.Item>}
            <Descriptions.Item label={t('supervision.insp.checklist')} span={2}>
              <ol className="inspection-checklist">{p.plan.checklist.map((c) => <li key={c.key}>{c.label}</li>)}</ol>
            </Descriptions.Item>
          </Descriptions>
          <Space size="large" wrap className="supervision-figures inspection-progress" style={{ margin: '16px 0' }}>
            <Statistic title={t('supervision.insp.tasksDone')} value={p.progress.tasksDone} suffix={`/ ${p.progress.tasks}`} />
            <Statistic title={t('supervision.insp.findings')} value={p.progress.findings} />
            <Statistic title={t('supervision.insp.cases')} value={p.progress.rectificationCases} />
            <Statistic title={t('supervision.insp.rectified')} value={p.progress.rectified} />
            <Statistic title={t('supervision.insp.overdue')} value={p.progress.overdue} valueStyle={p.progress.overdue ? { color: '#cf1322' } : undefined} />
          </Space>
          <Card size="small" title={t('supervision.insp.tasks')} extra={p.actions.addTasks && <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>{t('supervision.insp.addTasks')}</Button>}>
            <Table
              rowKey="id"
              size="small"
              className="inspection-tasks"
              dataSource={p.tasks}
              pagination={p.tasks.length > 20 ? { pageSize: 20 } : false}
              columns={[
                { title: t('supervision.insp.targetCol'), render: (_, r) => <TargetText kind={r.targetKind} name={r.targetName} /> },
                { title: t('supervision.insp.inspector'), dataIndex: 'inspectorName', render: (v: string | null) => v ?? <Typography.Text type="warning">{t('supervision.insp.unassigned')}</Typography.Text> },
                { title: t('supervision.insp.state'), dataIndex: 'state', render: (v: string, r) => <Badge status={v === 'done' ? 'success' : 'processing'} text={`${t(`supervision.insp.taskState.${v}`)}${r.completedAt ? ` · ${fmtTime(r.completedAt)}` : ''}`} /> },
                { title: t('supervision.insp.findings'), dataIndex: 'findings' },
                { title: '', key: 'open', render: (_, r) => <Button size="small" onClick={() => onOpenTask(r.id)}>{t('supervision.insp.view')}</Button> },
              ]}
            />
          </Card>
          <Card size="small" title={t('supervision.insp.findings')}>
            <FindingsTable findings={p.findings} canRectify={p.actions.rectify} onRectify={setRectifying} showTarget />
          </Card>
          <RectifyModal finding={rectifying} onClose={() => setRectifying(null)} onDone={() => { plan.reload(); onChanged(); }} />
          {adding && <AddTasksModal planId={p.plan.id} scope={p.plan.scopeCode} onClose={() => setAdding(false)} onDone={() => { setAdding(false); plan.reload(); onChanged(); }} />}
        </div>
      )}
    </Drawer>
  );
}
