/**
 * The page's side of the book's service worker (`src/sw/heapbook-sw.js`, written by the build as
 * `<base>heapbook-sw.js`; "serviceWorker" in heapbook.config.json turns it off).
 *
 * - A page that is not cross-origin isolated (a host that sends no COOP/COEP headers) registers
 *   the worker at once and reloads when the worker controls it, so the reloaded page gets the
 *   headers from the worker. It reloads once per tab (a flag in sessionStorage): where isolation
 *   cannot be reached (a browser that ignores the worker's headers, storage refused) the page
 *   stays as it is and Stop restarts the engine, as the engine bar says. No reload loop.
 * - An isolated page (the host sends the headers, or the worker does) registers it after the load
 *   event, when the main thread is idle, so the first output is not delayed, and asks it to check
 *   for a new build; it serves for offline reading.
 * - Once the page's engines are up (and a few seconds have passed, so that a first Run's downloads
 *   come first), the page asks the worker to keep what it loaded before the worker controlled it,
 *   and, on a page with cells, the engines' files, which are in the browser's HTTP cache by then.
 *   When a new build's worker takes over an open page, the page asks it again.
 * - The page never unregisters the worker while the book uses it; with "serviceWorker": false it
 *   unregisters one that an earlier build installed, and deletes its caches.
 */

/** The worker's file name under the base path, or '' when the book was built without it. */
const FILE = (import.meta.env['HEAPBOOK_SERVICE_WORKER'] as string | undefined) ?? '';
const RELOADED = 'heapbook-isolation-reload';
const CACHE_PREFIX = 'heapbook-';
/** How long after the engines are up the page waits before asking the worker to keep their files. */
const KEEP_DELAY_MS = 3000;

const scope = () => new URL(import.meta.env.BASE_URL.replace(/\/?$/, '/'), location.href).href;

/** Whether this tab already reloaded once for isolation (storage that cannot be used counts as yes). */
function reloadedBefore(): boolean {
  try {
    return sessionStorage.getItem(RELOADED) !== null;
  } catch {
    return true;
  }
}

function reloadOnce(): void {
  if (reloadedBefore()) return;
  try {
    sessionStorage.setItem(RELOADED, new Date().toISOString());
  } catch {
    return;
  }
  location.reload();
}

const idle = () =>
  new Promise<void>((done) => {
    if ('requestIdleCallback' in window) requestIdleCallback(() => done(), { timeout: 2000 });
    else setTimeout(done, 0);
  });
const loaded = () =>
  new Promise<void>((done) => (document.readyState === 'complete' ? done() : addEventListener('load', () => done(), { once: true })));
const delay = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Drops the worker an earlier build installed, and its caches, when the book no longer has one. */
async function removeWorker(): Promise<void> {
  const registration = await navigator.serviceWorker.getRegistration(scope());
  const url = registration?.active?.scriptURL ?? registration?.waiting?.scriptURL ?? registration?.installing?.scriptURL ?? '';
  if (!registration || !new URL(url, location.href).pathname.endsWith('/heapbook-sw.js')) return;
  await registration.unregister();
  for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX)) await caches.delete(name);
}

/** Asks the worker to keep what this page loaded, and the engines' files on a page with cells. */
async function keepForOffline(engineFiles: boolean): Promise<void> {
  const registration = await navigator.serviceWorker.ready;
  const worker = navigator.serviceWorker.controller ?? registration.active;
  if (!worker) return;
  const urls = [location.href, ...performance.getEntriesByType('resource').map((entry) => entry.name)];
  worker.postMessage({ type: 'keep', urls, engine: engineFiles });
}

/**
 * Registers the worker as above. `enginesUp` resolves when the page's engines can take a cell (or
 * is null on a page without cells).
 */
export function startServiceWorker(enginesUp: (() => Promise<unknown>) | null): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  if (!FILE) {
    void loaded()
      .then(removeWorker)
      .catch(() => undefined);
    return;
  }
  const url = new URL(FILE, scope()).href;
  const register = () => navigator.serviceWorker.register(url, { scope: scope() });
  if (!crossOriginIsolated && !reloadedBefore()) {
    // The reload happens once the worker controls this page, which it claims when asked (the
    // worker claims no page by itself): on its first activation, or after a hard reload.
    navigator.serviceWorker.addEventListener('controllerchange', reloadOnce, { once: true });
    void register()
      .then(async (registration) => {
        if (navigator.serviceWorker.controller) return reloadOnce();
        await navigator.serviceWorker.ready;
        registration.active?.postMessage({ type: 'claim' });
      })
      .catch(() => undefined);
  } else {
    // Registering again is how a page learns of a new build: the browser's own check after a
    // navigation may wait, so the page asks for it (the worker's file is small and not cached).
    void loaded()
      .then(idle)
      .then(register)
      .then((registration) => (navigator.onLine ? registration.update() : undefined))
      .catch(() => undefined);
  }
  const saveData = (navigator as { connection?: { saveData?: boolean } }).connection?.saveData === true;
  if (saveData) return;
  const ready = () => loaded().then(() => (enginesUp ? enginesUp() : undefined));
  void ready()
    .then(() => delay(enginesUp ? KEEP_DELAY_MS : 0))
    .then(idle)
    .then(() => keepForOffline(enginesUp !== null))
    .catch(() => undefined);
  // A new build's worker took over while this page was open: it starts with an empty cache (the
  // old one is gone), so it is asked again to keep what this page uses.
  if (crossOriginIsolated || reloadedBefore()) {
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      void ready()
        .then(idle)
        .then(() => keepForOffline(enginesUp !== null))
        .catch(() => undefined);
    });
  }
}
