import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Image, Input, Modal, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { useCachedApi } from '../../lib/useCachedApi.ts';
import { outbox, useOutbox } from '../../lib/outbox/index.ts';
import { navigate } from '../../lib/router.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useCategories } from './useCategories.ts';
import { SyncList } from '../../field/SyncList.tsx';
import { REASON_ACTIONS } from '../shared/cases.ts';
import type { CaseDetail as CaseDetailView } from '../../../../shared/cases/wire.ts';

/** Actions a grid worker or leader takes in the field; the rest stay in the console. */
const FIELD_ACTIONS = ['verify', 'rework', 'self_resolve', 'accept', 'complete', 'request_void'] as const;

/** 案件详情: what, where, when, the timeline, and the actions this person may take (queued in the outbox). */
export default function CaseDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const cats = useCategories();
  const res = useCachedApi<CaseDetailView>(`/api/cases/${encodeURIComponent(id)}`);
  const commands = useOutbox().filter((c) => c.kind === 'case.action' && (c.payload as { caseId: string }).caseId === id);
  const [asking, setAsking] = useState<string | null>(null);
  const [text, setText] = useState('');
  const doneCount = commands.filter((c) => c.state === 'done').length;
  const { reload } = res;
  useEffect(() => {
    if (doneCount > 0) reload();
  }, [doneCount, reload]);

  if (res.loading && !res.data) return <Skeleton active />;
  if (!res.data) return <ErrorNote error={res.error} />;
  const c = res.data.case;
  const pending = commands.some((x) => x.state === 'queued' || x.state === 'sending');
  const actions = FIELD_ACTIONS.filter((a) => c.actions.includes(a));

  async function act(action: string, input: string) {
    const body: { action: string; expectedVersion: number; reason?: string; note?: string } = { action, expectedVersion: c.version };
    if (REASON_ACTIONS.has(action)) body.reason = input.trim();
    else if (input.trim()) body.note = input.trim();
    await outbox().enqueue('case.action', { caseId: c.id, caseNo: c.caseNo, body, label: t(`field.actions.${action}`) });
    message.success(navigator.onLine ? t('field.case.actionSent') : t('field.case.actionQueued'));
    setAsking(null);
    setText('');
  }

  const photos = res.data.timeline.flatMap((e) => e.photos);
  return (
    <div>
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('/field/tasks')} style={{ paddingLeft: 0 }}>
        {t('field.case.back')}
      </Button>
      {res.offline && <Alert type="info" showIcon title={t('field.cachedData')} className="field-section" />}
      <Card size="small" className="field-section" title={cats.fullName(c.categoryCode)} extra={<Tag color="blue">{t(`field.states.${c.state}`)}</Tag>}>
        <Typography.Paragraph style={{ fontSize: 16 }}>{c.description}</Typography.Paragraph>
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'no', label: t('field.caseNo'), children: c.caseNo },
            { key: 'at', label: t('field.case.reportedAt'), children: dayjs(c.createdAt).format('YYYY-MM-DD HH:mm') },
            ...(c.stageDueAt ? [{ key: 'due', label: t('field.case.dueAt'), children: dayjs(c.stageDueAt).format('YYYY-MM-DD HH:mm') }] : []),
            { key: 'where', label: t('field.case.location'), children: c.address ?? `${c.location.lat.toFixed(5)}, ${c.location.lng.toFixed(5)}` },
            ...(c.reworkCount > 0 ? [{ key: 'rework', label: t('field.case.reworkCount'), children: c.reworkCount }] : []),
          ]}
        />
        {photos.length > 0 && (
          <Image.PreviewGroup>
            <Space wrap style={{ marginTop: 8 }}>
              {photos.map((sha) => (
                <Image key={sha} src={`/api/attachments/${sha}`} width={88} height={88} style={{ objectFit: 'cover' }} alt={t('field.case.photo')} />
              ))}
            </Space>
          </Image.PreviewGroup>
        )}
      </Card>
      {commands.length > 0 && (
        <Card size="small" className="field-section" title={t('field.case.myActions')}>
          <SyncList commands={commands} />
        </Card>
      )}
      {actions.length > 0 && !pending && (
        <Card size="small" className="field-section" title={t('field.case.actionsTitle')}>
          <Space wrap>
            {actions.map((a) => (
              <Button key={a} type={a === 'verify' || a === 'self_resolve' || a === 'complete' || a === 'accept' ? 'primary' : 'default'} danger={a === 'rework' || a === 'request_void'} size="large" onClick={() => (a === 'accept' || a === 'verify' ? void act(a, '') : setAsking(a))}>
                {t(`field.actions.${a}`)}
              </Button>
            ))}
          </Space>
        </Card>
      )}
      <Card size="small" className="field-section" title={t('field.case.timeline')}>
        <Timeline
          items={res.data.timeline.map((e) => ({
            key: e.id,
            content: (
              <div>
                <Typography.Text strong>{t(`field.actions.${e.action}`, { defaultValue: e.action })}</Typography.Text>{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {e.actorName ?? ''} · {dayjs(e.at).format('MM-DD HH:mm')}
                </Typography.Text>
                {e.note && <div>{e.note}</div>}
              </div>
            ),
          }))}
        />
      </Card>
      <Modal
        open={asking !== null}
        title={asking ? t(`field.actions.${asking}`) : ''}
        okText={t('field.case.confirm')}
        cancelText={t('common.cancel')}
        onCancel={() => setAsking(null)}
        okButtonProps={{ disabled: asking !== null && REASON_ACTIONS.has(asking) && !text.trim() }}
        onOk={() => asking && void act(asking, text)}
      >
        <Input.TextArea
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={1000}
          aria-label={asking && REASON_ACTIONS.has(asking) ? t('field.case.reason') : t('field.case.note')}
          placeholder={asking && REASON_ACTIONS.has(asking) ? t('field.case.reasonPlaceholder') : t('field.case.notePlaceholder')}
        />
      </Modal>
    </div>
  );
}
