import { useEffect, useMemo, useRef, useState } from 'react';
import L from 'leaflet';
import { CircleMarker, GeoJSON, MapContainer, Tooltip, useMap, useMapEvents } from 'react-leaflet';
import 'leaflet/dist/leaflet.css';
import './GridMap.css';

/**
 * Leaflet 1.9's canvas renderer, but one that does nothing once its map is gone. A redraw can still
 * arrive after the map was removed (a pending frame or zoom timer when the page or a drawer closes:
 * Leaflet issues 6030 and 9575), and the stock renderer then throws "reading 'clearRect'" on the
 * deleted context — red in the case-loop e2e test when the console's case drawer closed.
 */
const SafeCanvas = L.Canvas.extend({
  _redraw(this: L.Canvas & { _ctx?: CanvasRenderingContext2D }) {
    if (this._ctx) (L.Canvas.prototype as unknown as { _redraw(): void })._redraw.call(this);
  },
  _update(this: L.Canvas & { _ctx?: CanvasRenderingContext2D }) {
    if (this._ctx) (L.Canvas.prototype as unknown as { _update(): void })._update.call(this);
  },
}) as unknown as new () => L.Canvas;

type Props = {
  /** Grid polygons (properties.code, properties.name). */
  grids?: GeoJSON.FeatureCollection | null;
  /** Outlines drawn under the grids (district, street, community). */
  outlines?: GeoJSON.GeoJsonObject | null;
  selected?: string | null;
  onSelect?: (code: string) => void;
  /** A point to mark (WGS84). */
  point?: { lat: number; lng: number } | null;
  onMapClick?: (p: { lat: number; lng: number }) => void;
  /** Where to look when there is nothing to fit. */
  fallbackCenter?: [number, number];
  height?: number | string;
  label: string;
  /** Per-grid fill (e.g. by case load); grids without an entry keep the default look. */
  gridFill?: Record<string, string> | null;
  /** Extra text for a grid's tooltip (e.g. "在办 3 · 超期 1"). */
  gridNote?: Record<string, string> | null;
  /** Small markers (live cases): colour, tooltip, click. */
  markers?: { id: string; lat: number; lng: number; color: string; label: string; pulse?: boolean }[] | null;
  onMarkerClick?: (id: string) => void;
  /** Fit the view to the markers (when there are any) instead of the grids, e.g. key sites in a whole city. */
  fitMarkers?: boolean;
  /** Dark look for the big screen (大屏). */
  dark?: boolean;
};

function FitTo({ data, point, markers }: { data: GeoJSON.GeoJsonObject | null | undefined; point?: { lat: number; lng: number } | null | undefined; markers?: { lat: number; lng: number }[] | undefined }) {
  const map = useMap();
  useEffect(() => {
    if (markers && markers.length > 0) {
      map.fitBounds(L.latLngBounds(markers.map((m) => [m.lat, m.lng] as [number, number])).pad(0.5), { maxZoom: 16 });
      return;
    }
    if (data) {
      const b = L.geoJSON(data).getBounds();
      if (b.isValid()) {
        map.fitBounds(b, { padding: [16, 16] });
        return;
      }
    }
    if (point) map.setView([point.lat, point.lng], Math.max(map.getZoom(), 14));
  }, [data, point, map, markers]);
  return null;
}

function Clicks({ onMapClick }: { onMapClick: (p: { lat: number; lng: number }) => void }) {
  useMapEvents({ click: (e) => onMapClick({ lat: e.latlng.lat, lng: e.latlng.lng }) });
  return null;
}

/**
 * The territory map without internet tiles: grids and outlines are the map. Leaflet draws them on
 * a canvas so a whole district's grids stay fast.
 */
export function GridMap({ grids, outlines, selected, onSelect, point, onMapClick, fallbackCenter = [30.27, 120.15], height = 480, label, gridFill, gridNote, markers, onMarkerClick, dark, fitMarkers }: Props) {
  // One renderer per map (MapContainer reads its options once, at creation).
  const [renderer] = useState(() => new SafeCanvas());
  // react-leaflet's GeoJSON layer does not redraw on new data; a key per data set does.
  const gridKey = useMemo(() => `g${Math.random()}`, [grids, gridNote]);
  const outlineKey = useMemo(() => `o${Math.random()}`, [outlines]);
  const gridLayer = useRef<L.GeoJSON>(null);
  const style = (f?: GeoJSON.Feature): L.PathOptions => {
    const code = f?.properties?.['code'] as string | undefined;
    const isSel = code === selected;
    const fill = code && gridFill ? gridFill[code] : undefined;
    if (fill && !isSel) return { color: dark ? '#4f6b8f' : '#1677ff', weight: 1, fillColor: fill, fillOpacity: 0.7 };
    if (dark && !isSel) return { color: '#3a5a80', weight: 1, fillColor: '#1b3350', fillOpacity: 0.55 };
    return { color: isSel ? '#d4380d' : '#1677ff', weight: isSel ? 3 : 1, fillColor: isSel ? '#ffbb96' : '#bae0ff', fillOpacity: isSel ? 0.6 : 0.35 };
  };
  useEffect(() => {
    gridLayer.current?.setStyle(style as L.StyleFunction);
  }, [selected, gridFill, dark]); // eslint-disable-line react-hooks/exhaustive-deps
  const fitData = grids && grids.features.length > 0 ? grids : outlines;
  return (
    <div className={dark ? 'grid-map grid-map-dark' : 'grid-map'} style={{ height }} role="region" aria-label={label}>
      <MapContainer center={fallbackCenter} zoom={12} renderer={renderer} style={{ height: '100%', width: '100%' }} attributionControl={false}>
        {outlines && (
          <GeoJSON key={outlineKey} data={outlines} interactive={false} style={{ color: '#595959', weight: 2, dashArray: '6 4', fill: false }} />
        )}
        {grids && (
          <GeoJSON
            key={gridKey}
            data={grids}
            ref={gridLayer}
            style={style}
            onEachFeature={(f, layer) => {
              const p = f.properties as { code?: string; name?: string } | null;
              const note = p?.code && gridNote ? gridNote[p.code] : undefined;
              if (p?.name) layer.bindTooltip(note ? `${p.name} · ${note}` : p.name, { sticky: true });
              if (onSelect && p?.code) layer.on('click', (e) => { L.DomEvent.stopPropagation(e); onSelect(p.code!); });
            }}
          />
        )}
        {point && <CircleMarker center={[point.lat, point.lng]} radius={8} pathOptions={{ color: '#d4380d', fillColor: '#ff7a45', fillOpacity: 0.9 }} />}
        {markers?.map((m) => (
          <CircleMarker
            key={m.id}
            center={[m.lat, m.lng]}
            radius={m.pulse ? 9 : 6}
            pathOptions={{ color: dark ? '#fff' : '#262626', weight: m.pulse ? 3 : 1, fillColor: m.color, fillOpacity: 0.95 }}
            eventHandlers={onMarkerClick ? { click: (e) => { L.DomEvent.stopPropagation(e); onMarkerClick(m.id); } } : {}}
          >
            <Tooltip>{m.label}</Tooltip>
          </CircleMarker>
        ))}
        {onMapClick && <Clicks onMapClick={onMapClick} />}
        <FitTo data={fitData} point={point} markers={fitMarkers && markers ? markers : undefined} />
      </MapContainer>
    </div>
  );
}
