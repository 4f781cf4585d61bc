import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A place on the map (WGS-84 degrees). */
export type Point = { lat: number; lng: number };

/**
 * 使用我的位置 on the public pages (网格查询, 反映问题): one GPS fix handed to `onPoint`, or a message
 * saying why there is none (no geolocation in this browser, or permission denied / timed out).
 */
export function useMyLocation(onPoint: (p: Point) => void): { locate: () => void; geoError: string | null } {
  const { t } = useTranslation();
  const [geoError, setGeoError] = useState<string | null>(null);
  function locate() {
    setGeoError(null);
    if (!('geolocation' in navigator)) return setGeoError(t('public.geoUnavailable'));
    navigator.geolocation.getCurrentPosition(
      (pos) => onPoint({ lat: pos.coords.latitude, lng: pos.coords.longitude }),
      () => setGeoError(t('public.geoDenied')),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  }
  return { locate, geoError };
}
