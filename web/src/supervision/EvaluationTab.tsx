import { useEffect, useState } from 'react';
import { Button, Card, Descriptions, Drawer, List, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api.ts';
import { useApi } from '../lib/useApi.ts';
import { navigate } from '../lib/router.ts';
import { queryString, type CaseView } from '../lib/cases.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { StateTag } from '../console/caseUi.tsx';
import { chinaToday, pct } from './format.ts';
import type { EvaluationComponent, EvaluationRow, EvaluationTable, EvaluationTrace } from './types.ts';

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
  component: string;
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
          { title: t('supervision.eval.score'), dataIndex: 'score', render: (v: number | null) => (v === null ? '—' : <strong>{v.toFixed(1)}</strong>) },
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

/** The cases (or spot-check items) behind one component of one row. */
function TraceDrawer({ drill, query, onClose }: { drill: Drill | null; query: Record<string, string>; onClose: () => void }) {
  const { t } = useTranslation();
  const trace = useApi<EvaluationTrace>(drill ? `/api/evaluation/trace${queryString({ ...query, key: drill.row.key })}` : null);
  const comp: EvaluationComponent | undefined = trace.data?.components.find((c) => c.key === drill?.component);
  const ids = drill && trace.data?.cases[drill.component];
  const [part, setPart] = useState<'numerator' | 'denominator'>('numerator');
  return (
    <Drawer open={!!drill} onClose={onClose} size={640} destroyOnHidden title={drill ? `${drill.row.name} · ${t(`supervision.eval.component.${drill.component}`)}` : ''}>
      <ErrorNote error={trace.error} />
      {comp && (
        <Descriptions size="small" column={2} bordered style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('supervision.eval.numerator')}>{comp.numerator}</Descriptions.Item>
          <Descriptions.Item label={t('supervision.eval.denominator')}>{comp.denominator}</Descriptions.Item>
          <Descriptions.Item label={t('supervision.eval.rate')}>{pct(comp.rate)}</Descriptions.Item>
          <Descriptions.Item label={t('supervision.eval.weight')}>{comp.effectiveWeight.toFixed(3)}</Descriptions.Item>
        </Descriptions>
      )}
      {drill && !CASE_COMPONENTS.has(drill.component) && <Typography.Paragraph type="secondary">{t('supervision.eval.notCases')}</Typography.Paragraph>}
      {ids && (
        <>
          <Segmented value={part} onChange={(v) => setPart(v as typeof part)} options={[{ value: 'numerator', label: `${t('supervision.eval.numerator')} ${ids.numerator.length}` }, { value: 'denominator', label: `${t('supervision.eval.denominator')} ${ids.denominator.length}` }]} />
          <CaseList ids={ids[part]} />
        </>
      )}
    </Drawer>
  );
}

/** The first 50 of a set of case ids, read one by one (the trace answers ids only). */
function CaseList({ ids }: { ids: string[] }) {
  const { t } = useTranslation();
  const [cases, setCases] = useState<CaseView[] | null>(null);
  const key = ids.join(',');
  useEffect(() => {
    let live = true;
    setCases(null);
    void Promise.all(ids.slice(0, 50).map((id) => api<{ case: CaseView }>(`/api/cases/${id}`).then((d) => d.case, () => null))).then((rows) => {
      if (live) setCases(rows.filter((r): r is CaseView => r !== null));
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return (
    <List<CaseView>
      className="trace-cases"
      loading={cases === null}
      dataSource={cases ?? []}
      locale={{ emptyText: t('supervision.eval.noCases') }}
      footer={ids.length > 50 ? t('supervision.eval.more', { n: ids.length - 50 }) : undefined}
      renderItem={(c) => (
        <List.Item actions={[<StateTag key="s" state={c.state} />]}>
          <List.Item.Meta title={<Button type="link" className="supervision-drill" onClick={() => navigate(`/console/cases/${c.id}`)}>{c.caseNo}</Button>} description={c.description} />
        </List.Item>
      )}
    />
  );
}
