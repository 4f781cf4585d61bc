import { Breadcrumb, Card, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePick } from '../../i18n/usePick.ts';

/** A unit on the drill-down trail below the campaign territory. */
export interface TrailUnit {
  code: string;
  name: string;
}

/**
 * 查看范围: the trail from the campaign territory down to the unit the dashboard reads at, and a picker of
 * that unit's children to go one level down.
 */
export function ScopeBar({
  territoryCode,
  territoryName,
  trail,
  childUnits,
  onTrail,
}: {
  territoryCode: string;
  territoryName: string | null;
  trail: TrailUnit[];
  childUnits: { code: string; name: string; nameEn?: string | null }[];
  onTrail: (trail: TrailUnit[]) => void;
}) {
  const { t } = useTranslation();
  const pick = usePick();
  const placeName = (n: { name: string; nameEn?: string | null }) => pick({ zh: n.name, en: n.nameEn ?? null });
  return (
    <Card size="small" className="campaign-scope">
      <Space wrap align="center">
        <Typography.Text type="secondary">{t('campaigns.scope')}</Typography.Text>
        <Breadcrumb
          className="campaign-crumbs"
          items={[{ code: territoryCode, name: territoryName ?? territoryCode }, ...trail].map((x, i, all) => ({
            key: x.code,
            title: i === all.length - 1 ? <span>{x.name}</span> : <a onClick={() => onTrail(trail.slice(0, i))}>{x.name}</a>,
          }))}
        />
        {childUnits.length > 0 && (
          <Select
            className="campaign-drill"
            size="small"
            style={{ minWidth: 200 }}
            placeholder={t('campaigns.drillDown')}
            showSearch={{ optionFilterProp: 'label' }}
            value={null}
            options={childUnits.map((x) => ({ value: x.code, label: placeName(x) }))}
            onChange={(code: string) => {
              const x = childUnits.find((y) => y.code === code);
              if (x) onTrail([...trail, { code: x.code, name: placeName(x) }]);
            }}
          />
        )}
      </Space>
    </Card>
  );
}
