import { useState } from 'react';
import { App, Button, Card, Empty, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { shiftHasStarted } from '../../../../shared/rosters/model.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { api } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import type { Assignment, Swaps, Unit } from '../../../../shared/rosters/wire.ts';

const STATE_COLOR = { pending: 'processing', approved: 'success', denied: 'default' } as const;

/** 换班审批: the unit's swap requests, pending first; a manager approves (re-checked against the rules) or denies. */
export function SwapRequests({ unit, swaps, onChanged }: { unit: Unit; swaps: Swaps | null; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  // busy: the id of the request being decided.
  const { run, busyKey: busy, error } = useAction<string>();
  const list = [...(swaps?.swaps ?? [])].sort((a, b) => (a.state === 'pending' ? 0 : 1) - (b.state === 'pending' ? 0 : 1));

  async function decide(id: string, decision: 'approve' | 'deny') {
    await run(async () => {
      await api(`/api/rosters/swaps/${encodeURIComponent(id)}/decide`, { method: 'POST', body: { decision } });
      message.success(t(decision === 'approve' ? 'rosters.approved' : 'rosters.denied'));
      onChanged();
    }, id);
  }

  return (
    <Card size="small" title={t('rosters.swapsTitle')} className="roster-swaps">
      <ErrorNote error={error} style={{ marginBottom: 8 }} />
      {list.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rosters.noSwaps')} />}
      <List
        size="small"
        dataSource={list}
        renderItem={(s) => (
          <List.Item
            key={s.id}
            data-swap={s.id}
            data-state={s.state}
            actions={
              unit.canManage && s.state === 'pending'
                ? [
                    <Button key="a" size="small" type="primary" loading={busy === s.id} onClick={() => void decide(s.id, 'approve')}>{t('rosters.approve')}</Button>,
                    <Button key="d" size="small" disabled={busy === s.id} onClick={() => void decide(s.id, 'deny')}>{t('rosters.deny')}</Button>,
                  ]
                : []
            }
          >
            <div style={{ minWidth: 0 }}>
              <Space wrap>
                <Tag color={STATE_COLOR[s.state]}>{t(`rosters.swapState.${s.state}`)}</Tag>
                <Typography.Text>
                  {t('rosters.swapLine', { a: s.assignment.name ?? '?', aDate: s.assignment.date ?? '', aShift: s.assignment.shiftName ?? '', b: s.withAssignment.name ?? '?', bDate: s.withAssignment.date ?? '', bShift: s.withAssignment.shiftName ?? '' })}
                </Typography.Text>
              </Space>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('rosters.requestedBy', { name: s.requesterName ?? s.requesterId })} · {dayjs(s.createdAt).format('MM-DD HH:mm')}
                  {s.reason ? ` · ${s.reason}` : ''}
                  {s.decidedBy ? ` · ${s.decidedBy}${s.decisionNote ? `：${s.decisionNote}` : ''}` : ''}
                </Typography.Text>
              </div>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** 申请换班: exchange one shift with another person's shift in the same unit and period. */
export function SwapRequestModal({ unit, from, assignments, onClose, onDone }: { unit: Unit; from: Assignment | null; assignments: Assignment[]; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [withId, setWithId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const { run, busy, error } = useAction();
  const names = new Map(unit.members.map((m) => [m.userId, m.name]));
  const shiftName = new Map([...unit.pastTemplates, ...unit.templates].map((x) => [x.id, x.nameZh]));
  const label = (a: Assignment) => `${a.date} ${shiftName.get(a.templateId) ?? ''} · ${a.role} · ${names.get(a.userId) ?? a.userId}`;
  // Only shifts that have not started can change hands (the server refuses others with SHIFT_STARTED).
  const options = from ? assignments.filter((a) => a.userId !== from.userId && a.id !== from.id && !shiftHasStarted(a.startsAt, Date.now())).map((a) => ({ value: a.id, label: label(a) })) : [];

  async function submit() {
    if (!from || !withId) return;
    await run(async () => {
      await api(`/api/rosters/units/${encodeURIComponent(unit.id)}/swaps`, { method: 'POST', body: { assignmentId: from.id, withAssignmentId: withId, ...(reason.trim() ? { reason: reason.trim() } : {}) } });
      message.success(t('rosters.swapRequested'));
      setWithId(null);
      setReason('');
      onDone();
    });
  }

  return (
    <Modal open={from !== null} title={t('rosters.requestSwap')} onCancel={onClose} onOk={() => void submit()} okButtonProps={{ disabled: !withId, loading: busy }} okText={t('rosters.requestSwap')} destroyOnHidden>
      {from && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {t('rosters.myShift')}：<Typography.Text strong>{label(from)}</Typography.Text>
          </Typography.Text>
          <Select showSearch optionFilterProp="label" aria-label={t('rosters.swapWith')} placeholder={t('rosters.swapWith')} style={{ width: '100%' }} value={withId ?? undefined} onChange={setWithId} options={options} />
          <Input.TextArea placeholder={t('rosters.swapReason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} autoSize={{ minRows: 2 }} />
          <ErrorNote error={error} />
        </Space>
      )}
    </Modal>
  );
}
