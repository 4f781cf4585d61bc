import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { useApi } from '../lib/useApi.ts';
import { api } from '../lib/api.ts';
import { useScopes } from '../console/useScope.ts';
import '../patrols/patrols.css';

interface OnDuty {
  at: string;
  onDuty: { assignmentId: string; unitId: string; unitName: string; shiftName: string; role: string; userId: string; name: string; startsAt: string; endsAt: string }[];
}
interface Unit {
  id: string;
  nameZh: string;
  kind: string;
  territoryCode: string;
  rules: { minRestHours: number; maxConsecutiveDays: number; maxWeeklyHours: number };
  templates: { id: string; nameZh: string; startTime: string; durationMinutes: number; night: boolean }[];
  members: { userId: string; name: string; skills: string[] }[];
}
interface Assignments {
  assignments: { id: string; templateId: string; date: string; role: string; userId: string; startsAt: string; endsAt: string; source: string; overrideReason: string | null }[];
  violations: { rule: string; personId: string | null; date: string; messageZh: string; messageEn: string }[];
}

// There is no "list units" endpoint yet: units seen (on duty in scope, opened before) are remembered on this device.
const UNITS_KEY = 'wangge.rosters.units';
function knownUnits(): { id: string; name: string }[] {
  try {
    return JSON.parse(localStorage.getItem(UNITS_KEY) ?? '[]') as { id: string; name: string }[];
  } catch {
    return [];
  }
}
function rememberUnit(u: { id: string; name: string }): void {
  try {
    localStorage.setItem(UNITS_KEY, JSON.stringify([u, ...knownUnits().filter((x) => x.id !== u.id)].slice(0, 30)));
  } catch {
    // storage blocked: the list is just shorter next time
  }
}

