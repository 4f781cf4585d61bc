import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { CloseOutlined, DownloadOutlined, SwapOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { shiftHasStarted } from '../../../../shared/rosters/model.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useApi } from '../../lib/useApi.ts';
import { api } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';
import { SwapRequestModal, SwapRequests } from './SwapRequests.tsx';
import { UnitPeople } from './UnitPeople.tsx';
import { ManualAssignment } from './ManualAssignment.tsx';
import { ShiftTemplates } from './ShiftTemplates.tsx';
import type { Assignment, AssignmentRemoved, Assignments, Swaps, Unit, Generated } from '../../../../shared/rosters/wire.ts';

/** One unit: the roster grid for a period (generate, export, swap requests, remove a shift), swap approval, shift templates, members and leave. */
export function UnitRoster({ unitId, onTemplatesChanged }: { unitId: string; onTemplatesChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const unit = useApi<Unit>(`/api/rosters/units/${encodeURIComponent(unitId)}`);
  // Monday of this week, whatever the locale's first day of the week (zh-CN: Monday, en: Sunday).
  const [from, setFrom] = useState<Dayjs>(() => dayjs().startOf('day').subtract((dayjs().day() + 6) % 7, 'day'));
  const [days, setDays] = useState(7);
  const [busy, setBusy] = useState(false);
  const [genError, setGenError] = useState<unknown>(null);
  const [swapFrom, setSwapFrom] = useState<Assignment | null>(null);
  const period = `from=${from.format('YYYY-MM-DD')}&days=${days}`;
  const grid = useApi<Assignments>(`/api/rosters/units/${encodeURIComponent(unitId)}/assignments?${period}`);
  const swaps = useApi<Swaps>(`/api/rosters/units/${encodeURIComponent(unitId)}/swaps`);
  const u = unit.data;
  const pending = swaps.data?.swaps.filter((s) => s.state === 'pending').length ?? 0;

  const dates = useMemo(() => Array.from({ length: days }, (_, i) => from.add(i, 'day').format('YYYY-MM-DD')), [from, days]);
  // Past versions too: shifts worked under a retired or superseded template keep its name.
  const templates = new Map([...(u?.pastTemplates ?? []), ...(u?.templates ?? [])].map((x) => [x.id, x]));
  const names = new Map((u?.members ?? []).map((m) => [m.userId, m.name]));
  const rows = (u?.members ?? []).map((m) => {
    const row: Record<string, unknown> = { key: m.userId, name: m.name, skills: m.skills.join('、') };
    for (const d of dates) row[d] = (grid.data?.assignments ?? []).filter((a) => a.userId === m.userId && a.date === d);
    return row;
  });
  const mayAskSwap = (a: Assignment) => u !== null && (u.canManage || a.userId === me.id) && !shiftHasStarted(a.startsAt, Date.now());
  // A started or past shift is history: the server refuses to remove it (SHIFT_STARTED).
  const mayRemove = (a: Assignment) => u !== null && u.canManage && !shiftHasStarted(a.startsAt, Date.now());

  async function removeAssignment(a: Assignment) {
    setGenError(null);
    try {
      const out = await api<AssignmentRemoved>(`/api/rosters/assignments/${encodeURIComponent(a.id)}`, { method: 'DELETE' });
      if (out.understaffed) message.warning(t('rosters.removeShift.understaffed', { role: out.role, n: out.missing }));
      else message.success(t('rosters.removeShift.done'));
      grid.reload();
      if (out.deniedSwaps > 0) swaps.reload();
    } catch (err) {
      setGenError(err);
    }
  }

  async function generate() {
    setBusy(true);
    setGenError(null);
    try {
      const out = await api<Generated>(`/api/rosters/units/${encodeURIComponent(unitId)}/generate`, { method: 'POST', body: { from: from.format('YYYY-MM-DD'), days } });
      message.success(t('rosters.generated', { n: out.assignments, violations: out.violations.length, uncovered: out.uncovered }));
      grid.reload();
    } catch (err) {
      setGenError(err);
    } finally {
      setBusy(false);
    }
  }
  const text = (v: Assignments['violations'][number]) => (i18n.language === 'en' ? v.messageEn : v.messageZh);

  const rosterTab = (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker aria-label={t('rosters.from')} value={from} allowClear={false} onChange={(d) => d && setFrom(d)} />
        <Select aria-label={t('rosters.days')} value={days} style={{ width: 110 }} onChange={setDays} options={[7, 14, 28].map((n) => ({ value: n, label: t('rosters.nDays', { n }) }))} />
        {u?.canManage && (
          <Button type="primary" loading={busy} onClick={() => void generate()}>
            {t('rosters.generate')}
          </Button>
        )}
        <Button icon={<DownloadOutlined />} href={`/api/rosters/units/${encodeURIComponent(unitId)}/export.xlsx?${period}`} download>
          {t('rosters.export')}
        </Button>
      </Space>
      <ErrorNote error={grid.error ?? genError} style={{ marginBottom: 12 }} />
      {u && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('rosters.rules', u.rules)} · {u.templates.map((x) => t('rosters.templateLine', { name: x.nameZh, start: x.startTime, hours: Math.round((x.durationMinutes / 60) * 10) / 10 })).join('；')} · {t('rosters.pickShift')}
        </Typography.Paragraph>
      )}
      {grid.data && grid.data.violations.length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('rosters.violations', { n: grid.data.violations.length })} description={grid.data.violations.slice(0, 5).map((v, i) => <div key={i}>{text(v)}</div>)} />
      )}
      {grid.data && grid.data.violations.length === 0 && grid.data.assignments.length > 0 && <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('rosters.noViolations')} />}
      {u && (
        <Table
          className="roster-grid"
          size="small"
          loading={grid.loading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('rosters.person'), dataIndex: 'name', fixed: 'left' },
            ...dates.map((d) => ({
              title: dayjs(d).format('MM-DD ddd'),
              dataIndex: d,
              render: (list: Assignment[]) => (
                <div className="roster-cell">
                  {list.map((a) => (
                    <div key={a.id} data-assignment={a.id}>
                      <Tag
                        color={templates.get(a.templateId)?.night ? 'purple' : 'geekblue'}
                        style={{ marginInlineEnd: 0, cursor: mayAskSwap(a) ? 'pointer' : undefined }}
                        onClick={mayAskSwap(a) ? () => setSwapFrom(a) : undefined}
                        title={mayAskSwap(a) ? t('rosters.requestSwap') : undefined}
                      >
                        {templates.get(a.templateId)?.nameZh ?? a.templateId}
                        {mayAskSwap(a) && <SwapOutlined style={{ marginInlineStart: 4 }} />}
                      </Tag>{' '}
                      {a.role}
                      {a.source === 'swap' && <Tag style={{ marginInlineStart: 4 }}>{t('rosters.swapState.approved')}</Tag>}
                      {mayRemove(a) && (
                        <Popconfirm
                          title={t('rosters.removeShift.confirm', { name: names.get(a.userId) ?? '', date: a.date, shift: templates.get(a.templateId)?.nameZh ?? '' })}
                          description={t('rosters.removeShift.hint')}
                          onConfirm={() => void removeAssignment(a)}
                        >
                          <Button className="roster-remove" size="small" type="text" danger icon={<CloseOutlined />} aria-label={t('rosters.removeShift.button')} title={t('rosters.removeShift.button')} style={{ marginInlineStart: 2 }} />
                        </Popconfirm>
                      )}
                    </div>
                  ))}
                </div>
              ),
            })),
          ]}
        />
      )}
      {u?.canManage && <ManualAssignment unit={u} defaultDate={from} onDone={grid.reload} />}
    </div>
  );

  return (
    <Card size="small" title={u ? `${t('rosters.gridTitle')} · ${u.nameZh}` : t('rosters.gridTitle')}>
      <ErrorNote error={unit.error} style={{ marginBottom: 12 }} />
      {u && (
        <Tabs
          items={[
            { key: 'roster', label: t('rosters.gridTitle'), children: rosterTab },
            { key: 'swaps', label: `${t('rosters.swapsTitle')}${pending ? ` (${pending})` : ''}`, children: <SwapRequests unit={u} swaps={swaps.data} onChanged={() => { swaps.reload(); grid.reload(); }} /> },
            { key: 'templates', label: t('rosters.templatesTitle'), children: <ShiftTemplates unit={u} onChanged={() => { unit.reload(); grid.reload(); onTemplatesChanged(); }} /> },
            { key: 'people', label: t('rosters.membersTitle'), children: <UnitPeople unit={u} onChanged={unit.reload} /> },
          ]}
        />
      )}
      {u && <SwapRequestModal unit={u} from={swapFrom} assignments={grid.data?.assignments ?? []} onClose={() => setSwapFrom(null)} onDone={() => { setSwapFrom(null); swaps.reload(); }} />}
    </Card>
  );
}
