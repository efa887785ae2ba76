// Loopscope's service worker: after one visit, the page opens and runs with
// the network off.
//
// This file is a template.  `cargo xtask dist` fills in the build's id (a
// hash of every file of the build) and the list of those files, and writes
// the result as `sw.js` beside them; development builds (`cargo xtask
// serve`) neither ship nor register it.  Every URL here is relative to the
// worker's own location, so the site works from any sub-path.
//
// The rules that keep a deploy whole:
// - Each build has its own cache, named after its id and the worker's scope
//   (two copies of the site on one host keep apart), holding exactly the
//   files of that build, fetched past the HTTP cache.
// - A new deploy changes this file (its id and list), so the browser
//   installs the new worker on the next visit; once the new cache is full it
//   takes over at once and deletes the caches of older builds of this scope.
// - Pages (navigations) come from the network first, so a visit online
//   always gets the newest index.html; only when the network fails does the
//   cached index.html of the installed build answer.  Its hashed assets are
//   in the same cache, so old and new files are never mixed.
// - Only the build's own files are answered from the cache; every other
//   request goes to the network untouched.

const BUILD = '__LOOPSCOPE_BUILD__';
const FILES = __LOOPSCOPE_FILES__;

const SCOPE = self.registration.scope;
const PREFIX = `loopscope ${SCOPE} `;
const CACHE = PREFIX + BUILD;
const INDEX = new URL('index.html', SCOPE).href;
const OWN = new Set(FILES.map((name) => new URL(name, SCOPE).href));

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        await Promise.all(
          FILES.map(async (name) => {
            const url = new URL(name, SCOPE).href;
            const response = await fetch(new Request(url, { cache: 'reload' }));
            if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
            // The host may already serve a newer deploy than this worker
            // describes; its index.html would name files this cache lacks.
            if (url === INDEX && !(await response.clone().text()).includes(BUILD)) {
              throw new Error('index.html belongs to another build');
            }
            await cache.put(url, response);
          }),
        );
      } catch (error) {
        // A half-filled cache must never answer: the install fails, the
        // older worker (if any) stays, and the next visit tries again.
        await caches.delete(CACHE);
        throw error;
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request).catch(async (error) => {
        const cached = await caches.match(INDEX, { cacheName: CACHE });
        if (cached) return cached;
        throw error;
      }),
    );
    return;
  }
  const url = request.url.split('#')[0];
  if (!OWN.has(url)) return;
  event.respondWith(
    (async () => (await caches.match(url, { cacheName: CACHE })) ?? fetch(request))(),
  );
});
