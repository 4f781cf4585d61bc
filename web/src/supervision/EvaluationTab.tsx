import { useState } from 'react';
import { Button, Card, Descriptions, Drawer, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApi } from '../lib/useApi.ts';
import { navigate } from '../lib/router.ts';
import { queryString } from '../lib/cases.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { fmtTime, StateTag } from '../cases/console/caseUi.tsx';
import { chinaToday, pct } from './format.ts';
import type { EvaluationComponent, EvaluationRow, EvaluationTable, EvaluationTrace, TraceCaseInfo } from './types.ts';

type Level = 'county' | 'street' | 'community' | 'grid' | 'department' | 'handler';
type Preset = '7' | '30' | 'month';
const COMPONENT_KEYS = ['closure', 'onTime', 'rework', 'gridResolution', 'directiveSign', 'dailyReport', 'patrolCompliance', 'spotCheckPass'] as const;
/** Components counted from cases: their numbers open the cases behind them. */
const CASE_COMPONENTS = new Set(['closure', 'onTime', 'rework', 'gridResolution']);

function presetRange(p: Preset): { from: string; to: string } {
  const to = chinaToday(1);
  if (p === '7') return { from: chinaToday(-6), to };
  if (p === '30') return { from: chinaToday(-29), to };
  return { from: `${chinaToday().slice(0, 7)}-01`, to };
}

interface Drill {
  row: EvaluationRow;
  /** null = the score: its components first. */
  component: string | null;
}

/**
 * 综合评价: scores, ranks and colour grades of areas, departments or posts; every component figure opens
 * the cases behind it (GET /api/evaluation/trace). Formulas and weights: docs/evaluation.md.
 */
