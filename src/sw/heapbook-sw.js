const CONFIG = __HEAPBOOK_SW_CONFIG__;

/**
 * The book's service worker, written by the build to `<base>heapbook-sw.js` with the line above this
 * comment replaced by its configuration (`src/build/service-worker.ts`). Its scope is the book's
 * base path. It does two things for the site's own (same-origin) GET requests:
 *
 * 1. Cross-origin isolation where the host cannot send headers (GitHub Pages and similar): every
 *    response it hands the page gets Cross-Origin-Opener-Policy, Cross-Origin-Embedder-Policy and
 *    Cross-Origin-Resource-Policy when the server did not send them, so the page, its engines'
 *    workers and the JavaScript engine's frame are cross-origin isolated from the first page load
 *    it controls. The page registers it and reloads once per tab (src/page/register-service-worker.ts).
 *    It never unregisters itself: where it is the source of isolation, unregistering would cost a
 *    reload on every visit.
 * 2. Offline reading: it keeps what the book's pages used in one cache named after the build, so a
 *    chapter read once opens and runs with the network off. Pages and the engine's unhashed files
 *    go to the network first (a new build shows at once) and fall back to the cache; files whose
 *    names carry their content's hash come from the cache first. A new build is a new worker (its
 *    configuration carries the build id), which deletes the other builds' caches when it activates.
 *
 * Why not coi-serviceworker (npm), the known package for (1): one scope has one service worker and
 * the book needs offline caching in the same scope, which it does not do; it unregisters itself when
 * the page is isolated (it cannot tell headers from itself); its reload guard is a window property,
 * not per tab; and its open issues include reload loops where isolation is never reached
 * (gzuidhof/coi-serviceworker#5) and broken reloads on Firefox (#23).
 */

/** What the build fills in: the build id, the base path and the files worth keeping for offline reading. */
const { build, base, engineFiles } = CONFIG;
const CACHE_PREFIX = 'heapbook-';
const CACHE = `${CACHE_PREFIX}${build}`;
const scopeUrl = new URL(base, self.location.href);

/** Files whose names carry their content's hash (Astro's assets, the engine snapshot, versioned wheels). */
function immutable(url) {
  const path = url.pathname.slice(scopeUrl.pathname.length);
  return (
    path.startsWith('_astro/') || /^pyodide\/heapbook-snapshot\.[0-9a-f]+\.bin$/.test(path) || /^pyodide\/packages\/[^/]+\.whl$/.test(path)
  );
}

const ISOLATION_HEADERS = ['Cross-Origin-Opener-Policy', 'Cross-Origin-Embedder-Policy', 'Cross-Origin-Resource-Policy'];

/**
 * The response with the cross-origin isolation headers the server did not send. One that has them
 * all is handed on as it is: a new Response around its body would stream every byte through this
 * worker, and a cached file would lose what the browser keeps beside it, V8's compiled code for
 * the engine's WebAssembly. On a repeat visit to a host that sends the headers (2 cores, Chromium
 * 156) the wrapped responses cost about 350 ms of the engine's start.
 */
