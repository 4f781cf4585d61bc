import { useState } from 'react';
import { Button, Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../lib/useApi.ts';
import { queryString } from '../../../lib/api.ts';
import { ErrorNote } from '../../../components/ErrorNote.tsx';
import { fmtRate, presetRange } from '../../../lib/format.ts';
import type { EvaluationLevel, EvaluationRow, EvaluationTable } from '../../../../../shared/evaluation/wire.ts';
import { type Preset, type Drill, COMPONENT_KEYS } from './evaluationUi.tsx';
import { TraceDrawer } from './TraceDrawer.tsx';

/**
 * 综合评价: scores, ranks and colour grades of areas, departments or posts; every component figure opens
 * the cases behind it (GET /api/evaluation/trace). Formulas and weights: docs/evaluation.md.
 */
export default function EvaluationTab({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const [preset, setPreset] = useState<Preset>('30');
  const [level, setLevel] = useState<EvaluationLevel>('street');
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
          {fmtRate(c.rate)} <Typography.Text type="secondary">({c.numerator}/{c.denominator})</Typography.Text>
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
          onChange={(v) => setLevel(v as EvaluationLevel)}
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
