import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { RollupPerson } from '../../../../shared/directives/wire.ts';
import { useRoleName } from '../shared/useRoleName.ts';

/** The people reached inside a grid or community (drill-down): signed when, reported what. */
export function RollupPeopleTable({ people }: { people: RollupPerson[] }) {
  const { t } = useTranslation();
  const roleName = useRoleName();
  return (
    <Table
      rowKey={(p) => `${p.personId}-${p.role}-${p.unitCode}`}
      size="small"
      className="rollup-people"
      style={{ marginTop: 12 }}
      dataSource={people}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      scroll={{ x: 640 }}
      title={() => <Typography.Text strong>{t('directives.rollup.people')}</Typography.Text>}
      columns={[
        { key: 'name', title: t('directives.rollup.person'), dataIndex: 'name' },
        { key: 'role', title: t('directives.rollup.role'), render: (_, p) => roleName(p.role) },
        { key: 'phone', title: t('directives.rollup.phone'), dataIndex: 'phone' },
        { key: 'signed', title: t('directives.rollup.signedAt'), render: (_, p) => (p.signedAt ? <Tag color="green">{dayjs(p.signedAt).format('MM-DD HH:mm')}</Tag> : <Tag>{t('directives.status.unsigned')}</Tag>) },
        { key: 'reported', title: t('directives.rollup.reportedAt'), render: (_, p) => (p.reportedAt ? <span title={p.reportText ?? ''}>{dayjs(p.reportedAt).format('MM-DD HH:mm')} · {p.reportText}</span> : '—') },
      ]}
    />
  );
}
