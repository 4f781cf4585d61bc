import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useApi } from '../../lib/useApi.ts';
import { useSession } from '../../lib/session.tsx';
import { useScopes } from '../../console/useScope.ts';
import { ScopePicker } from '../../console/ScopePicker.tsx';
import { UnitRoster } from './UnitRoster.tsx';
import { NewUnitModal } from './NewUnitModal.tsx';
import type { OnDuty, UnitList } from '../../../../shared/rosters/wire.ts';
import '../../patrols/shared/patrols.css';

/**
 * 值班排班 (console): who is on duty now in the scope (per unit), the units of the scope, a unit's
 * roster for a period (generate, XLSX export, swap requests from a shift), swap approval, members
 * and leave.
 */
export default function RostersConsole() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { scopes, code, setCode } = useScopes();
  const onDuty = useApi<OnDuty>(code ? `/api/rosters/on-duty?scope=${encodeURIComponent(code)}` : null);
  const units = useApi<UnitList>(code ? `/api/rosters/units?scope=${encodeURIComponent(code)}` : null);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [newUnit, setNewUnit] = useState(false);
  const canCreate = me.actions.includes('roster.manage');

  // First unit of the scope until one is picked; a unit outside the new scope is dropped.
  useEffect(() => {
    const list = units.data?.units ?? [];
    if (!units.data) return;
    if (!unitId || !list.some((u) => u.id === unitId)) setUnitId(list[0]?.id ?? null);
  }, [units.data, unitId]);

  const grouped = useMemo(() => {
    const m = new Map<string, OnDuty['onDuty']>();
    for (const d of onDuty.data?.onDuty ?? []) m.set(d.unitName, [...(m.get(d.unitName) ?? []), d]);
    return [...m];
  }, [onDuty.data]);

  return (
    <div className="rosters-console">
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('rosters.title')}
        </Typography.Title>
        <ScopePicker label={t('rosters.scope')} scopes={scopes} value={code} onChange={setCode} />
      </Space>

      <Card size="small" title={t('rosters.onDutyNow')} style={{ marginBottom: 12 }} className="roster-on-duty" extra={<Button size="small" onClick={onDuty.reload}>{t('rosters.refresh')}</Button>}>
        <ErrorNote error={onDuty.error} />
        {onDuty.data && onDuty.data.onDuty.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rosters.nobodyOnDuty')} />}
        {grouped.map(([unitName, list]) => (
          <div key={unitName} className="roster-on-duty-unit">
            <Typography.Text strong>{unitName}</Typography.Text>
            <Space wrap size={[6, 6]}>
              {list.map((d) => (
                <Tag key={d.assignmentId} color="blue" data-user={d.userId}>
                  {d.shiftName} · {d.role} · <b>{d.name}</b> ({dayjs(d.startsAt).format('HH:mm')}–{dayjs(d.endsAt).format('HH:mm')})
                </Tag>
              ))}
            </Space>
          </div>
        ))}
      </Card>

      <Card
        size="small"
        title={t('rosters.units')}
        style={{ marginBottom: 12 }}
        extra={canCreate && code ? <Button size="small" icon={<PlusOutlined />} onClick={() => setNewUnit(true)}>{t('rosters.newUnit')}</Button> : null}
      >
        <ErrorNote error={units.error} />
        {units.data && units.data.units.length === 0 && <Alert type="info" showIcon title={t('rosters.noUnit')} />}
        <Space wrap className="roster-units">
          {units.data?.units.map((u) => (
            <Button key={u.id} type={u.id === unitId ? 'primary' : 'default'} onClick={() => setUnitId(u.id)} data-unit={u.id}>
              {u.nameZh}
              <Typography.Text type={u.id === unitId ? undefined : 'secondary'} style={{ fontSize: 12, color: u.id === unitId ? '#fff' : undefined }}>
                {' '}
                {t('rosters.memberCount', { n: u.members })} · {t('rosters.templateCount', { n: u.templates })}
              </Typography.Text>
            </Button>
          ))}
        </Space>
      </Card>

      {unitId && <UnitRoster key={unitId} unitId={unitId} onTemplatesChanged={units.reload} />}
      {code && <NewUnitModal open={newUnit} territoryCode={code} onClose={() => setNewUnit(false)} onCreated={(id) => { setNewUnit(false); units.reload(); setUnitId(id); }} />}
    </div>
  );
}
