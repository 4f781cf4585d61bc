import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Card, Empty, List, Segmented, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { navigate } from '../../lib/router.ts';
import { useSession } from '../../lib/session.tsx';
import { useOnline, useOutbox } from '../../lib/outbox/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useCategories } from './useCategories.ts';
import { SyncList } from '../../field/SyncList.tsx';
import type { CaseListItem as CaseItem } from '../../../../shared/cases/wire.ts';
import { bucketOf, loadTasks, type Bucket } from './tasks.ts';

function CaseRow({ c, name }: { c: CaseItem; name: (code: string) => string }) {
  const { t } = useTranslation();
  const overdue = c.stageDueAt !== null && Date.parse(c.stageDueAt) < Date.now();
  return (
    <List.Item className="task-item" onClick={() => navigate(`/field/cases/${c.id}`)} style={{ cursor: 'pointer' }}>
      <div style={{ width: '100%', minWidth: 0 }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
          <Typography.Text strong>{name(c.categoryCode)}</Typography.Text>
          <Tag color={c.state === 'closed' || c.state === 'evaluated' ? 'green' : 'blue'}>{t(`field.states.${c.state}`)}</Tag>
        </Space>
        <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0' }}>
          <a href={`/field/cases/${c.id}`} onClick={(e) => e.preventDefault()}>
            {c.description}
          </a>
        </Typography.Paragraph>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {c.caseNo} · {dayjs(c.createdAt).format('MM-DD HH:mm')}
          {c.stageDueAt && (
            <span style={overdue ? { color: '#cf1322' } : undefined}>
              {' · '}
              {overdue ? t('field.tasks.overdue') : t('field.tasks.dueAt', { at: dayjs(c.stageDueAt).format('MM-DD HH:mm') })}
            </span>
          )}
        </Typography.Text>
      </div>
    </List.Item>
  );
}

/** 任务: 待核查 / 待处置 / 待签收, and 我的上报 with their status (server and still-queued ones). */
export default function TasksPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const online = useOnline();
  const cats = useCategories();
  const commands = useOutbox();
  const [bucket, setBucket] = useState<Bucket>('verify');
  const [state, setState] = useState<{ cases: CaseItem[]; mine: CaseItem[]; offline: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const doneCount = commands.filter((c) => c.state === 'done').length;

  useEffect(() => {
    let live = true;
    loadTasks().then(
      (r) => live && (setState(r), setError(null)),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
    // Reload when the connection returns and when a queued write is acknowledged.
  }, [online, doneCount]);

  const buckets = useMemo(() => {
    const out: Record<Bucket, CaseItem[]> = { verify: [], handle: [], acknowledge: [], mine: [] };
    for (const c of state?.cases ?? []) {
      const b = bucketOf(c, me.id);
      if (b) out[b].push(c);
    }
    out.mine = (state?.mine ?? []).filter((c) => c.reporterId === me.id);
    return out;
  }, [state, me.id]);
  const pendingReports = commands.filter((c) => c.kind === 'case.report' && c.state !== 'done');

  const label = (b: Bucket, key: string) => (
    <span>
      {t(key)} <Badge count={b === 'mine' ? buckets.mine.length + pendingReports.length : buckets[b].length} size="small" showZero={false} color={b === 'mine' ? '#8c8c8c' : '#1677ff'} />
    </span>
  );

  return (
    <div>
      {state?.offline && <Alert type="info" showIcon title={t('field.cachedData')} className="field-section" />}
      <Segmented
        block
        value={bucket}
        onChange={(v) => setBucket(v as Bucket)}
        options={[
          { value: 'verify', label: label('verify', 'field.tasks.verify') },
          { value: 'handle', label: label('handle', 'field.tasks.handle') },
          { value: 'acknowledge', label: label('acknowledge', 'field.tasks.acknowledge') },
          { value: 'mine', label: label('mine', 'field.tasks.mine') },
        ]}
        className="field-section field-segmented"
      />
      <ErrorNote error={error} style={{ marginTop: 12 }} />
      {!state && !error && <Skeleton active style={{ marginTop: 12 }} />}
      {state && (
        <Card size="small" className="field-section" style={{ marginTop: 12 }}>
          {bucket === 'mine' && pendingReports.length > 0 && (
            <>
              <Typography.Text type="secondary">{t('field.tasks.notSynced')}</Typography.Text>
              <SyncList commands={pendingReports} />
            </>
          )}
          {buckets[bucket].length === 0 && !(bucket === 'mine' && pendingReports.length > 0) ? (
            <Empty description={t(`field.tasks.empty.${bucket}`)} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : (
            <List dataSource={buckets[bucket]} renderItem={(c) => <CaseRow key={c.id} c={c} name={cats.name} />} />
          )}
        </Card>
      )}
    </div>
  );
}
