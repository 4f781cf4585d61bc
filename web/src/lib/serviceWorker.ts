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