export default function EvaluationTab({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const [preset, setPreset] = useState<Preset>('30');
  const [level, setLevel] = useState<Level>('street');
  const period = presetRange(preset);
  const query = { ...period, level, scope };
  const table = useApi<EvaluationTable>(scope ? `/api/evaluation/scores${queryString(query)}` : null);
  const [drill, setDrill] = useState<Drill | null>(null);

  const componentColumn = (key: string) => ({
    title: t(`supervision.eval.component.${key}`),
    key,
    render: (_: unknown, r: EvaluationRow) => {
      const c = r.components.find((x) => x.key === key);
      if (!c || !c.denominator) return <Typography.Text type="secondary">—</Typography.Text>;
      return (
        <Button type="link" className="supervision-drill" data-component={key} onClick={() => setDrill({ row: r, component: key })}>
          {pct(c.rate)} <Typography.Text type="secondary">({c.numerator}/{c.denominator})</Typography.Text>
        </Button>
      );
    },
  });

  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented value={preset} onChange={(v) => setPreset(v as Preset)} options={[{ value: '7', label: t('supervision.eval.last7') }, { value: '30', label: t('supervision.eval.last30') }, { value: 'month', label: t('supervision.eval.month') }]} />
        <Segmented
          value={level}
          onChange={(v) => setLevel(v as Level)}
          options={(['county', 'street', 'community', 'grid', 'department', 'handler'] as const).map((l) => ({ value: l, label: t(`supervision.eval.level.${l}`) }))}
        />
      </Space>
      <ErrorNote error={table.error} />
      <Table<EvaluationRow>
        rowKey="key"
        size="small"
        loading={table.loading}
        dataSource={table.data?.rows ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        className="evaluation-table"
        columns={[
          { title: t('supervision.eval.rank'), dataIndex: 'rank', width: 60, render: (v: number) => (v ? v : '—') },
          { title: t('supervision.eval.unit'), dataIndex: 'name' },
          {
            title: t('supervision.eval.score'),
            dataIndex: 'score',
            render: (v: number | null, r: EvaluationRow) =>
              v === null ? '—' : (
                <Button type="link" className="supervision-drill evaluation-score" onClick={() => setDrill({ row: r, component: null })}>
                  <strong>{v.toFixed(1)}</strong>
                </Button>
              ),
          },
          { title: t('supervision.eval.grade'), dataIndex: 'grade', render: (g: EvaluationRow['grade']) => (g ? <Tag color={g.colour} className="supervision-grade">{g.grade}</Tag> : '—') },
          ...COMPONENT_KEYS.map(componentColumn),
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('supervision.eval.formula')}
      </Typography.Paragraph>
      <TraceDrawer drill={drill} query={query} onClose={() => setDrill(null)} />
    </Card>
  );
}

/**
 * One row's score → its components (value × effective weight = points) → the cases (or deliveries,
 * expected daily reports, patrol visits, spot-check items) behind the chosen component.
 */
function TraceDrawer({ drill, query, onClose }: { drill: Drill | null; query: Record<string, string>; onClose: () => void }) {
  const { t } = useTranslation();
  const trace = useApi<EvaluationTrace>(drill ? `/api/evaluation/trace${queryString({ ...query, key: drill.row.key })}` : null);
  const [picked, setPicked] = useState<string | null>(null);
  const [shownFor, setShownFor] = useState<Drill | null>(null);
  if (drill !== shownFor) {
    setShownFor(drill);
    setPicked(drill?.component ?? null);
  }
  const data = trace.data;
  const comp: EvaluationComponent | undefined = data?.components.find((c) => c.key === picked);
  return (
    <Drawer open={!!drill} onClose={onClose} size={960} destroyOnHidden className="evaluation-trace" title={drill ? `${drill.row.name} · ${t('supervision.eval.score')} ${drill.row.score?.toFixed(1) ?? '—'}` : ''}>
      <ErrorNote error={trace.error} />
      {data && (
        <Table<EvaluationComponent>
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={data.components}
          className="evaluation-components"
          rowClassName={(c) => (c.key === picked ? 'ant-table-row-selected' : '')}
          onRow={(c) => ({ onClick: () => c.denominator && setPicked(c.key), style: { cursor: c.denominator ? 'pointer' : 'default' } })}
          columns={[
            { title: t('supervision.eval.component.title'), dataIndex: 'key', render: (k: string) => t(`supervision.eval.component.${k}`) },
            { title: `${t('supervision.eval.numerator')}/${t('supervision.eval.denominator')}`, render: (_, c) => (c.denominator ? <Button type="link" className="supervision-drill" data-component={c.key}>{c.numerator}/{c.denominator}</Button> : '—') },
            { title: t('supervision.eval.rate'), dataIndex: 'rate', render: (v: number | null) => pct(v) },
            { title: t('supervision.eval.value'), dataIndex: 'value', render: (v: number | null) => pct(v) },
            { title: t('supervision.eval.configured'), dataIndex: 'weight' },
            { title: t('supervision.eval.weight'), dataIndex: 'effectiveWeight', render: (v: number) => (v ? v.toFixed(3) : '—') },
            {
              title: t('supervision.eval.points'),
              key: 'points',
              render: (_, c) => {
                if (c.value === null || !c.effectiveWeight) return '—';
                const points = 100 * c.value * c.effectiveWeight;
                return (
                  <span>
                    <span className="evaluation-contrib" style={{ width: `${points}px` }} />
                    {points.toFixed(1)}
                  </span>
                );
              },
            },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={6}>
                <Typography.Text strong>{t('supervision.eval.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6}>
                <Typography.Text strong>{data.score?.toFixed(1) ?? '—'}</Typography.Text> {data.grade && <Tag color={data.grade.colour}>{data.grade.grade}</Tag>}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      )}
      {data && !comp && <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('supervision.eval.pickComponent')}</Typography.Paragraph>}
      {data && comp && (
        <div style={{ marginTop: 16 }} className="evaluation-behind">
          <Typography.Title level={5}>{t('supervision.eval.behind', { name: t(`supervision.eval.component.${comp.key}`) })}</Typography.Title>
          <Descriptions size="small" column={4} bordered style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('supervision.eval.numerator')}>{comp.numerator}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.eval.denominator')}>{comp.denominator}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.eval.rate')}>{pct(comp.rate)}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.eval.weight')}>{comp.effectiveWeight.toFixed(3)}</Descriptions.Item>
          </Descriptions>
          {CASE_COMPONENTS.has(comp.key) && data.cases[comp.key] ? (
            <CaseSets sets={data.cases[comp.key]!} info={data.caseInfo} />
          ) : (
            <RecordList component={comp.key} records={data.records[comp.key] ?? []} info={data.caseInfo} />
          )}
        </div>
      )}
    </Drawer>
  );
}

/** Numerator and denominator case sets: the denominator's cases, marked when counted in the numerator. */
function CaseSets({ sets, info }: { sets: { numerator: string[]; denominator: string[] }; info: Record<string, TraceCaseInfo> }) {
  const { t } = useTranslation();
  const [part, setPart] = useState<'numerator' | 'denominator'>('numerator');
  const inNumerator = new Set(sets.numerator);
  const rows = sets[part].map((id) => ({ id, counted: inNumerator.has(id), ...(info[id] ?? { caseNo: id, state: '', gridCode: '', categoryCode: '', description: '', closedAt: null }) }));
  return (
    <>
      <Segmented
        value={part}
        onChange={(v) => setPart(v as typeof part)}
        options={[
          { value: 'numerator', label: `${t('supervision.eval.numerator')} ${sets.numerator.length}` },
          { value: 'denominator', label: `${t('supervision.eval.denominator')} ${sets.denominator.length}` },
        ]}
      />
      <Table
        rowKey="id"
        size="small"
        style={{ marginTop: 8 }}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        className="trace-cases"
        locale={{ emptyText: t('supervision.eval.noCases') }}
        columns={[
          { title: t('supervision.spot.caseNo'), dataIndex: 'caseNo', render: (v: string, r) => <Button type="link" className="supervision-drill" onClick={() => navigate(`/console/cases/${r.id}`)}>{v}</Button> },
          { title: t('supervision.spot.caseState'), dataIndex: 'state', render: (v: string) => (v ? <StateTag state={v} /> : '—') },
          { title: t('supervision.spot.grid'), dataIndex: 'gridCode' },
          { title: t('supervision.spot.closedAt'), dataIndex: 'closedAt', render: (v: string | null) => fmtTime(v) },
          { title: t('supervision.bulletin.description'), dataIndex: 'description', ellipsis: true },
          ...(part === 'denominator' ? [{ title: t('supervision.eval.counted'), dataIndex: 'counted', render: (c: boolean) => (c ? <Tag color="green">✓</Tag> : <Tag>✗</Tag>) }] : []),
        ]}
      />
    </>
  );
}

const RECORD_COLUMNS: Record<string, string[]> = {
  directiveSign: ['title', 'person', 'unitCode', 'deliveredAt', 'signDeadline', 'signedAt'],
  dailyReport: ['campaign', 'grid', 'date', 'filedBy'],
  patrolCompliance: ['site', 'worker', 'slotStart', 'slotEnd'],
  spotCheckPass: ['caseNo', 'result', 'inspector', 'at', 'note'],
};
const TIME_FIELDS = new Set(['deliveredAt', 'signDeadline', 'signedAt', 'slotStart', 'slotEnd', 'at']);

/** Records behind a non-case component (deliveries, expected daily reports, patrol visits, spot-check items). */
function RecordList({ component, records, info }: { component: string; records: EvaluationTrace['records'][string]; info: Record<string, TraceCaseInfo> }) {
  const { t } = useTranslation();
  const [only, setOnly] = useState<'all' | 'counted' | 'missed'>('all');
  const shown = records.filter((r) => (only === 'all' ? true : only === 'counted' ? r.counted : !r.counted));
  return (
    <>
      <Segmented
        value={only}
        onChange={(v) => setOnly(v as typeof only)}
        options={[
          { value: 'all', label: `${t('supervision.eval.denominator')} ${records.length}` },
          { value: 'counted', label: `${t('supervision.eval.numerator')} ${records.filter((r) => r.counted).length}` },
          { value: 'missed', label: `${t('supervision.eval.notCounted')} ${records.filter((r) => !r.counted).length}` },
        ]}
      />
      <Table
        rowKey={(r) => JSON.stringify(r)}
        size="small"
        style={{ marginTop: 8 }}
        dataSource={shown}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        className="trace-records"
        scroll={{ x: true }}
        columns={[
          ...(RECORD_COLUMNS[component] ?? []).map((f) => ({
            title: t(`supervision.eval.field.${f}`),
            dataIndex: f,
            render: (v: string | number | boolean | null, r: (typeof records)[number]) => {
              if (f === 'caseNo' && typeof r['caseId'] === 'string') {
                const id = r['caseId'];
                return <Button type="link" className="supervision-drill" onClick={() => navigate(`/console/cases/${id}`)}>{String(v ?? info[id]?.caseNo ?? id)}</Button>;
              }
              if (f === 'result') return <Tag color={v === 'passed' ? 'green' : 'red'}>{t(`supervision.result.${String(v)}`)}</Tag>;
              if (TIME_FIELDS.has(f)) return fmtTime(v as string | null);
              return v === null || v === undefined ? '—' : String(v);
            },
          })),
          { title: t('supervision.eval.counted'), dataIndex: 'counted', render: (c: boolean) => (c ? <Tag color="green">✓</Tag> : <Tag color="red">✗</Tag>) },
        ]}
      />
    </>
  );
}
