// wangge service worker (hand-written; vite.config.ts fills in the precache list and version).
// App shell: precached on install, served cache-first (hashed assets never change).
// Page navigations: network first, falling back to the cached shell so the field app opens offline.
// API writes: never touched here — the field app's outbox (IndexedDB) queues and replays them.
// API reads the field app needs offline (me, categories, case lists and details, territory nodes):
// network first, the last good answer as the offline fallback (header x-wangge-offline: 1).
// Personal data (issue #12): an answer marked `Cache-Control: no-store` is never cached — the server
// marks every answer that carries unmasked personal data that way (a case read with people.readPersonal),
// so only masked copies can ever be kept. The read cache is dropped on login, logout (the POST seen here,
// and a 'wangge:forget' message the page posts after logging out or on a 401) and any 401, and a read
// that was in flight when it was dropped is not stored afterwards.
const VERSION = __VERSION__;
const PRECACHE = __PRECACHE__;
const CACHE = `wangge-shell-${VERSION}`;
const API_CACHE = 'wangge-api-v1';
const API_READS = [/^\/api\/me$/, /^\/api\/categories$/, /^\/api\/cases$/, /^\/api\/cases\/[0-9a-f-]{36}$/, /^\/api\/territory\/nodes\/\d+$/];

// Bumped whenever the read cache is dropped: a response from an older generation is not stored.
let generation = 0;

function forgetReads() {
  generation += 1;
  return caches.delete(API_CACHE);
}

/** May this answer be kept for offline use? Only a 2xx the server did not mark no-store. */
function storable(res) {
  return res.ok && !/no-store/i.test(res.headers.get('cache-control') || '');
}

function apiRead(event) {
  const request = event.request;
  const started = generation;
  return fetch(request).then(
    (res) => {
      if (res.status === 401) event.waitUntil(forgetReads());
      else if (storable(res)) {
        const copy = res.clone();
        event.waitUntil(
          caches.open(API_CACHE).then((c) => {
            if (generation !== started) return undefined;
            return c.put(request, copy).then(() => {
              // Dropped while this was being written: drop it again rather than keep it.
              if (generation !== started) return caches.delete(API_CACHE);
              return undefined;
            });
          }),
        );
      }
      return res;
    },
    (err) =>
      caches.match(request, { cacheName: API_CACHE }).then((hit) => {
        if (!hit) throw err;
        const headers = new Headers(hit.headers);
        headers.set('x-wangge-offline', '1');
        return hit.blob().then((body) => new Response(body, { status: hit.status, statusText: hit.statusText, headers }));
      }),
  );
}

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'wangge:forget') event.waitUntil(forgetReads());
});

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('wangge-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') {
    // A new session (or none) must not see the previous person's cached reads.
    if (request.method === 'POST' && (url.pathname === '/api/auth/login' || url.pathname === '/api/auth/logout')) event.waitUntil(forgetReads());
    return;
  }
  if (url.pathname.startsWith('/api/')) {
    if (API_READS.some((re) => re.test(url.pathname)) && !(request.headers.get('accept') || '').includes('text/event-stream')) event.respondWith(apiRead(event));
    return;
  }
  if (url.pathname.startsWith('/open311/')) return;

  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request).catch(() => caches.match('/', { cacheName: CACHE }).then((r) => r || Response.error())),
    );
    return;
  }
  event.respondWith(
    caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)),
  );
});
