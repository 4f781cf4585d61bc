/** Register the app-shell service worker (built as /sw.js) on first load; production builds only. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err: unknown) => {
      // Not fatal: the app works online without it. Logged as a warning, not an error.
      console.warn('service worker not registered', err);
    });
  });
}

/** The service worker's cache of API reads (web/sw.js API_CACHE). */
export const API_READ_CACHE = 'wangge-api-v1';

/**
 * Drop the offline copies of API reads when the session ends (logout, 401): directly, and by telling
 * the service worker so a read it still has in flight is not stored afterwards. No-op where there is
 * no Cache Storage (tests, old browsers, plain http off localhost).
 */
export function forgetOfflineReads(): void {
  try {
    if (typeof navigator !== 'undefined') navigator.serviceWorker?.controller?.postMessage({ type: 'wangge:forget' });
    if (typeof caches !== 'undefined') void caches.delete(API_READ_CACHE).catch(() => undefined);
  } catch {
    // nothing cached either
  }
}
