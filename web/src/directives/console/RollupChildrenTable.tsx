import type { HTMLAttributes } from 'react';
import { Progress, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RollupRow } from '../../../../shared/directives/wire.ts';

/** Reached / signed / implemented per child unit with progress bars; a click on a child drills down into it. */
export function RollupChildrenTable({ rows, onOpen }: { rows: RollupRow[]; onOpen: (row: RollupRow) => void }) {
  const { t } = useTranslation();
  return (
    <Table<RollupRow>
      rowKey="code"
      size="small"
      className="rollup-table"
      dataSource={rows}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      scroll={{ x: 640 }}
      onRow={(row) => ({
        'data-unit': row.code,
        className: row.ownLevel ? '' : 'rollup-row-click',
        onClick: () => !row.ownLevel && onOpen(row),
      }) as HTMLAttributes<HTMLElement>}
      columns={[
        { key: 'name', title: t('directives.rollup.unit'), render: (_, row) => (row.ownLevel ? row.name : <a onClick={(e) => e.preventDefault()}>{row.name}</a>) },
        { key: 'reached', title: t('directives.rollup.reached'), dataIndex: 'reached', width: 90, align: 'right' },
        { key: 'signed', title: t('directives.rollup.signed'), dataIndex: 'signed', width: 90, align: 'right', className: 'rollup-signed' },
        { key: 'signedPct', title: t('directives.rollup.signedPct'), width: 160, render: (_, row) => <Progress percent={row.signedPct} size="small" status={row.signedPct >= 100 ? 'success' : 'normal'} /> },
        { key: 'impl', title: t('directives.rollup.implemented'), width: 120, align: 'right', render: (_, row) => `${row.implementedUnits}/${row.units}` },
        { key: 'implPct', title: t('directives.rollup.implementedPct'), width: 160, render: (_, row) => <Progress percent={row.implementedPct} size="small" /> },
      ]}
    />
  );
}
