import { useEffect, useMemo, useState } from 'react';
import { App, Badge, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Modal, Segmented, Select, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { DeleteOutlined, PlusOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../lib/api.ts';
import { useApi } from '../lib/useApi.ts';
import { useAction } from '../lib/useAction.ts';
import { navigate } from '../lib/router.ts';
import { useSession } from '../lib/session.tsx';
import { pickBilingual, queryString, uploadImage } from '../lib/cases.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { fmtTime, StateTag, useCategories } from '../cases/console/caseUi.tsx';
import { validated } from './format.ts';

// Wire shapes of /api/inspections (docs/supervision.md, 明察暗访).
type TargetKind = 'grid' | 'site' | 'unit';
type ItemResult = 'pass' | 'fail' | 'na';
type Severity = 'minor' | 'major' | 'critical';
interface ChecklistItem { key: string; label: string; hint?: string }
interface Progress { tasks: number; tasksDone: number; findings: number; rectificationCases: number; rectified: number; overdue: number }
interface PlanSummary { id: string; title: string; kind: 'open' | 'covert'; scopeCode: string; startsAt: string; endsAt: string; checklistItems: number; progress: Progress }
interface Task { id: string; planId: string; targetKind: TargetKind; targetId: string; targetName: string; inspectorId: string | null; inspectorName: string | null; state: 'open' | 'done'; summary: string | null; completedAt: string | null }
interface MyTask extends Task { planTitle: string; planKind: 'open' | 'covert'; planStartsAt: string; planEndsAt: string }
interface Rectification { caseId: string; caseNo: string | null; caseState: string | null; deadline: string | null; rectified: boolean; overdue: boolean }
interface Finding { id: string; taskId: string; itemKey: string | null; description: string; severity: Severity | null; address: string | null; photos: string[]; responsibleUnit: string | null; createdAt: string; rectification: Rectification | null; targetName?: string }
interface PlanDetail {
  plan: { id: string; title: string; kind: 'open' | 'covert'; description: string | null; scopeCode: string; scopeName: string | null; startsAt: string; endsAt: string; checklist: ChecklistItem[] };
  progress: Progress;
  tasks: (Task & { findings: number; mine: boolean })[];
  findings: Finding[];
  actions: { addTasks: boolean; rectify: boolean };
}
interface TaskDetail {
  task: Task;
  plan: { id: string; title: string; kind: 'open' | 'covert'; startsAt: string; endsAt: string };
  checklist: (ChecklistItem & { result: { result: ItemResult; note: string | null } | null })[];
  findings: Finding[];
  actions: { record: boolean; rectify: boolean };
}
interface Template { id: string; name: string; scopeCode: string; items: ChecklistItem[] }

const SEVERITY_COLOURS: Record<Severity, string> = { minor: 'gold', major: 'orange', critical: 'red' };
const RESULT_COLOURS: Record<ItemResult, string> = { pass: 'green', fail: 'red', na: 'default' };

/** The plan's period as two China dates (the stored end is the next day's midnight). */
function periodText(startsAt: string, endsAt: string): string {
  return `${dayjs(startsAt).format('YYYY-MM-DD')} ~ ${dayjs(endsAt).subtract(1, 'ms').format('YYYY-MM-DD')}`;
}

function KindTag({ kind }: { kind: 'open' | 'covert' }) {
  const { t } = useTranslation();
  return <Tag color={kind === 'covert' ? 'purple' : 'blue'}>{t(`supervision.insp.kind.${kind}`)}</Tag>;
}

function TargetText({ kind, name }: { kind: TargetKind; name: string }) {
  const { t } = useTranslation();
  return (
    <Space size={4}>
      <Tag>{t(`supervision.insp.target.${kind}`)}</Tag>
      {name}
    </Space>
  );
}

/** A validation error from the server, said in the person's language ("中文 / English" messages). */
function ServerMessage({ error }: { error: unknown }) {
  const { i18n } = useTranslation();
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return null;
  return <Typography.Text type="danger">{pickBilingual(error.message, i18n.language === 'en')}</Typography.Text>;
}

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
  const mine = useApi<{ tasks: MyTask[] }>(record ? '/api/inspections/tasks/mine' : null);
  const plans = useApi<{ plans: PlanSummary[] }>(read && scope ? `/api/inspections/plans${queryString({ scope })}` : null);
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
          <Table<MyTask>
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
          <Table<PlanSummary>
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

/** Findings with their rectification case: number (drill-down), state, deadline, overdue; 转整改案件 when allowed. */
function FindingsTable({ findings, canRectify, onRectify, showTarget }: { findings: Finding[]; canRectify: boolean; onRectify: (f: Finding) => void; showTarget: boolean }) {
  const { t } = useTranslation();
  return (
    <Table<Finding>
      rowKey="id"
      size="small"
      className="inspection-findings"
      dataSource={findings}
      pagination={findings.length > 10 ? { pageSize: 10 } : false}
      scroll={{ x: true }}
      locale={{ emptyText: t('supervision.insp.noFindings') }}
      columns={[
        ...(showTarget ? [{ title: t('supervision.insp.targetCol'), dataIndex: 'targetName' }] : []),
        { title: t('supervision.insp.description'), dataIndex: 'description', render: (v: string, r) => <>{v}{r.address ? <Typography.Text type="secondary">（{r.address}）</Typography.Text> : null}</> },
        { title: t('supervision.insp.severity'), dataIndex: 'severity', render: (v: Severity | null) => (v ? <Tag color={SEVERITY_COLOURS[v]}>{t(`supervision.insp.sev.${v}`)}</Tag> : null) },
        { title: t('supervision.insp.photos'), dataIndex: 'photos', render: (v: string[]) => <Space size={4}>{v.map((p) => <a key={p} href={`/api/attachments/${p}`} target="_blank" rel="noreferrer"><img src={`/api/attachments/${p}`} alt="" width={36} height={36} style={{ objectFit: 'cover', borderRadius: 4 }} /></a>)}</Space> },
        { title: t('supervision.insp.responsibleUnit'), dataIndex: 'responsibleUnit' },
        {
          title: t('supervision.insp.rectification'),
          key: 'case',
          render: (_, r) =>
            r.rectification ? (
              <Space size={4} wrap>
                <Button type="link" className="supervision-drill" onClick={() => navigate(`/console/cases/${r.rectification!.caseId}`)}>{r.rectification.caseNo}</Button>
                {r.rectification.caseState && <StateTag state={r.rectification.caseState} />}
                {r.rectification.deadline && <Typography.Text type="secondary">{t('supervision.insp.deadlineAt', { d: dayjs(r.rectification.deadline).format('YYYY-MM-DD') })}</Typography.Text>}
                {r.rectification.rectified && <Tag color="green">{t('supervision.insp.rectifiedTag')}</Tag>}
                {r.rectification.overdue && <Tag color="red">{t('supervision.insp.overdueTag')}</Tag>}
              </Space>
            ) : canRectify ? (
              <Button size="small" danger onClick={() => onRectify(r)}>{t('supervision.insp.rectify')}</Button>
            ) : (
              <Typography.Text type="secondary">{t('supervision.insp.notRectified')}</Typography.Text>
            ),
        },
      ]}
    />
  );
}

/** One plan: type, period, checklist, progress, tasks (open a task), findings (转整改案件). */
function PlanDrawer({ id, onClose, onOpenTask, onChanged }: { id: string | null; onClose: () => void; onOpenTask: (id: string) => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const plan = useApi<PlanDetail>(id ? `/api/inspections/plans/${id}` : null);
  const [rectifying, setRectifying] = useState<Finding | null>(null);
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

interface ResultDraft { result?: ItemResult; note?: string }

/** One task: checklist (合格/不合格/不适用 + note), findings with photos, complete; findings → cases for managers. */
function TaskDrawer({ id, onClose, onChanged }: { id: string | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const task = useApi<TaskDetail>(id ? `/api/inspections/tasks/${id}` : null);
  const [drafts, setDrafts] = useState<Record<string, ResultDraft>>({});
  const { run, busy, error, setError } = useAction();
  const [addingFinding, setAddingFinding] = useState(false);
  const [rectifying, setRectifying] = useState<Finding | null>(null);
  const d = task.data;
  // Another task: start from its saved results. The same task reloaded (after a finding or a save): keep
  // what is being typed and fill the rest from the server, so adding a finding never loses unsaved results.
  useEffect(() => {
    setDrafts({});
    setError(null);
  }, [id]);
  useEffect(() => {
    setDrafts((prev) => Object.fromEntries((d?.checklist ?? []).map((c) => [c.key, prev[c.key]?.result ? prev[c.key]! : { result: c.result?.result, note: c.result?.note ?? '' }])));
  }, [d]);
  const canRecord = d?.actions.record ?? false;

  const save = async (complete: boolean) => {
    if (!d) return;
    await run(async () => {
      const items = d.checklist
        .filter((c) => drafts[c.key]?.result)
        .map((c) => ({ itemKey: c.key, result: drafts[c.key]!.result!, note: drafts[c.key]!.note?.trim() ? drafts[c.key]!.note!.trim() : null }));
      await api(`/api/inspections/tasks/${d.task.id}/results`, { method: 'POST', body: { items, complete } });
      message.success(t(complete ? 'supervision.insp.completed' : 'supervision.insp.saved'));
      task.reload();
      onChanged();
    });
  };

  return (
    <Drawer open={!!id} onClose={onClose} size={900} title={t('supervision.insp.taskDetail')} destroyOnHidden>
      <ErrorNote error={task.error} />
      {d && (
        <div className="inspection-task">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('supervision.insp.plan')} span={2}><Space size={4}><KindTag kind={d.plan.kind} />{d.plan.title}</Space></Descriptions.Item>
            <Descriptions.Item label={t('supervision.insp.targetCol')}><TargetText kind={d.task.targetKind} name={d.task.targetName} /></Descriptions.Item>
            <Descriptions.Item label={t('supervision.insp.inspector')}>{d.task.inspectorName ?? t('supervision.insp.unassigned')}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.insp.period')}>{periodText(d.plan.startsAt, d.plan.endsAt)}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.insp.state')}>{t(`supervision.insp.taskState.${d.task.state}`)}{d.task.completedAt ? ` · ${fmtTime(d.task.completedAt)}` : ''}</Descriptions.Item>
          </Descriptions>
          <Card size="small" title={t('supervision.insp.checklist')} style={{ marginTop: 16 }}>
            <Table
              rowKey="key"
              size="small"
              className="inspection-checklist-results"
              dataSource={d.checklist}
              pagination={false}
              columns={[
                { title: t('supervision.insp.item'), dataIndex: 'label', render: (v: string, c) => <>{v}{c.hint && <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{c.hint}</Typography.Paragraph>}</> },
                {
                  title: t('supervision.insp.result'),
                  key: 'result',
                  width: 230,
                  render: (_, c) =>
                    !canRecord ? (
                      c.result ? <Tag color={RESULT_COLOURS[c.result.result]}>{t(`supervision.insp.res.${c.result.result}`)}</Tag> : <Typography.Text type="secondary">—</Typography.Text>
                    ) : (
                      <Segmented<ItemResult>
                        size="small"
                        aria-label={`${c.label} ${t('supervision.insp.result')}`}
                        // null, not undefined: an unanswered item shows no choice (undefined would show the first).
                        value={drafts[c.key]?.result ?? (null as unknown as ItemResult)}
                        onChange={(v) => setDrafts((s) => ({ ...s, [c.key]: { ...s[c.key], result: v } }))}
                        options={(['pass', 'fail', 'na'] as const).map((r) => ({ value: r, label: t(`supervision.insp.res.${r}`) }))}
                      />
                    ),
                },
                {
                  title: t('supervision.insp.note'),
                  key: 'note',
                  render: (_, c) =>
                    canRecord ? (
                      <Input
                        size="small"
                        aria-label={`${c.label} ${t('supervision.insp.note')}`}
                        status={drafts[c.key]?.result === 'fail' && !drafts[c.key]?.note?.trim() ? 'error' : undefined}
                        placeholder={drafts[c.key]?.result === 'fail' ? t('supervision.insp.noteRequired') : ''}
                        value={drafts[c.key]?.note ?? ''}
                        maxLength={2000}
                        onChange={(e) => setDrafts((s) => ({ ...s, [c.key]: { ...s[c.key], note: e.target.value } }))}
                      />
                    ) : (
                      c.result?.note ?? ''
                    ),
                },
              ]}
            />
            <ErrorNote error={error} style={{ marginTop: 8 }} />
            <ServerMessage error={error} />
            {canRecord && (
              <Space style={{ marginTop: 12 }}>
                <Button onClick={() => void save(false)} loading={busy}>{t('supervision.insp.saveResults')}</Button>
                <Button type="primary" onClick={() => void save(true)} loading={busy}>{t('supervision.insp.complete')}</Button>
              </Space>
            )}
          </Card>
          <Card
            size="small"
            title={t('supervision.insp.findings')}
            style={{ marginTop: 16 }}
            extra={canRecord && <Button size="small" icon={<PlusOutlined />} onClick={() => setAddingFinding(true)}>{t('supervision.insp.addFinding')}</Button>}
          >
            <FindingsTable findings={d.findings} canRectify={d.actions.rectify} onRectify={setRectifying} showTarget={false} />
          </Card>
          <FindingModal open={addingFinding} task={d} onClose={() => setAddingFinding(false)} onDone={() => { setAddingFinding(false); task.reload(); onChanged(); }} />
          <RectifyModal finding={rectifying} onClose={() => setRectifying(null)} onDone={() => { task.reload(); onChanged(); }} />
        </div>
      )}
    </Drawer>
  );
}

interface FindingForm { description: string; severity: Severity; itemKey?: string; address?: string; responsibleUnit?: string }

/** 登记问题: description, severity, checklist item, address, responsible unit, photos (uploaded first). */
function FindingModal({ open, task, onClose, onDone }: { open: boolean; task: TaskDetail; onClose: () => void; onDone: () => void }) {
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

interface RectifyForm { categoryCode: string; deadline: Dayjs; personName?: string; lat?: number; lng?: number }

/** 转整改案件: category, deadline, responsible person (hazard categories), location when the finding has none. */
function RectifyModal({ finding, onClose, onDone }: { finding: Finding | null; onClose: () => void; onDone: () => void }) {
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
      const out = await api<{ case: { id: string; caseNo: string } }>(`/api/inspections/findings/${finding.id}/rectify`, {
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

interface TaskRow { targetKind: TargetKind; targetId?: string; inspectorId?: string | null }

/** Target (by kind, from /api/inspections/targets) and inspector (auto, or one of the eligible candidates: 回避 applied). */
function TaskRowFields({ scope, name, onRemove, form }: { scope: string; name: number; onRemove: () => void; form: ReturnType<typeof Form.useForm<{ tasks: TaskRow[] }>>[0] }) {
  const { t } = useTranslation();
  const kind = Form.useWatch(['tasks', name, 'targetKind'], form) as TargetKind | undefined;
  const targetId = Form.useWatch(['tasks', name, 'targetId'], form) as string | undefined;
  const [q, setQ] = useState('');
  // Searched on the server: a city has thousands of grids, more than one list answers.
  const targets = useApi<{ targets: { id: string; name: string; detail: string }[] }>(scope && kind ? `/api/inspections/targets${queryString({ scope, kind, q: q.trim() || undefined })}` : null);
  const candidates = useApi<{ candidates: { id: string; name: string; role: string; independent: boolean; openTasks: number }[] }>(scope && kind && targetId ? `/api/inspections/candidates${queryString({ scope, targetKind: kind, targetId })}` : null);
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

function TaskRows({ scope, form }: { scope: string; form: ReturnType<typeof Form.useForm<{ tasks: TaskRow[] }>>[0] }) {
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

function AddTasksModal({ planId, scope, onClose, onDone }: { planId: string; scope: string; onClose: () => void; onDone: () => void }) {
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

interface PlanForm { title: string; kind: 'open' | 'covert'; range: [Dayjs, Dayjs]; description?: string; templateId?: string; items: { label: string }[]; tasks: TaskRow[] }

/** 新建计划: name, type (明察/暗访), period, checklist (from a template or written here), targets and inspectors. */
function PlanModal({ open, scope, onClose, onCreated }: { open: boolean; scope: string; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanForm>();
  const templates = useApi<{ templates: Template[] }>(open && scope ? `/api/inspections/templates${queryString({ scope })}` : null);
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
        useTemplate = (await api<{ id: string }>('/api/inspections/templates', { method: 'POST', body: { name: saveAsTemplate.trim(), scope, items } })).id;
      }
      const out = await api<{ plan: { id: string }; unassigned: number }>('/api/inspections/plans', {
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