function isolated(response) {
  if (response.status === 0 || (response.type !== 'basic' && response.type !== 'default')) return response;
  if (response.status >= 300 && response.status < 400) return response;
  if (ISOLATION_HEADERS.every((name) => response.headers.has(name))) return response;
  const headers = new Headers(response.headers);
  const add = (name, value) => {
    if (!headers.has(name)) headers.set(name, value);
  };
  const [opener, embedder, resource] = ISOLATION_HEADERS;
  add(opener, 'same-origin');
  add(embedder, 'require-corp');
  add(resource, 'same-origin');
  // The body reaches the page decoded: the server's encoding and length describe other bytes.
  if (headers.has('Content-Encoding')) {
    headers.delete('Content-Encoding');
    headers.delete('Content-Length');
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Stores a good same-origin response in this build's cache; never fails the request it came from.
 * A file the cache already holds with the same ETag is not written again: the engine's unhashed
 * files (pyodide.asm.wasm alone is about 9 MB) go to the network first on every page, and writing
 * them again each time slowed the next engine start.
 */
async function keep(request, response) {
  if (!response.ok || response.type !== 'basic' || response.status !== 200) return;
  try {
    const cache = await caches.open(CACHE);
    const tag = response.headers.get('ETag');
    const held = tag ? await cache.match(request, { ignoreVary: true }) : undefined;
    if (held && held.headers.get('ETag') === tag) {
      await response.body?.cancel();
      return;
    }
    await cache.put(request, response);
  } catch {
    // A full quota costs only the offline copy.
  }
}

/** What a navigation with no network and no kept copy shows: it says why, in both of the book's languages. */
function offlinePage() {
  const body =
    '<!doctype html><meta charset="utf-8"><title>Offline</title><main style="font:1rem/1.5 system-ui;max-width:40rem;margin:2rem auto">' +
    '<h1>Offline</h1><p>This page was not read on this device before the network went away, so no copy of it is kept. Pages read before open offline.</p>' +
    '<p lang="zh-CN">离线：此页面此前未在本设备上阅读过，因此没有保存副本。读过的页面可以离线打开。</p></main>';
  return new Response(body, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

async function networkFirst(event) {
  const { request } = event;
  try {
    // Revalidated with the server (a 304 when unchanged), as the site's own Cache-Control: no-cache
    // asks: a host without cache headers (or GitHub Pages' ten minutes) would otherwise let the
    // browser's HTTP cache hold back a new build.
    const response = await fetch(request, { cache: 'no-cache' });
    // A redirect followed by fetch would show the page under the asked URL: let the browser follow it.
    if (request.mode === 'navigate' && response.redirected) return Response.redirect(response.url, 302);
    event.waitUntil(keep(request, response.clone()));
    return response;
  } catch (err) {
    const cached = await caches.match(request, { cacheName: CACHE, ignoreVary: true, ignoreSearch: request.mode === 'navigate' });
    if (cached) return cached;
    if (request.mode === 'navigate') return offlinePage();
    throw err;
  }
}

/**
 * Downloads of files for the cache under way, by URL (each a promise that settles once the cache
 * holds the file, or the download failed): a page's request and the page's `keep` message asking
 * for the same file share one download.
 */
const downloads = new Map();

/**
 * A file from the network, stored in the cache as it arrives. With `answer`, also the response for
 * a page's request: the download's own when this call starts it (one copy goes to the cache, one to
 * the page, both read), or, when another call already did, the cached file once that one is stored.
 */
function download(url, answer) {
  const running = downloads.get(url);
  if (running) {
    const response = answer
      ? running.then(async () => (await caches.match(url, { cacheName: CACHE, ignoreVary: true })) ?? fetch(url))
      : null;
    return { stored: running, response };
  }
  const fetched = fetch(url);
  const stored = fetched.then((response) => keep(url, answer ? response.clone() : response)).catch(() => undefined);
  downloads.set(url, stored);
  void stored.finally(() => downloads.delete(url));
  return { stored, response: answer ? fetched : null };
}

async function cacheFirst(event) {
  const cached = await caches.match(event.request, { cacheName: CACHE, ignoreVary: true });
  if (cached) return cached;
  const { response, stored } = download(event.request.url, true);
  event.waitUntil(stored);
  return response;
}

self.addEventListener('install', () => {
  // A new build takes over at once (pages it already controls switch to it): pages go to the
  // network first, so nothing old is mixed in.
  self.skipWaiting();
});

// No clients.claim() here: a page the worker did not load stays as it loaded, its requests
// untouched, until its next navigation; only a page that asks (to become isolated) is claimed.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE).map((name) => caches.delete(name)));
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(scopeUrl.pathname)) return;
  // Range requests and the like: the cache holds whole files only.
  if (request.headers.has('range')) return;
  const answer = immutable(url) ? cacheFirst(event) : networkFirst(event);
  event.respondWith(answer.then(isolated));
});

/**
 * Messages from the book's pages:
 * - `claim`: take control of the pages opened before this worker was active (a page that is not
 *   isolated asks, then reloads once).
 * - `keep` with `urls`: keep these files (what the page loaded before this worker controlled it)
 *   in the cache, and with `engine: true` (a page with cells, once its engines are up) the
 *   engines' files and the site's hashed assets too, fetched through the browser's HTTP cache.
 * The reply on the message's port says what the cache holds.
 */
self.addEventListener('message', (event) => {
  const data = event.data ?? {};
  const reply = (value) => event.ports[0]?.postMessage(value);
  if (data.type === 'claim') {
    event.waitUntil(self.clients.claim().then(() => reply({ claimed: true })));
    return;
  }
  if (data.type !== 'keep' || !Array.isArray(data.urls)) return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const wanted = new Set();
      for (const raw of [...data.urls, ...(data.engine === true ? engineFiles : [])]) {
        try {
          const url = new URL(raw, scopeUrl);
          url.hash = '';
          if (url.origin === self.location.origin && url.pathname.startsWith(scopeUrl.pathname)) wanted.add(url.href);
        } catch {
          // not a URL: nothing to keep
        }
      }
      const failed = [];
      for (const url of wanted) {
        // A newer build's worker waits for this one to finish its work: make way for it.
        if (self.registration.installing || self.registration.waiting) break;
        if (await cache.match(url, { ignoreVary: true })) continue;
        await download(url, false).stored;
        if (!(await cache.match(url, { ignoreVary: true }))) failed.push(url);
      }
      reply({ cache: CACHE, kept: (await cache.keys()).length, failed });
    })(),
  );
});
