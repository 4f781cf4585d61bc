import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Rollup } from '../../../../shared/directives/wire.ts';
import { useRoleName } from '../shared/useRoleName.ts';

/** 逾期名单: who has not signed or reported past the deadline, with the reminder step reached. */
export function OverdueTable({ overdue, phonesMasked }: { overdue: Rollup['overdue']; phonesMasked: boolean }) {
  const { t } = useTranslation();
  const roleName = useRoleName();
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('directives.overdue.title', { unsigned: overdue.unsignedCount, unreported: overdue.unreportedCount })}
      </Typography.Title>
      {phonesMasked && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('directives.overdue.masked')}</Typography.Text>}
      <Table
        rowKey={(o) => `${o.kind}-${o.personId}-${o.unitCode}`}
        size="small"
        className="overdue-table"
        dataSource={overdue.items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 640 }}
        locale={{ emptyText: t('directives.overdue.none') }}
        columns={[
          { key: 'kind', title: t('directives.overdue.kind'), width: 100, render: (_, o) => <Tag color={o.kind === 'sign' ? 'red' : 'orange'}>{o.kind === 'sign' ? t('directives.overdue.unsigned') : t('directives.overdue.unreported')}</Tag> },
          { key: 'name', title: t('directives.rollup.person'), dataIndex: 'name' },
          { key: 'role', title: t('directives.rollup.role'), render: (_, o) => roleName(o.role) },
          { key: 'phone', title: t('directives.rollup.phone'), dataIndex: 'phone' },
          { key: 'unit', title: t('directives.rollup.unit'), dataIndex: 'unitName' },
          { key: 'step', title: t('directives.overdue.step'), width: 90, render: (_, o) => o.escalationStep ?? '—' },
        ]}
      />
    </>
  );
}
