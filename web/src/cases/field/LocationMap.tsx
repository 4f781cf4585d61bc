import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { GridMap } from '../../components/GridMap.tsx';
import { useCachedApi } from '../../lib/useCachedApi.ts';
import type { NodeView } from '../../../../shared/territory/wire.ts';

/** The worker's grid on a small map; a tap sets the case location. Lazy-loaded (Leaflet stays out of the first load). */
export default function LocationMap({ gridCode, point, onPick, height = 220 }: { gridCode: string | null; point: { lat: number; lng: number } | null; onPick?: (p: { lat: number; lng: number }) => void; height?: number }) {
  const { t } = useTranslation();
  const node = useCachedApi<NodeView>(gridCode ? `/api/territory/nodes/${encodeURIComponent(gridCode)}?geometry=1` : null);
  const grids = useMemo(() => {
    const n = node.data;
    return n?.geometry ? ({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: n.code, name: n.name }, geometry: n.geometry }] } as GeoJSON.FeatureCollection) : null;
  }, [node.data]);
  return <GridMap label={t('field.report.mapLabel')} grids={grids} selected={gridCode} point={point} height={height} {...(onPick ? { onMapClick: onPick } : {})} fallbackCenter={[32.04, 118.79]} />;
}
