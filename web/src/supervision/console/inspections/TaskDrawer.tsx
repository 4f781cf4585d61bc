import { useEffect, useState } from 'react';
import { App, Button, Card, Descriptions, Drawer, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api.ts';
import { useApi } from '../../../lib/useApi.ts';
import { useAction } from '../../../lib/useAction.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { fmtTime } from '../../../cases/console/caseUi.tsx';
import { RESULT_COLOURS, periodText, KindTag, TargetText, ServerMessage, type ListedFinding } from './inspectionUi.tsx';
import { FindingsTable } from './FindingsTable.tsx';
import { FindingModal } from './FindingModal.tsx';
import { RectifyModal } from './RectifyModal.tsx';
import type { InspectionTaskDetail, ItemResultValue } from '../../../../../shared/inspections/wire.ts';

interface ResultDraft { result?: ItemResultValue; note?: string }

/** One task: checklist (合格/不合格/不适用 + note), findings with photos, complete; findings → cases for managers. */
export function TaskDrawer({ id, onClose, onChanged }: { id: string | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const task = useApi<InspectionTaskDetail>(id ? `/api/inspections/tasks/${id}` : null);
  const [drafts, setDrafts] = useState<Record<string, ResultDraft>>({});
  const { run, busy, error, setError } = useAction();
  const [addingFinding, setAddingFinding] = useState(false);
  const [rectifying, setRectifying] = useState<ListedFinding | null>(null);
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
                      <Segmented<ItemResultValue>
                        size="small"
                        aria-label={`${c.label} ${t('supervision.insp.result')}`}
                        // null, not undefined: an unanswered item shows no choice (undefined would show the first).
                        value={drafts[c.key]?.result ?? (null as unknown as ItemResultValue)}
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
