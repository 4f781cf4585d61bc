import { useState } from 'react';
import { Badge, Button, Card, Space, Table, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, queryString } from '../../../lib/api.ts';
import { useApi } from '../../../lib/useApi.ts';
import { useSession } from '../../../lib/session.tsx';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { periodText, KindTag, TargetText } from './inspectionUi.tsx';
import { PlanDrawer } from './PlanDrawer.tsx';
import { TaskDrawer } from './TaskDrawer.tsx';
import { PlanModal } from './PlanModal.tsx';
import type { InspectionPlanSummary, InspectionPlansResponse, MyInspectionTask, MyInspectionTasksResponse } from '../../../../../shared/inspections/wire.ts';

/**
 * 明察暗访: the inspector's own tasks (record checklist results and findings with photos), and — for
 * readers — plans with progress; managers create plans with a checklist and tasks and turn findings into
 * rectification cases (转整改案件) with a deadline.
 */
export default function InspectionsTab({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const read = me.actions.includes('inspection.read');
  const manage = me.actions.includes('inspection.manage');
  const record = me.actions.includes('inspection.record');
  const mine = useApi<MyInspectionTasksResponse>(record ? '/api/inspections/tasks/mine' : null);
  const plans = useApi<InspectionPlansResponse>(read && scope ? `/api/inspections/plans${queryString({ scope })}` : null);
  const [openPlan, setOpenPlan] = useState<string | null>(null);
  const [openTask, setOpenTask] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const reloadAll = () => {
    if (record) mine.reload();
    if (read) plans.reload();
  };

  return (
    <div className="inspections">
      {record && (
        <Card title={t('supervision.insp.mine')} size="small" extra={<Button icon={<ReloadOutlined />} onClick={mine.reload} aria-label={t('supervision.reload')} />}>
          <ErrorNote error={mine.error} />
          <Table<MyInspectionTask>
            rowKey="id"
            size="small"
            className="inspection-my-tasks"
            loading={mine.loading}
            dataSource={mine.data?.tasks ?? []}
            pagination={(mine.data?.tasks.length ?? 0) > 20 ? { pageSize: 20 } : false}
            scroll={{ x: true }}
            locale={{ emptyText: t('supervision.insp.noTasks') }}
            columns={[
              { title: t('supervision.insp.plan'), dataIndex: 'planTitle', render: (v: string, r) => <Space size={4}><KindTag kind={r.planKind} />{v}</Space> },
              { title: t('supervision.insp.period'), render: (_, r) => periodText(r.planStartsAt, r.planEndsAt) },
              { title: t('supervision.insp.targetCol'), render: (_, r) => <TargetText kind={r.targetKind} name={r.targetName} /> },
              { title: t('supervision.insp.state'), dataIndex: 'state', render: (v: string) => <Badge status={v === 'done' ? 'success' : 'processing'} text={t(`supervision.insp.taskState.${v}`)} /> },
              { title: '', key: 'open', render: (_, r) => <Button size="small" type={r.state === 'open' ? 'primary' : 'default'} onClick={() => setOpenTask(r.id)}>{r.state === 'open' ? t('supervision.insp.doInspect') : t('supervision.insp.view')}</Button> },
            ]}
          />
        </Card>
      )}
      {read && (
        <Card
          title={t('supervision.insp.plans')}
          size="small"
          extra={
            <Space>
              {manage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('supervision.insp.newPlan')}</Button>}
              <Button icon={<ReloadOutlined />} onClick={plans.reload} aria-label={t('supervision.reload')} />
            </Space>
          }
        >
          <ErrorNote error={plans.error} />
          <Table<InspectionPlanSummary>
            rowKey="id"
            size="small"
            className="inspection-plans"
            loading={plans.loading}
            dataSource={plans.data?.plans ?? []}
            pagination={false}
            scroll={{ x: true }}
            locale={{ emptyText: t('supervision.insp.noPlans') }}
            onRow={(r) => ({ onClick: () => setOpenPlan(r.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('supervision.insp.title'), dataIndex: 'title', render: (v: string, r) => <Space size={4}><KindTag kind={r.kind} />{v}</Space> },
              { title: t('supervision.insp.period'), render: (_, r) => periodText(r.startsAt, r.endsAt) },
              { title: t('supervision.insp.tasksDone'), render: (_, r) => `${r.progress.tasksDone} / ${r.progress.tasks}` },
              { title: t('supervision.insp.findings'), render: (_, r) => r.progress.findings },
              { title: t('supervision.insp.cases'), render: (_, r) => r.progress.rectificationCases },
              { title: t('supervision.insp.rectified'), render: (_, r) => r.progress.rectified },
              { title: t('supervision.insp.overdue'), render: (_, r) => (r.progress.overdue ? <Typography.Text type="danger">{r.progress.overdue}</Typography.Text> : 0) },
            ]}
          />
        </Card>
      )}
      <PlanDrawer id={openPlan} onClose={() => setOpenPlan(null)} onOpenTask={setOpenTask} onChanged={reloadAll} />
      <TaskDrawer id={openTask} onClose={() => setOpenTask(null)} onChanged={reloadAll} />
      {manage && <PlanModal open={creating} scope={scope} onClose={() => setCreating(false)} onCreated={(id) => { setCreating(false); plans.reload(); setOpenPlan(id); }} />}
    </div>
  );
}
