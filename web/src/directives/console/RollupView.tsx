import { useEffect, useState } from 'react';
import { Breadcrumb, Button, Card, Col, Row, Statistic } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../lib/useApi.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import type { Directive, Rollup } from '../../../../shared/directives/wire.ts';
import { OverdueTable } from './OverdueTable.tsx';
import { RollupChildrenTable } from './RollupChildrenTable.tsx';
import { RollupPeopleTable } from './RollupPeopleTable.tsx';

/** The roll-up re-reads itself this often while open ("live" without a stream for directives). */
const ROLLUP_REFRESH_MS = 15_000;

/** 落实情况: the roll-up at one unit with drill-down by child unit to a grid and its people. */
export function RollupView({ directive }: { directive: Directive }) {
  const { t } = useTranslation();
  const [trail, setTrail] = useState<{ code: string; name: string }[]>([]);
  const unit = trail[trail.length - 1]?.code ?? directive.issuer.unitCode;
  const [tick, setTick] = useState(0);
  const rollup = useApi<Rollup>(`/api/directives/${directive.id}/rollup?unit=${unit}&_=${tick}`);
  useEffect(() => {
    const timer = setInterval(() => setTick((x) => x + 1), ROLLUP_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const r = rollup.data;
  const [topName, setTopName] = useState<string | null>(null);
  useEffect(() => {
    if (r && r.unit.code === directive.issuer.unitCode) setTopName(r.unit.name);
  }, [r, directive.issuer.unitCode]);

  return (
    <Card
      size="small"
      title={t('directives.rollup.title')}
      extra={
        <Button size="small" icon={<ReloadOutlined />} onClick={() => setTick((x) => x + 1)}>
          {t('directives.refresh')}
        </Button>
      }
      className="rollup-card"
    >
      <Breadcrumb
        className="rollup-crumbs"
        items={[{ code: directive.issuer.unitCode, name: topName ?? directive.issuer.unitCode }, ...trail].map((c, i, all) => ({
          key: c.code,
          title: i === all.length - 1 ? <span>{c.name}</span> : <a onClick={() => setTrail(trail.slice(0, i))}>{c.name}</a>,
        }))}
      />
      <ErrorNote error={rollup.error} />
      {r && (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 12 }}>
            <Col xs={12} md={6}>
              <Statistic title={t('directives.rollup.reached')} value={r.totals.reached} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('directives.rollup.signed')} value={r.totals.signed} suffix={<span className="rollup-pct">({r.totals.signedPct}%)</span>} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('directives.rollup.units')} value={r.totals.units} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('directives.rollup.implemented')} value={r.totals.implementedUnits} suffix={<span>({r.totals.implementedPct}%)</span>} />
            </Col>
          </Row>
          {r.children.length > 0 && <RollupChildrenTable rows={r.children} onOpen={(row) => setTrail([...trail, { code: row.code, name: row.name }])} />}
          {r.people && <RollupPeopleTable people={r.people} />}
          <OverdueTable overdue={r.overdue} phonesMasked={r.phonesMasked} />
        </>
      )}
    </Card>
  );
}
