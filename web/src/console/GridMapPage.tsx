import { useState } from 'react';
import { Alert, Button, Card, Select, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { GridMap } from '../components/GridMap.tsx';
import { NodeDetails } from '../components/NodeDetails.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { useApi } from '../lib/useApi.ts';
import type { GridCollection, NodeView } from '../lib/types.ts';
import { useScopes } from './useScope.ts';

/** 网格地图: the grids in my scope, no internet tiles; click a grid for its profile. */
export function GridMapPage() {
  const { t } = useTranslation();
  const { scopes, code, setCode } = useScopes();
  const [selected, setSelected] = useState<string | null>(null);
  const grids = useApi<GridCollection>(code ? `/api/territory/grids.geojson?within=${encodeURIComponent(code)}` : null);
  const scopeNode = useApi<NodeView>(code ? `/api/territory/nodes/${encodeURIComponent(code)}?geometry=1` : null);
  const detail = useApi<NodeView>(selected ? `/api/territory/nodes/${encodeURIComponent(selected)}` : null);
  const outline = scopeNode.data?.geometry ? ({ type: 'Feature', properties: {}, geometry: scopeNode.data.geometry } as GeoJSON.Feature) : null;

  return (
    <div>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('console.menu.map')}
        </Typography.Title>
        <Space wrap>
          {scopes.length > 1 && (
            <Select
              aria-label={t('console.scope')}
              value={code}
              style={{ minWidth: 180 }}
              options={scopes.map((s) => ({ value: s.code, label: s.name }))}
              onChange={(v) => {
                setCode(v);
                setSelected(null);
              }}
            />
          )}
          {grids.data && <Typography.Text type="secondary">{t('console.gridCount', { n: grids.data.features.length })}</Typography.Text>}
        </Space>
      </Space>
      <ErrorNote error={grids.error} style={{ marginBottom: 12 }} />
      <div className="map-page">
        <Spin spinning={grids.loading}>
          <GridMap
            label={t('console.menu.map')}
            grids={grids.data}
            outlines={outline}
            selected={selected}
            onSelect={setSelected}
            height="calc(100vh - 170px)"
          />
        </Spin>
        <Card title={t('console.gridPanel')} size="small" extra={selected && <Button size="small" onClick={() => setSelected(null)}>{t('common.close')}</Button>}>
          {!selected && <Alert type="info" title={t('console.clickGrid')} showIcon />}
          {selected && detail.loading && <Spin />}
          <ErrorNote error={detail.error} />
          {selected && detail.data && <NodeDetails node={detail.data} />}
        </Card>
      </div>
    </div>
  );
}