/** 值班排班 (console): who is on duty now in my scope, a unit's roster grid for a period, generate, XLSX export. */
export default function RostersConsole() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { scopes, code, setCode } = useScopes();
  const onDuty = useApi<OnDuty>(code ? `/api/rosters/on-duty?scope=${encodeURIComponent(code)}` : null);
  const [units, setUnits] = useState(knownUnits);
  const [unitId, setUnitId] = useState<string | null>(units[0]?.id ?? null);
  const [typed, setTyped] = useState('');
  const [from, setFrom] = useState<Dayjs>(dayjs().startOf('week').add(1, 'day'));
  const [days, setDays] = useState(7);
  const [busy, setBusy] = useState(false);
  const [genError, setGenError] = useState<unknown>(null);
  const unit = useApi<Unit>(unitId ? `/api/rosters/units/${encodeURIComponent(unitId)}` : null);
  const period = `from=${from.format('YYYY-MM-DD')}&days=${days}`;
  const grid = useApi<Assignments>(unitId ? `/api/rosters/units/${encodeURIComponent(unitId)}/assignments?${period}` : null);

  // Units on duty now join the picker.
  useEffect(() => {
    for (const d of onDuty.data?.onDuty ?? []) rememberUnit({ id: d.unitId, name: d.unitName });
    if (onDuty.data?.onDuty.length) setUnits(knownUnits());
  }, [onDuty.data]);
  useEffect(() => {
    if (unit.data) {
      rememberUnit({ id: unit.data.id, name: unit.data.nameZh });
      setUnits(knownUnits());
    }
  }, [unit.data]);
  useEffect(() => {
    if (!unitId && units[0]) setUnitId(units[0].id);
  }, [units, unitId]);

  const dates = useMemo(() => Array.from({ length: days }, (_, i) => from.add(i, 'day').format('YYYY-MM-DD')), [from, days]);
  const templates = new Map((unit.data?.templates ?? []).map((x) => [x.id, x]));
  const rows = (unit.data?.members ?? []).map((m) => {
    const row: Record<string, unknown> = { key: m.userId, name: m.name, skills: m.skills.join('、') };
    for (const d of dates) row[d] = (grid.data?.assignments ?? []).filter((a) => a.userId === m.userId && a.date === d);
    return row;
  });

  async function generate() {
    if (!unitId) return;
    setBusy(true);
    setGenError(null);
    try {
      const out = await api<{ violations: unknown[]; uncovered: number; assignments: number }>(`/api/rosters/units/${encodeURIComponent(unitId)}/generate`, { method: 'POST', body: { from: from.format('YYYY-MM-DD'), days } });
      message.success(t('rosters.generated', { n: out.assignments, violations: out.violations.length, uncovered: out.uncovered }));
      grid.reload();
    } catch (err) {
      setGenError(err);
    } finally {
      setBusy(false);
    }
  }
  const text = (v: Assignments['violations'][number]) => (i18n.language === 'en' ? v.messageEn : v.messageZh);

  return (
    <div className="rosters-console">
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('rosters.title')}
        </Typography.Title>
        {scopes.length > 1 && <Select aria-label={t('rosters.scope')} value={code} style={{ minWidth: 180 }} options={scopes.map((s) => ({ value: s.code, label: s.name }))} onChange={setCode} />}
      </Space>

      <Card size="small" title={t('rosters.onDutyNow')} style={{ marginBottom: 12 }} extra={<Button size="small" onClick={onDuty.reload}>{t('rosters.refresh')}</Button>}>
        <ErrorNote error={onDuty.error} />
        {onDuty.data && onDuty.data.onDuty.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rosters.nobodyOnDuty')} />}
        <Space wrap>
          {onDuty.data?.onDuty.map((d) => (
            <Tag key={d.assignmentId} color="blue">
              {d.unitName} · {d.shiftName} · {d.role} · {d.name} ({dayjs(d.startsAt).format('HH:mm')}–{dayjs(d.endsAt).format('HH:mm')})
            </Tag>
          ))}
        </Space>
      </Card>

      <Card size="small" title={t('rosters.gridTitle')}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select aria-label={t('rosters.unit')} placeholder={t('rosters.pickUnit')} value={unitId ?? undefined} style={{ minWidth: 220 }} options={units.map((u) => ({ value: u.id, label: u.name }))} onChange={setUnitId} />
          <Space.Compact>
            <Input placeholder={t('rosters.unitIdPlaceholder')} value={typed} onChange={(e) => setTyped(e.target.value)} style={{ width: 220 }} aria-label={t('rosters.unitId')} />
            <Button onClick={() => typed.trim() && setUnitId(typed.trim())}>{t('rosters.open')}</Button>
          </Space.Compact>
          <DatePicker aria-label={t('rosters.from')} value={from} allowClear={false} onChange={(d) => d && setFrom(d)} />
          <Select aria-label={t('rosters.days')} value={days} style={{ width: 110 }} onChange={setDays} options={[7, 14, 28].map((n) => ({ value: n, label: t('rosters.nDays', { n }) }))} />
          <Button type="primary" disabled={!unitId} loading={busy} onClick={() => void generate()}>
            {t('rosters.generate')}
          </Button>
          <Button disabled={!unitId} href={unitId ? `/api/rosters/units/${encodeURIComponent(unitId)}/export.xlsx?${period}` : undefined}>
            {t('rosters.export')}
          </Button>
        </Space>
        <ErrorNote error={unit.error ?? grid.error ?? genError} style={{ marginBottom: 12 }} />
        {!unitId && <Alert type="info" showIcon title={t('rosters.noUnit')} />}
        {unit.data && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('rosters.rules', unit.data.rules)}
          </Typography.Paragraph>
        )}
        {grid.data && grid.data.violations.length > 0 && (
          <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('rosters.violations', { n: grid.data.violations.length })} description={grid.data.violations.slice(0, 5).map((v, i) => <div key={i}>{text(v)}</div>)} />
        )}
        {grid.data && grid.data.violations.length === 0 && grid.data.assignments.length > 0 && <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('rosters.noViolations')} />}
        {unit.data && (
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
                render: (list: Assignments['assignments']) => (
                  <div className="roster-cell">
                    {list.map((a) => (
                      <div key={a.id}>
                        <Tag color={templates.get(a.templateId)?.night ? 'purple' : 'geekblue'} style={{ marginInlineEnd: 0 }}>
                          {templates.get(a.templateId)?.nameZh ?? a.templateId}
                        </Tag>{' '}
                        {a.role}
                      </div>
                    ))}
                  </div>
                ),
              })),
            ]}
          />
        )}
      </Card>
    </div>
  );
}
