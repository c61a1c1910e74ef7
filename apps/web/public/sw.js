/* Custody Records service worker (issue 19; docs/ARCHITECTURE.md "Offline"): the app shell and
 * the reference data a field officer needs work offline. It is not the system of record: entries
 * live in the IndexedDB outbox and are sent by the page. A new version installs and waits; the
 * page activates it only when nothing is unsent and no form is dirty. */
const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev';
const SHELL = `custody-shell-${VERSION}`;
const DATA = 'custody-reference';
/* Reference data only: never the session (the page keeps who was last confirmed, and forgets it
 * at sign-out) and never custody content. */
const REFERENCE = [/^\/api\/v1\/units$/, /^\/api\/v1\/units\/[^/]+\/rooms$/];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      const manifest = await fetch('/precache-manifest.json', { cache: 'no-store' });
      const files = manifest.ok ? await manifest.json() : [];
      await cache.addAll(['/', '/manifest.webmanifest', '/icon.svg', ...files.map((f) => `/${f}`)]);
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('custody-shell-') && key !== SHELL) await caches.delete(key);
      }
      // An earlier version cached the session answer here; it is not reference data.
      await (await caches.open(DATA)).delete('/api/v1/session');
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') void self.skipWaiting();
  // The signed-in page names the reference data its officer needs; it is fetched (with the
  // session cookie) and kept now, so a start without signal finds it.
  if (event.data && event.data.type === 'KEEP_REFERENCE' && Array.isArray(event.data.paths)) {
    const paths = event.data.paths.filter((p) => REFERENCE.some((r) => r.test(p)));
    event.waitUntil(
      Promise.all(paths.map((p) => networkFirst(new Request(p), DATA).catch(() => undefined))),
    );
  }
});

async function networkFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request).catch(
        async () => (await caches.match('/', { cacheName: SHELL })) || Response.error(),
      ),
    );
    return;
  }
  if (
    url.pathname.startsWith('/assets/') ||
    url.pathname === '/manifest.webmanifest' ||
    url.pathname === '/icon.svg'
  ) {
    event.respondWith(
      caches.match(request, { cacheName: SHELL }).then((hit) => hit || fetch(request)),
    );
    return;
  }
  if (REFERENCE.some((r) => r.test(url.pathname))) {
    event.respondWith(networkFirst(request, DATA));
  }
});
